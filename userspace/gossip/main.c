// SPDX-License-Identifier: GPL-2.0
/*
 * vxip-gossip: programs a vxip device from a Serf cluster.  Each node
 * publishes its VTEP, pod CIDRs, encap, VNI and MAC as Serf tags; every
 * other node turns them into a peer claim and routes owned by "gossip".
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <jansson.h>

#include "gossip.h"

/*
 * The start-up resync programs what the agent knows then; the sweep of
 * older generations waits for the next one, a few seconds on, when the
 * join's push/pull has brought every member in.
 */
#define FIRST_FLUSH_SECS	5
#define MAX_MEMBERS	1024

static const char *const stream_filter =
	"member-join,member-leave,member-failed,member-update,member-reap";

/* A member as vxip-gossip sees it. */
struct member {
	char name[GOSSIP_NAME_MAX];
	char status[16];
	bool present;		/* alive, or leaving (Serf's stuck state) */
	char sig[1024];		/* its tags, to notice a change */
	bool valid;
	char why[160];		/* why it is not (fully) programmed */
	struct ipaddr vtep;
	struct prefix cidr[GOSSIP_MAX_CIDRS];
	bool cidr_ok[GOSSIP_MAX_CIDRS];	/* routed to it */
	unsigned int n_cidr;
	enum gossip_encap encap;	/* its tag */
	enum gossip_encap use;		/* what we send it in */
	uint32_t vni;
	uint8_t mac[6];
	char podcidr_text[256];
};

struct state {
	struct config cfg;
	struct member *m;
	unsigned int n;
	uint32_t gen;
	bool synced;		/* the first resync is done */
	struct prefix subnet;	/* the local underlay subnet */
	/* What is programmed: routes, and the peers they use. */
	struct kroute *routes;
	unsigned int n_routes;
	struct ipaddr *peers;
	enum gossip_encap *peer_encap;
	unsigned int n_peers;
};

/* status prints a table; the decisions it retraces are not news there. */
static bool quiet;

void logmsg(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	fputs("vxip-gossip: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int print_usage(void)
{
	fputs("usage: vxip-gossip [-c FILE] up\n"
	      "       vxip-gossip [-c FILE] leave\n"
	      "       vxip-gossip [-c FILE] status [-j]\n"
	      "FILE defaults to /etc/vxip/gossip.conf\n", stderr);
	return 2;
}

/* ---- members ---------------------------------------------------------- */

static struct member *member_get(struct state *s, const char *name, bool add)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->m[i].name, name))
			return &s->m[i];
	if (!add || s->n == MAX_MEMBERS)
		return NULL;
	memset(&s->m[s->n], 0, sizeof(s->m[0]));
	snprintf(s->m[s->n].name, sizeof(s->m[0].name), "%s", name);
	return &s->m[s->n++];
}

