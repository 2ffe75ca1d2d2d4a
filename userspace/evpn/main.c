// SPDX-License-Identifier: GPL-2.0
/*
 * vxip-evpn [-c FILE] run | status [-j]
 *
 * Bridges GoBGP's EVPN RIB (gRPC API) and vxip devices.  See vxip-evpn(8).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evpn.h"

struct evpn_stats stats;
struct conf conf;
static volatile sig_atomic_t stop;

static const char *const bad_names[BAD_KINDS] = {
	[BAD_UNKNOWN_RT] = "unknown-rt", [BAD_UNCONF_VNI] = "unconfigured-vni",
	[BAD_NO_PMSI] = "no-pmsi", [BAD_LABEL0] = "label-0",
	[BAD_NH] = "bad-next-hop", [BAD_MAC] = "bad-mac",
	[BAD_NLRI] = "bad-nlri", [BAD_KERNEL] = "kernel-refused",
	[BAD_NH_FAMILY] = "next-hop-family",
};

const char *bad_kind_name(int k)
{
	return bad_names[k];
}

static void vlog(const char *fmt, va_list ap)
{
	fputs("vxip-evpn: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void last_error(const char *fmt, ...)
{
	va_list ap;
	unsigned int i = stats.n_last++ % 8;

	va_start(ap, fmt);
	vsnprintf(stats.last_errors[i], sizeof(stats.last_errors[i]), fmt, ap);
	va_end(ap);
}

/* One line per kind a minute; the rest only counted. */
void bad_input(enum bad_kind k, const char *fmt, ...)
{
	static time_t last[BAD_KINDS];
	static unsigned long hushed[BAD_KINDS];
	time_t now = time(NULL);
	char msg[256];
	va_list ap;

	stats.bad[k]++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (k != BAD_KERNEL)
		last_error("%s", msg);
	if (last[k] && now - last[k] < 60) {
		hushed[k]++;
		return;
	}
	last[k] = now;
	if (hushed[k])
		logmsg("bad route (%s): %s (and %lu more since)", bad_names[k], msg,
		       hushed[k]);
	else
		logmsg("bad route (%s): %s", bad_names[k], msg);
	hushed[k] = 0;
}

void fmt_mac(const uint8_t mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6 || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	/* Multicast and all-zero MACs are not stations. */
	if ((mac[0] & 1) || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return -1;
	return 0;
}

/* An IPv4 or IPv6 address in text: 0, or -1 if it is neither. */
int ipaddr_parse(const char *s, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (!s)
		return -1;
	if (inet_pton(AF_INET, s, &ip->v4) == 1)
		ip->af = AF_INET;
	else if (inet_pton(AF_INET6, s, &ip->v6) == 1)
		ip->af = AF_INET6;
	return ip->af ? 0 : -1;
}

bool ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->af != b->af)
		return false;
	if (a->af == AF_INET)
		return a->v4.s_addr == b->v4.s_addr;
	return a->af != AF_INET6 || IN6_ARE_ADDR_EQUAL(&a->v6, &b->v6);
}

/* @ip as text in @buf, or "" for none. */
const char *ipaddr_str(const struct ipaddr *ip, char *buf, size_t len)
{
	if (!ip->af || !inet_ntop(ip->af, &ip->v4, buf, len))
		return "";
	return buf;
}