/* The tags, sorted by key, as one string: equal tags, equal string. */
static void tag_sig(const struct serf_member *sm, char *buf, size_t len)
{
	const struct serf_tag *t[SERF_MAX_TAGS];
	unsigned int i, j;
	size_t off = 0;

	for (i = 0; i < sm->n_tags; i++)
		t[i] = &sm->tags[i];
	for (i = 1; i < sm->n_tags; i++)
		for (j = i; j > 0 && strcmp(t[j - 1]->key, t[j]->key) > 0; j--) {
			const struct serf_tag *x = t[j];

			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	buf[0] = '\0';
	for (i = 0; i < sm->n_tags && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s=%s;",
					t[i]->key, t[i]->val);
}

static bool same_subnet(const struct state *s, const struct ipaddr *a)
{
	struct prefix host = { .family = a->family };

	host.plen = a->family == AF_INET ? 32 : 128;
	memcpy(host.addr, a->addr, sizeof(host.addr));
	return prefix_contains(&s->subnet, &host);
}

/* Check every tag; fill @m's fields, or say why not in m->why. */
static bool member_parse(struct state *s, struct member *m,
			 const struct serf_member *sm)
{
	char a[INET6_ADDRSTRLEN];
	const char *v;

	m->why[0] = '\0';
	if (sm->too_many_tags) {
		snprintf(m->why, sizeof(m->why), "too many tags");
		return false;
	}
	v = serf_tag(sm, "vtep");
	if (!v || parse_vtep(v, &m->vtep)) {
		snprintf(m->why, sizeof(m->why), "bad vtep tag \"%s\"", v ? v : "");
		return false;
	}
	/*
	 * The device sends from the local address of our VTEP's family;
	 * whether the underlay also carries the other family, we can't tell.
	 */
	if (m->vtep.family != s->cfg.vtep.family) {
		fmt_addr(&m->vtep, a, sizeof(a));
		snprintf(m->why, sizeof(m->why),
			 "vtep %s is %s, this node's is %s", a,
			 family_str(m->vtep.family),
			 family_str(s->cfg.vtep.family));
		return false;
	}
	v = serf_tag(sm, "podcidr");
	if (!v || parse_prefix_list(v, m->cidr, GOSSIP_MAX_CIDRS, &m->n_cidr)) {
		snprintf(m->why, sizeof(m->why), "bad podcidr tag \"%s\"", v ? v : "");
		m->n_cidr = 0;
		return false;
	}
	snprintf(m->podcidr_text, sizeof(m->podcidr_text), "%s", v);
	v = serf_tag(sm, "encap");
	if (!v || parse_encap(v, &m->encap)) {
		snprintf(m->why, sizeof(m->why), "bad encap tag \"%s\"", v ? v : "");
		return false;
	}
	v = serf_tag(sm, "vni");
	if (!v || parse_vni(v, &m->vni)) {
		snprintf(m->why, sizeof(m->why), "bad vni tag \"%s\"", v ? v : "");
		return false;
	}
	v = serf_tag(sm, "mac");
	if (!v || parse_mac(v, m->mac)) {
		snprintf(m->why, sizeof(m->why), "bad mac tag \"%s\"", v ? v : "");
		return false;
	}
	m->use = m->encap;
	if (m->encap == ENCAP_AUTO)
		m->use = same_subnet(s, &m->vtep) ? ENCAP_IPIP : ENCAP_VXLAN;
	return true;
}

/* A member's news: join/update (present) or leave/failed/reap. */
static void member_update(struct state *s, const struct serf_member *sm,
			  bool present)
{
	struct member *m = member_get(s, sm->name, present);
	char sig[sizeof(m->sig)];

	if (!m)
		return;
	snprintf(m->status, sizeof(m->status), "%s", sm->status);
	if (!present) {
		if (m->present)
			logmsg("member %s is gone (%s)", m->name, sm->status);
		m->present = false;
		m->sig[0] = '\0';
		return;
	}
	tag_sig(sm, sig, sizeof(sig));
	if (m->present && !strcmp(sig, m->sig))
		return;		/* a repeated member-update */
	if (!m->present)
		logmsg("member %s is alive", m->name);
	m->present = true;
	strcpy(m->sig, sig);
	if (!strcmp(m->name, s->cfg.name)) {
		m->valid = false;
		return;
	}
	m->valid = member_parse(s, m, sm);
	if (!m->valid)
		logmsg("member %s not programmed: %s", m->name, m->why);
}

/* ---- what should be programmed ---------------------------------------- */

/* The live member sorting first before @m that claims an overlap of @p. */
static const struct member *overlap_winner(const struct state *s,
					   const struct member *m,
					   const struct prefix *p)
{
	const struct member *best = NULL;
	unsigned int i, j;

	for (i = 0; i < s->n; i++) {
		const struct member *o = &s->m[i];

		if (o == m || !o->present || !o->valid ||
		    strcmp(o->name, m->name) >= 0 ||
		    (best && strcmp(o->name, best->name) >= 0))
			continue;
		for (j = 0; j < o->n_cidr; j++)
			if (prefix_overlap(&o->cidr[j], p))
				best = o;
	}
	return best;
}

/* Decide, for every member's CIDR, whether it is routed. */
static void compute(struct state *s)
{
	unsigned int i, j, k;

	for (i = 0; i < s->n; i++) {
		struct member *m = &s->m[i];

		for (j = 0; j < m->n_cidr; j++) {
			const struct member *w;
			bool ok = m->present && m->valid;
			char p[64];

			if (!ok) {
				m->cidr_ok[j] = false;
				continue;
			}
			fmt_prefix(&m->cidr[j], p, sizeof(p));
			for (k = 0; k < s->cfg.n_podcidr; k++)
				if (prefix_overlap(&s->cfg.podcidr[k], &m->cidr[j]))
					ok = false;
			if (!ok) {
				if (m->cidr_ok[j] || !strstr(m->why, p)) {
					snprintf(m->why, sizeof(m->why),
						 "%s overlaps this node's podcidr", p);
					logmsg("member %s: %s", m->name, m->why);
				}
				m->cidr_ok[j] = false;
				continue;
			}
			w = overlap_winner(s, m, &m->cidr[j]);
			if (w) {
				if (m->cidr_ok[j] || !strstr(m->why, p)) {
					snprintf(m->why, sizeof(m->why),
						 "%s overlaps %s's, which wins", p,
						 w->name);
					logmsg("member %s: %s", m->name, m->why);
				}
				m->cidr_ok[j] = false;
				continue;
			}
			m->cidr_ok[j] = true;
		}
	}
}

static bool route_same(const struct kroute *a, const struct kroute *b)
{
	return a->dst.family == b->dst.family && a->dst.plen == b->dst.plen &&
	       !memcmp(a->dst.addr, b->dst.addr, sizeof(a->dst.addr)) &&
	       addr_same(&a->peer, &b->peer) && a->encap == b->encap &&
	       (a->encap != ENCAP_VXLAN ||
		(a->vni == b->vni && !memcmp(a->rmac, b->rmac, 6)));
}

static bool prefix_same(const struct prefix *a, const struct prefix *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/*
 * Make the kernel match the members: peers first, then routes; routes
 * that go, then peers that go.  @force programs everything again, with
 * the current generation (a resync).  Without it, only changes go out:
 * Serf repeats member-update, and a repeat costs nothing.  Returns how
 * many requests the kernel acknowledged.
 */
static unsigned int apply(struct state *s, bool force)
{
	struct kroute *want = calloc(s->n * GOSSIP_MAX_CIDRS + 1, sizeof(*want));
	struct ipaddr *wp = calloc(s->n + 1, sizeof(*wp));
	enum gossip_encap *we = calloc(s->n + 1, sizeof(*we));
	unsigned int nw = 0, nwp = 0, i, j, k;
	const char *dev = s->cfg.device;
	unsigned int done = 0;
	char p[64], a[INET6_ADDRSTRLEN];
	int err;

	if (!want || !wp || !we) {
		logmsg("out of memory");
		exit(1);
	}
	compute(s);
	for (i = 0; i < s->n; i++) {
		struct member *m = &s->m[i];
		bool any = false;

		for (j = 0; j < m->n_cidr; j++) {
			struct kroute *r = &want[nw];

			if (!m->cidr_ok[j])
				continue;
			r->dst = m->cidr[j];
			r->peer = m->vtep;
			r->encap = m->use;
			r->vni = m->vni;
			memcpy(r->rmac, m->mac, 6);
			nw++;
			any = true;
		}
		if (!any)
			continue;
		for (k = 0; k < nwp; k++)
			if (addr_same(&wp[k], &m->vtep))
				break;
		if (k == nwp) {
			wp[nwp] = m->vtep;
			we[nwp++] = m->use;
		}
	}

	for (k = 0; k < nwp; k++) {
		for (j = 0; j < s->n_peers && !force; j++)
			if (addr_same(&s->peers[j], &wp[k]) &&
			    s->peer_encap[j] == we[k])
				break;
		if (!force && j < s->n_peers)
			continue;
		err = kern_peer_claim(dev, &wp[k], we[k], s->gen);
		fmt_addr(&wp[k], a, sizeof(a));
		if (err)
			logmsg("peer %s: %s", a, kern_strerror(err));
		done += !err;
	}
	for (i = 0; i < nw; i++) {
		for (j = 0; j < s->n_routes && !force; j++)
			if (route_same(&s->routes[j], &want[i]))
				break;
		if (!force && j < s->n_routes)
			continue;
		err = kern_route_add(dev, &want[i], s->gen);
		fmt_prefix(&want[i].dst, p, sizeof(p));
		fmt_addr(&want[i].peer, a, sizeof(a));
		if (err)
			logmsg("route %s via %s: %s", p, a, kern_strerror(err));
		else if (!force)
			logmsg("route %s via %s %s", p, a,
			       encap_str(want[i].encap));
		done += !err;
	}
	for (j = 0; j < s->n_routes; j++) {
		for (i = 0; i < nw; i++)
			if (prefix_same(&s->routes[j].dst, &want[i].dst))
				break;
		if (i < nw)
			continue;
		fmt_prefix(&s->routes[j].dst, p, sizeof(p));
		err = kern_route_del(dev, &s->routes[j].dst);
		if (err)
			logmsg("route %s: delete: %s", p, kern_strerror(err));
		else
			logmsg("route %s removed", p);
		done += !err;
	}
	for (j = 0; j < s->n_peers; j++) {
		for (k = 0; k < nwp; k++)
			if (addr_same(&s->peers[j], &wp[k]))
				break;
		if (k < nwp)
			continue;
		err = kern_peer_unclaim(dev, &s->peers[j]);
		fmt_addr(&s->peers[j], a, sizeof(a));
		if (err)
			logmsg("peer %s: release: %s", a, kern_strerror(err));
		else
			logmsg("peer %s released", a);
		done += !err;
	}
	free(s->routes);
	free(s->peers);
	free(s->peer_encap);
	s->routes = want;
	s->n_routes = nw;
	s->peers = wp;
	s->peer_encap = we;
	s->n_peers = nwp;
	return done;
}

/* ---- Serf ------------------------------------------------------------- */

static bool status_present(const char *status)
{
	/* "leaving" may be Serf's stuck state after a quick rejoin. */
	return !strcmp(status, "alive") || !strcmp(status, "leaving");
}

static void on_event(void *data, const char *event,
		     const struct serf_member *m, unsigned int n)
{
	struct state *s = data;
	bool up = !strcmp(event, "member-join") ||
		  !strcmp(event, "member-update");
	struct timespec at, t0, t1;
	unsigned int i, done;
	char names[256];
	size_t off;

	clock_gettime(CLOCK_REALTIME, &at);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/*
	 * Serf re-sends a member's last member-update with every later
	 * flush (hashicorp/serf#555), also once it has left or failed: its
	 * status, not the event, says whether it is there.
	 */
	for (i = 0; i < n; i++)
		member_update(s, &m[i], up && status_present(m[i].status));
	done = apply(s, false);
	if (!done || !n)
		return;
	/* When Serf told us, and what vxip-gossip added to that. */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (i = 0, off = 0; i < n && off < sizeof(names); i++)
		off += snprintf(names + off, sizeof(names) - off, "%s%s",
				i ? "," : "", m[i].name);
	logmsg("%s %s at %lld.%06ld: %u kernel changes in %.1f ms", event,
	       names, (long long)at.tv_sec, at.tv_nsec / 1000, done,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
}

/* New generation, all members, program everything, sweep the rest. */
static int resync(struct state *s, struct serf_rpc *rpc, bool flush)
{
	struct serf_member *sm;
	unsigned int n, i, j;
	int err;

	err = serf_members(rpc, &sm, &n);
	if (err) {
		logmsg("members: %s", serf_errmsg);
		return err;
	}
	s->gen++;
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < n; j++)
			if (!strcmp(sm[j].name, s->m[i].name))
				break;
		if (j == n && s->m[i].present) {
			struct serf_member gone = { 0 };

			snprintf(gone.name, sizeof(gone.name), "%s", s->m[i].name);
			strcpy(gone.status, "reaped");
			member_update(s, &gone, false);
		}
	}
	for (j = 0; j < n; j++)
		member_update(s, &sm[j], status_present(sm[j].status));
	free(sm);
	apply(s, true);
	if (flush) {
		err = kern_flush(s->cfg.device, true, s->gen);
		if (err)
			logmsg("flush below gen %u: %s", s->gen, kern_strerror(err));
	}
	if (!s->synced)
		logmsg("generation %u: %u members, %u routes, %u peers", s->gen,
		       n, s->n_routes, s->n_peers);
	s->synced = true;
	return 0;
}

/* The bits set from the top of a netmask: its prefix length. */
static unsigned int mask_plen(const uint8_t *mask, unsigned int bytes)
{
	unsigned int i, plen = 0;
	uint8_t b;

	for (i = 0; i < bytes; i++)
		for (b = mask[i]; b & 0x80; b <<= 1)
			plen++;
	return plen;
}

/*
 * The subnet of the interface address that is our VTEP, for encap auto.
 * Without one (not configured yet), the VTEP alone.
 */
static void local_subnet(struct state *s)
{
	const struct ipaddr *v = &s->cfg.vtep;
	struct ifaddrs *ifa, *i;

	memset(&s->subnet, 0, sizeof(s->subnet));
	s->subnet.family = v->family;
	s->subnet.plen = v->family == AF_INET ? 32 : 128;
	memcpy(s->subnet.addr, v->addr, sizeof(s->subnet.addr));
	if (getifaddrs(&ifa))
		return;
	for (i = ifa; i; i = i->ifa_next) {
		const struct sockaddr_in6 *a6 = (void *)i->ifa_addr;
		const struct sockaddr_in6 *m6 = (void *)i->ifa_netmask;
		const struct sockaddr_in *a4 = (void *)i->ifa_addr;
		const struct sockaddr_in *m4 = (void *)i->ifa_netmask;

		if (!i->ifa_addr || !i->ifa_netmask ||
		    i->ifa_addr->sa_family != v->family)
			continue;
		if (v->family == AF_INET &&
		    !memcmp(&a4->sin_addr, v->addr, 4)) {
			s->subnet.plen = (uint8_t)mask_plen((const uint8_t *)&m4->sin_addr, 4);
		} else if (v->family == AF_INET6 &&
			   !memcmp(&a6->sin6_addr, v->addr, 16)) {
			s->subnet.plen = (uint8_t)mask_plen(m6->sin6_addr.s6_addr, 16);
		} else {
			continue;
		}
		mask_prefix(&s->subnet);
	}
	freeifaddrs(ifa);
}

static int mkdirs(const char *path)
{
	char buf[512], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

/* The agent's config, next to its snapshot, readable by root alone. */
static int write_agent_config(const struct state *s, const uint8_t mac[6],
			      char *path, size_t len)
{
	const struct config *c = &s->cfg;
	json_t *o = json_object(), *tags = json_object(), *join = json_array();
	char buf[64], vtep[INET6_ADDRSTRLEN];
	unsigned int i;
	int fd, err = 0;
	FILE *f;

	snprintf(path, len, "%s.agent.json", c->snapshot);
	if (mkdirs(path))
		return -errno;
	fmt_addr(&c->vtep, vtep, sizeof(vtep));
	json_object_set_new(o, "node_name", json_string(c->name));
	json_object_set_new(o, "bind", json_string(c->bind));
	json_object_set_new(o, "rpc_addr", json_string(c->rpc));
	json_object_set_new(o, "profile", json_string("lan"));
	json_object_set_new(o, "log_level", json_string("warn"));
	json_object_set_new(tags, "vtep", json_string(vtep));
	json_object_set_new(tags, "podcidr", json_string(c->podcidr_text));
	json_object_set_new(tags, "encap", json_string(encap_str(c->encap)));
	snprintf(buf, sizeof(buf), "%u", c->vni);
	json_object_set_new(tags, "vni", json_string(buf));
	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	json_object_set_new(tags, "mac", json_string(buf));
	json_object_set_new(o, "tags", tags);
	for (i = 0; i < c->n_join; i++)
		json_array_append_new(join, json_string(c->join[i]));
	json_object_set_new(o, "retry_join", join);
	json_object_set_new(o, "retry_interval", json_string("1s"));
	json_object_set_new(o, "snapshot_path", json_string(c->snapshot));
	json_object_set_new(o, "rejoin_after_leave", json_true());
	json_object_set_new(o, "leave_on_terminate", json_false());
	json_object_set_new(o, "skip_leave_on_interrupt", json_true());
	if (c->encrypt_key[0])
		json_object_set_new(o, "encrypt_key", json_string(c->encrypt_key));

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f || json_dumpf(o, f, JSON_INDENT(2)) || fclose(f))
		err = -errno ? -errno : -EIO;
	json_decref(o);
	return err;
}

static pid_t start_agent(const char *conf)
{
	const char *serf = getenv("VXIP_GOSSIP_SERF");
	pid_t parent = getpid(), pid;

	if (!serf)
		serf = "serf";
	pid = fork();
	if (pid)
		return pid;
	/* The agent dies with us, and without a graceful leave. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	execlp(serf, serf, "agent", "-config-file", conf, (char *)NULL);
	fprintf(stderr, "vxip-gossip: cannot run %s: %s\n", serf, strerror(errno));
	_exit(127);
}

/*
 * Is the agent at the RPC address ours?  Serf's packaged serf.service
 * listens on the same default port; its members would be someone else's.
 */
static int check_agent(struct state *s, struct serf_rpc *rpc)
{
	char vtep[INET6_ADDRSTRLEN];
	struct serf_member *sm;
	unsigned int n, i;
	const char *v;
	int ok = -ENOENT;

	if (serf_members(rpc, &sm, &n)) {
		logmsg("members: %s", serf_errmsg);
		return -EIO;
	}
	fmt_addr(&s->cfg.vtep, vtep, sizeof(vtep));
	for (i = 0; i < n; i++) {
		v = serf_tag(&sm[i], "vtep");
		if (!strcmp(sm[i].name, s->cfg.name) && v && !strcmp(v, vtep))
			ok = 0;
	}
	free(sm);
	if (ok)
		logmsg("the agent at %s is not ours (node %s, vtep %s): %s",
		       s->cfg.rpc, s->cfg.name, vtep,
		       "is serf.service running on that port?");
	return ok;
}

/* Wait for the first join (the seeds' push/pull), for up to 3 s. */
static void wait_join(struct state *s, struct serf_rpc *rpc)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	struct serf_member *sm;
	unsigned int n, i, alive;
	int tries;

	if (!s->cfg.n_join)
		return;
	for (tries = 0; tries < 30; tries++) {
		if (serf_members(rpc, &sm, &n))
			return;
		for (i = 0, alive = 0; i < n; i++)
			alive += status_present(sm[i].status);
		free(sm);
		if (alive > 1)
			return;
		nanosleep(&ts, NULL);
	}
}

static int cmd_up(struct state *s)
{
	struct serf_rpc rpc, stream;
	struct itimerspec its = {
		.it_interval.tv_sec = s->cfg.resync_secs,
		.it_value.tv_sec = FIRST_FLUSH_SECS,
	};
	char conf[300];
	uint8_t mac[6] = { 0 };
	sigset_t mask;
	int sfd, tfd, err, status;
	pid_t agent;

	err = kern_open();
	if (err) {
		logmsg("%s", kern_strerror(err));
		return 1;
	}
	if (kern_setup_device(&s->cfg, mac) || kern_cluster_route(&s->cfg))
		return 1;
	local_subnet(s);
	err = kern_max_gen(s->cfg.device, &s->gen);
	if (err)
		logmsg("cannot read the current generation: %s", kern_strerror(err));
	err = write_agent_config(s, mac, conf, sizeof(conf));
	if (err) {
		logmsg("cannot write %s: %s", conf, strerror(-err));
		return 1;
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	agent = start_agent(conf);
	if (agent < 0 || sfd < 0) {
		logmsg("cannot start the agent: %s", strerror(errno));
		return 1;
	}
	if (serf_connect(&stream, s->cfg.rpc, 20000) ||
	    serf_stream(&stream, stream_filter) ||
	    serf_connect(&rpc, s->cfg.rpc, 5000)) {
		logmsg("%s", serf_errmsg);
		kill(agent, SIGKILL);
		return 1;
	}
	if (check_agent(s, &rpc)) {
		kill(agent, SIGKILL);
		return 1;
	}
	logmsg("node %s: agent %d up, generation %u", s->cfg.name, (int)agent,
	       s->gen + 1);
	wait_join(s, &rpc);
	resync(s, &rpc, false);

	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	timerfd_settime(tfd, 0, &its, NULL);
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = tfd, .events = POLLIN },
			{ .fd = stream.fd, .events = POLLIN },
		};

		if (poll(pfd, stream.fd >= 0 ? 3 : 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (pfd[2].revents) {
			err = serf_stream_read(&stream, on_event, s);
			if (err) {
				/* The agent is going: its exit says how. */
				serf_close(&stream);
				stream.fd = -1;
			}
		}
		if (pfd[1].revents & POLLIN) {
			uint64_t ticks;

			if (read(tfd, &ticks, sizeof(ticks)) > 0 && stream.fd >= 0)
				resync(s, &rpc, true);
		}
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo != SIGCHLD) {
				/* A stop, not a leave: the kernel keeps it all. */
				logmsg("signal %u: stopping, routes kept", si.ssi_signo);
				kill(agent, SIGKILL);
				waitpid(agent, NULL, 0);
				return 0;
			}
			if (waitpid(agent, &status, WNOHANG) != agent)
				continue;
			if (WIFEXITED(status) && !WEXITSTATUS(status)) {
				err = kern_flush(s->cfg.device, false, 0);
				if (err) {
					logmsg("left the cluster; flush: %s",
					       kern_strerror(err));
					return 1;
				}
				logmsg("left the cluster; gossip entries removed");
				return 0;
			}
			logmsg("the agent died (status %#x); routes kept", status);
			return 1;
		}
	}
}

static int cmd_leave(struct state *s)
{
	struct serf_rpc rpc;

	if (serf_connect(&rpc, s->cfg.rpc, 0) || serf_leave(&rpc)) {
		logmsg("leave: %s", serf_errmsg);
		return 1;
	}
	serf_close(&rpc);
	return 0;
}

/* Members as vxip sees them: their tags, and whether they are routed. */
static int cmd_status(struct state *s, bool json)
{
	json_t *arr = json_array();
	struct serf_member *sm;
	struct serf_rpc rpc;
	unsigned int n, i, j;
	int err;

	if (serf_connect(&rpc, s->cfg.rpc, 0) || serf_members(&rpc, &sm, &n)) {
		logmsg("status: %s", serf_errmsg);
		return 1;
	}
	err = kern_open();
	if (err)
		logmsg("%s", kern_strerror(err));
	quiet = true;
	local_subnet(s);
	for (i = 0; i < n; i++)
		member_update(s, &sm[i], status_present(sm[i].status));
	compute(s);
	for (i = 0; i < s->n; i++) {
		struct member *m = &s->m[i];
		const char *why = m->why;
		bool self = !strcmp(m->name, s->cfg.name), prog = !self && m->valid;
		const char *vtep = "", *pod = "", *encap = "";
		char used[16] = "", vbuf[INET6_ADDRSTRLEN];
		struct ipaddr va;

		for (j = 0; j < n; j++) {
			if (strcmp(sm[j].name, m->name))
				continue;
			vtep = serf_tag(&sm[j], "vtep") ? : "";
			pod = serf_tag(&sm[j], "podcidr") ? : "";
			encap = serf_tag(&sm[j], "encap") ? : "";
		}
		/* A valid VTEP in its usual form; a bad one as it came. */
		if (!parse_vtep(vtep, &va)) {
			fmt_addr(&va, vbuf, sizeof(vbuf));
			vtep = vbuf;
		}
		if (self)
			why = "this node";
		else if (!m->present)
			why = m->status;
		for (j = 0; prog && j < m->n_cidr; j++) {
			struct ipaddr peer;

			if (!m->cidr_ok[j]) {
				prog = false;
				continue;
			}
			if (err || kern_route_lookup(s->cfg.device, &m->cidr[j], &peer) != 1 ||
			    !addr_same(&peer, &m->vtep)) {
				prog = false;
				why = "not in the kernel";
			}
		}
		prog = prog && m->present;
		if (m->valid)
			snprintf(used, sizeof(used), "%s", encap_str(m->use));
		if (json) {
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(m->name));
			json_object_set_new(o, "vtep", json_string(vtep));
			json_object_set_new(o, "podcidr", json_string(pod));
			json_object_set_new(o, "encap", json_string(encap));
			if (used[0])
				json_object_set_new(o, "use", json_string(used));
			json_object_set_new(o, "state", json_string(m->status));
			json_object_set_new(o, "programmed", json_boolean(prog));
			if (!prog)
				json_object_set_new(o, "why", json_string(why));
			json_array_append_new(arr, o);
		} else {
			printf("%s vtep %s podcidr %s encap %s%s%s state %s %s%s%s\n",
			       m->name, vtep, pod, encap, used[0] ? " use " : "",
			       used, m->status, prog ? "programmed" : "not-programmed",
			       prog ? "" : ": ", prog ? "" : why);
		}
	}
	if (json) {
		json_dumpf(arr, stdout, JSON_COMPACT);
		putchar('\n');
	}
	json_decref(arr);
	free(sm);
	serf_close(&rpc);
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = "/etc/vxip/gossip.conf";
	struct state s = { 0 };
	int opt, err;

	while ((opt = getopt(argc, argv, "+c:h")) != -1) {
		switch (opt) {
		case 'c':
			path = optarg;
			break;
		default:
			return print_usage();
		}
	}
	if (optind >= argc)
		return print_usage();
	err = config_load(&s.cfg, path);
	if (err)
		return err;
	s.m = calloc(MAX_MEMBERS, sizeof(*s.m));
	if (!s.m)
		return 1;
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (!strcmp(argv[optind], "up") && argc == optind + 1)
		return cmd_up(&s);
	if (!strcmp(argv[optind], "leave") && argc == optind + 1)
		return cmd_leave(&s);
	if (!strcmp(argv[optind], "status")) {
		if (argc == optind + 1)
			return cmd_status(&s, false);
		if (argc == optind + 2 && !strcmp(argv[optind + 1], "-j"))
			return cmd_status(&s, true);
	}
	return print_usage();
}