/* The address's bytes: 4, 16, or 0 for none. */
size_t ipaddr_len(const struct ipaddr *ip)
{
	return ip->af == AF_INET ? 4 : ip->af == AF_INET6 ? 16 : 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Flush evpn's older generations, once per device. */
static void flush_old(void)
{
	struct vni_conf *v, *w;

	for (v = conf.vnis; v; v = v->next) {
		for (w = conf.vnis; w != v; w = w->next)
			if (w->ifindex == v->ifindex)
				break;
		if (w == v)
			vx_flush_old(v);
	}
}

/* Serve the status socket and the bridges' FDB events for @ms. */
static void wait_other(int ms)
{
	struct pollfd p[2] = {
		{ .fd = rtnl_fd(), .events = POLLIN },
		{ .fd = status_fd(), .events = POLLIN },
	};

	if (poll(p, 2, ms) <= 0)
		return;
	if (p[0].revents & POLLIN)
		rtnl_read();
	if (p[1].revents & POLLIN)
		status_serve();
}

/*
 * Each device's local addresses.  One of the VTEP's family is what remote
 * VTEPs see as the source of its packets, and must be the VTEP: if there
 * is none, the VTEP becomes it; a different one is the operator's choice,
 * and only warned about.
 */
static void setup_locals(void)
{
	char a[INET6_ADDRSTRLEN];
	struct ipaddr *l;
	struct vni_conf *v;

	for (v = conf.vnis; v; v = v->next) {
		if (vx_dev_locals(v))
			continue;
		l = conf.vtep.af == AF_INET ? &v->local4 : &v->local6;
		if (!l->af) {
			if (vx_dev_set_local(v, &conf.vtep))
				continue;
			logmsg("%s: local address set to the VTEP, %s", v->device,
			       conf.vtep_str);
			*l = conf.vtep;
		} else if (!ipaddr_eq(l, &conf.vtep)) {
			logmsg("%s: local address %s is not the VTEP %s; peers drop its packets",
			       v->device, ipaddr_str(l, a, sizeof(a)), conf.vtep_str);
		}
	}
}

static int connect_gobgp(bool first)
{
	char rid[64];
	uint32_t asn;

	if (gb_connect(conf.gobgp))
		return -1;
	if (gb_get_asn(&asn, rid, sizeof(rid))) {
		gb_disconnect();
		return -1;
	}
	if (stats.asn && asn != stats.asn)
		logmsg("gobgpd's ASN changed from %u to %u", stats.asn, asn);
	stats.asn = asn;
	if (conf_resolve(&conf, asn))
		return -2;
	setup_locals();
	if (conf.vtep.af == AF_INET6) {
		struct in_addr id;

		/* The RDs of the routes exported are ROUTER-ID:VNI. */
		if (inet_pton(AF_INET, rid, &id) == 1)
			inet_ntop(AF_INET, &id, conf.rd_admin, sizeof(conf.rd_admin));
		else
			logmsg("router id \"%s\" is not IPv4: GoBGP refuses the RDs exported",
			       rid);
	}
	if (!first) {
		/* Routes may have gone while gobgpd was away: resync. */
		vx_gen++;
		stats.gen = vx_gen;
		import_reset();
	}
	stats.table_events = 0;
	if (gb_watch_start()) {
		gb_disconnect();
		return -1;
	}
	logmsg("connected to gobgpd at %s (AS %u, router id %s), generation %u",
	       conf.gobgp, asn, rid, vx_gen);
	if (first) {
		export_type3_all();
		if (rtnl_dump())
			logmsg("cannot dump the bridges' FDB");
		export_sweep();
	} else {
		export_resync();
	}
	return 0;
}

static int run(void)
{
	bool connected = false, first = true, init_pending = false;
	int backoff = 500, err;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	err = conf_resolve(&conf, 0);
	if (err)
		return err;
	if (vx_open())
		return 1;
	vx_gen = vx_max_gen() + 1;
	stats.gen = vx_gen;
	if (rtnl_open() || status_listen(conf.file))
		return 1;
	logmsg("starting: generation %u, gobgpd at %s, VTEP %s", vx_gen,
	       conf.gobgp, conf.vtep_str);

	while (!stop) {
		if (!connected) {
			err = connect_gobgp(first);
			if (err == -2)
				return 2;
			if (err) {
				if (backoff == 500 || backoff >= 30000)
					logmsg("gobgpd at %s is not answering; retrying",
					       conf.gobgp);
				wait_other(backoff);
				backoff = backoff * 2 > 30000 ? 30000 : backoff * 2;
				continue;
			}
			connected = true;
			stats.connected = true;
			first = false;
			init_pending = true;
			backoff = 500;
		}
		err = gb_watch_poll(10);
		if (err < 0) {
			logmsg("lost gobgpd; the kernel keeps its state meanwhile");
			gb_disconnect();
			connected = false;
			stats.connected = false;
			stats.reconnects++;
			continue;
		}
		if (init_pending && stats.table_events) {
			init_pending = false;
			flush_old();
			logmsg("initial import done: %lu paths; older generations flushed",
			       import_count());
		}
		wait_other(0);
	}
	logmsg("stopping; the kernel keeps what was programmed");
	gb_disconnect();
	vx_close();
	return 0;
}

static int print_usage(void)
{
	fprintf(stderr, "usage: vxip-evpn [-c FILE] run\n"
			"       vxip-evpn [-c FILE] status [-j]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *file = EVPN_CONF_DEFAULT;
	int ret, i = 1;

	if (i + 1 < argc && !strcmp(argv[i], "-c")) {
		file = argv[i + 1];
		i += 2;
	}
	if (i >= argc)
		return print_usage();
	if (!strcmp(argv[i], "run") && i + 1 == argc) {
		ret = conf_load(&conf, file);
		if (!ret)
			ret = run();
		conf_free(&conf);
		return ret;
	}
	if (!strcmp(argv[i], "status")) {
		bool json = false;

		if (i + 1 < argc) {
			if (i + 2 != argc || strcmp(argv[i + 1], "-j"))
				return print_usage();
			json = true;
		}
		return status_query(file, json);
	}
	return print_usage();
}
