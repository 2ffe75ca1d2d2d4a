// SPDX-License-Identifier: GPL-2.0
/* vxip-gossip: the INI config (libinih), every value checked. */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ini.h>

#include <linux/vxip.h>

#include "gossip.h"

/* Keys seen, to refuse duplicates. */
enum key {
	K_NAME, K_DEVICE, K_VTEP, K_PODCIDR, K_CLUSTER, K_ENCAP, K_VNI,
	K_BIND, K_RPC, K_JOIN, K_KEY, K_SNAPSHOT, K_RESYNC, K_MAX
};

static const struct {
	const char *section, *name;
} keys[K_MAX] = {
	[K_NAME] = { "node", "name" },
	[K_DEVICE] = { "node", "device" },
	[K_VTEP] = { "node", "vtep" },
	[K_PODCIDR] = { "node", "podcidr" },
	[K_CLUSTER] = { "node", "cluster-cidr" },
	[K_ENCAP] = { "node", "encap" },
	[K_VNI] = { "node", "vni" },
	[K_BIND] = { "serf", "bind" },
	[K_RPC] = { "serf", "rpc" },
	[K_JOIN] = { "serf", "join" },
	[K_KEY] = { "serf", "encrypt-key" },
	[K_SNAPSHOT] = { "serf", "snapshot" },
	[K_RESYNC] = { "serf", "resync-interval" },
};

struct parse_state {
	struct config *cfg;
	bool seen[K_MAX];
	char err[256];
};

void mask_prefix(struct prefix *p)
{
	unsigned int bytes = p->family == AF_INET ? 4 : 16, i;

	for (i = 0; i < bytes; i++) {
		int bits = (int)p->plen - (int)i * 8;

		if (bits >= 8)
			continue;
		p->addr[i] &= bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
	}
}

/* "ADDR/PLEN", a network address (host bits zero). */
int parse_prefix(const char *s, struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	struct prefix q;
	unsigned long plen;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash || !slash[1])
		return -EINVAL;
	*slash = '\0';
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = AF_INET6;
	else
		return -EINVAL;
	if (!isdigit((unsigned char)slash[1]))
		return -EINVAL;
	errno = 0;
	plen = strtoul(slash + 1, &end, 10);
	if (errno || *end || plen > (p->family == AF_INET ? 32U : 128U))
		return -EINVAL;
	p->plen = (uint8_t)plen;
	q = *p;
	mask_prefix(&q);
	if (memcmp(q.addr, p->addr, sizeof(q.addr)))
		return -EINVAL;	/* host bits set */
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* A comma-separated list of prefixes, at least one, no duplicates. */
int parse_prefix_list(const char *s, struct prefix *out, unsigned int max,
		      unsigned int *n)
{
	char buf[1024], *tok, *save = NULL;
	unsigned int i;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	*n = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (*n == max || parse_prefix(tok, &out[*n]))
			return -EINVAL;
		for (i = 0; i < *n; i++)
			if (prefix_overlap(&out[i], &out[*n]))
				return -EINVAL;
		(*n)++;
	}
	return *n ? 0 : -EINVAL;
}

int parse_encap(const char *s, enum gossip_encap *e)
{
	if (!strcmp(s, "vxlan"))
		*e = ENCAP_VXLAN;
	else if (!strcmp(s, "ipip"))
		*e = ENCAP_IPIP;
	else if (!strcmp(s, "auto"))
		*e = ENCAP_AUTO;
	else
		return -EINVAL;
	return 0;
}

const char *encap_str(enum gossip_encap e)
{
	return e == ENCAP_VXLAN ? "vxlan" : e == ENCAP_IPIP ? "ipip" : "auto";
}

/* Decimal, 0..VXIP_VNI_MAX. */
int parse_vni(const char *s, uint32_t *vni)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s) || strlen(s) > 8)
		return -EINVAL;
	v = strtoul(s, &end, 10);
	if (*end || v > VXIP_VNI_MAX)
		return -EINVAL;
	*vni = (uint32_t)v;
	return 0;
}

/* Whole seconds, 1 to @max. */
static int parse_seconds(const char *s, unsigned int max, unsigned int *secs)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s) || strlen(s) > 6)
		return -EINVAL;
	v = strtoul(s, &end, 10);
	if (*end || !v || v > max)
		return -EINVAL;
	*secs = (unsigned int)v;
	return 0;
}

/* xx:xx:xx:xx:xx:xx, unicast, not zero. */
int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6], i;
	char tail;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &tail) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[i * 3]) ||
		    !isxdigit((unsigned char)s[i * 3 + 1]))
			return -EINVAL;
		mac[i] = (uint8_t)b[i];
	}
	if (mac[0] & 1)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		if (mac[i])
			return 0;
	return -EINVAL;
}

/* Does @a contain @b (same family, a's bits a prefix of b's)? */
bool prefix_contains(const struct prefix *a, const struct prefix *b)
{
	struct prefix q;

	if (a->family != b->family || a->plen > b->plen)
		return false;
	q = *b;
	q.plen = a->plen;
	mask_prefix(&q);
	return !memcmp(q.addr, a->addr, sizeof(q.addr));
}

bool prefix_overlap(const struct prefix *a, const struct prefix *b)
{
	return prefix_contains(a, b) || prefix_contains(b, a);
}

void fmt_prefix(const struct prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->plen);
}

/*
 * A VTEP: an address a peer can send to.  Not the unspecified address;
 * for IPv6 neither multicast, nor link-local (a tag has no zone to say
 * which link), nor v4-mapped (give the IPv4 address as such).
 */
int parse_vtep(const char *s, struct ipaddr *a)
{
	struct in6_addr a6;

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1) {
		a->family = AF_INET;
		return a->addr[0] | a->addr[1] | a->addr[2] | a->addr[3] ?
		       0 : -EINVAL;
	}
	if (inet_pton(AF_INET6, s, &a6) != 1 || IN6_IS_ADDR_UNSPECIFIED(&a6) ||
	    IN6_IS_ADDR_MULTICAST(&a6) || IN6_IS_ADDR_LINKLOCAL(&a6) ||
	    IN6_IS_ADDR_V4MAPPED(&a6))
		return -EINVAL;
	a->family = AF_INET6;
	memcpy(a->addr, &a6, sizeof(a6));
	return 0;
}

/* The usual text form: dotted quad, or RFC 5952 for IPv6. */
void fmt_addr(const struct ipaddr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

bool addr_same(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, sizeof(a->addr));
}

const char *family_str(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

/*
 * "ADDR[:PORT]": an IPv4 address, or an IPv6 one in brackets, as Serf
 * takes them ("[fd00::1]:7946").  *port is 0 when there is none.
 */
int parse_hostport(const char *s, bool need_port, struct ipaddr *a,
		   uint16_t *port)
{
	char buf[64], *host = buf, *rest, *end;
	unsigned long p;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	memset(a, 0, sizeof(*a));
	*port = 0;
	if (buf[0] == '[') {
		host = buf + 1;
		rest = strchr(host, ']');
		if (!rest)
			return -EINVAL;
		*rest++ = '\0';
		if (*rest && *rest != ':')
			return -EINVAL;
		a->family = AF_INET6;
	} else {
		rest = strchr(buf, ':');
		if (rest && strchr(rest + 1, ':'))
			return -EINVAL;	/* IPv6 without brackets */
		if (!rest)
			rest = buf + strlen(buf);
		a->family = AF_INET;
	}
	if (*rest == ':') {
		*rest++ = '\0';
		if (!isdigit((unsigned char)*rest) || strlen(rest) > 5)
			return -EINVAL;
		p = strtoul(rest, &end, 10);
		if (*end || !p || p > 65535)
			return -EINVAL;
		*port = (uint16_t)p;
	} else if (need_port) {
		return -EINVAL;
	}
	return inet_pton(a->family, host, a->addr) == 1 ? 0 : -EINVAL;
}

static int check_hostport(const char *s, bool need_port)
{
	struct ipaddr a;
	uint16_t port;

	return parse_hostport(s, need_port, &a, &port);
}

static bool valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n >= max)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* Serf takes a base64 key of 16, 24 or 32 bytes. */
static bool valid_key(const char *s)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), body = strspn(s, b64), bytes;

	if (!n || n % 4 || body < n - 2 || strspn(s + body, "=") != n - body)
		return false;
	bytes = n / 4 * 3 - (n - body);
	return bytes == 16 || bytes == 24 || bytes == 32;
}

static int set_value(struct parse_state *st, enum key k, char *v)
{
	struct config *cfg = st->cfg;
	char buf[1024], *tok, *save = NULL;

	switch (k) {
	case K_NAME:
		if (!valid_name(v, sizeof(cfg->name)))
			return -EINVAL;
		strcpy(cfg->name, v);
		break;
	case K_DEVICE:
		if (!valid_name(v, sizeof(cfg->device)))
			return -EINVAL;
		strcpy(cfg->device, v);
		break;
	case K_VTEP:
		if (parse_vtep(v, &cfg->vtep))
			return -EINVAL;
		cfg->has_vtep = true;
		break;
	case K_PODCIDR:
		if (parse_prefix_list(v, cfg->podcidr, GOSSIP_MAX_CIDRS,
				      &cfg->n_podcidr) ||
		    strlen(v) >= sizeof(cfg->podcidr_text))
			return -EINVAL;
		strcpy(cfg->podcidr_text, v);
		break;
	case K_CLUSTER:
		if (parse_prefix(v, &cfg->cluster))
			return -EINVAL;
		cfg->has_cluster = true;
		break;
	case K_ENCAP:
		return parse_encap(v, &cfg->encap);
	case K_VNI:
		return parse_vni(v, &cfg->vni);
	case K_BIND:
		if (check_hostport(v, false) || strlen(v) >= sizeof(cfg->bind))
			return -EINVAL;
		strcpy(cfg->bind, v);
		break;
	case K_RPC:
		if (check_hostport(v, true) || strlen(v) >= sizeof(cfg->rpc))
			return -EINVAL;
		strcpy(cfg->rpc, v);
		break;
	case K_JOIN:
		if (strlen(v) >= sizeof(buf))
			return -EINVAL;
		strcpy(buf, v);
		cfg->n_join = 0;
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			tok = trim(tok);
			if (cfg->n_join == GOSSIP_MAX_JOIN ||
			    check_hostport(tok, false) ||
			    strlen(tok) >= sizeof(cfg->join[0]))
				return -EINVAL;
			strcpy(cfg->join[cfg->n_join++], tok);
		}
		if (!cfg->n_join)
			return -EINVAL;
		break;
	case K_KEY:
		if (!valid_key(v) || strlen(v) >= sizeof(cfg->encrypt_key))
			return -EINVAL;
		strcpy(cfg->encrypt_key, v);
		break;
	case K_SNAPSHOT:
		if (v[0] != '/' || strlen(v) >= sizeof(cfg->snapshot))
			return -EINVAL;
		strcpy(cfg->snapshot, v);
		break;
	case K_RESYNC:
		return parse_seconds(v, GOSSIP_RESYNC_MAX, &cfg->resync_secs);
	default:
		return -EINVAL;
	}
	return 0;
}

/* inih: returning 0 stops the parse, and ini_parse gives the line. */
static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct parse_state *st = user;
	char v[1024];
	unsigned int k;

	for (k = 0; k < K_MAX; k++)
		if (!strcmp(section, keys[k].section) &&
		    !strcmp(name, keys[k].name))
			break;
	if (k == K_MAX) {
		if (strcmp(section, "node") && strcmp(section, "serf"))
			snprintf(st->err, sizeof(st->err),
				 "unknown section [%s]", section);
		else
			snprintf(st->err, sizeof(st->err),
				 "unknown key \"%s\" in [%s]", name, section);
		return 0;
	}
	if (st->seen[k]) {
		snprintf(st->err, sizeof(st->err), "\"%s\" given twice", name);
		return 0;
	}
	st->seen[k] = true;
	if (strlen(value) >= sizeof(v)) {
		snprintf(st->err, sizeof(st->err), "%s: value too long", name);
		return 0;
	}
	strcpy(v, value);
	if (set_value(st, (enum key)k, trim(v))) {
		snprintf(st->err, sizeof(st->err), "invalid %s \"%s\"", name,
			 value);
		return 0;
	}
	return 1;
}

/*
 * Load @path.  Returns 0, or prints "FILE:LINE: why" and returns 2
 * (the exit status for a bad config).
 */
int config_load(struct config *cfg, const char *path)
{
	struct parse_state st = { .cfg = cfg };
	FILE *f;
	int line;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	strcpy(cfg->device, "vxip0");
	cfg->encap = ENCAP_AUTO;
	cfg->vni = 1;
	strcpy(cfg->rpc, "127.0.0.1:7373");
	strcpy(cfg->snapshot, "/var/lib/vxip/serf.snapshot");
	cfg->resync_secs = GOSSIP_RESYNC_SECS;
	if (gethostname(cfg->name, sizeof(cfg->name) - 1))
		cfg->name[0] = '\0';

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "vxip-gossip: %s: %s\n", path, strerror(errno));
		return 2;
	}
	line = ini_parse_file(f, handler, &st);
	fclose(f);
	if (line) {
		fprintf(stderr, "vxip-gossip: %s:%d: %s\n", path, line,
			st.err[0] ? st.err : "syntax error");
		return 2;
	}
	if (!cfg->has_vtep) {
		fprintf(stderr, "vxip-gossip: %s: [node] vtep is required\n", path);
		return 2;
	}
	if (!cfg->n_podcidr) {
		fprintf(stderr, "vxip-gossip: %s: [node] podcidr is required\n", path);
		return 2;
	}
	if (!cfg->has_cluster) {
		fprintf(stderr, "vxip-gossip: %s: [node] cluster-cidr is required\n", path);
		return 2;
	}
	if (!valid_name(cfg->name, sizeof(cfg->name))) {
		fprintf(stderr,
			"vxip-gossip: %s: [node] name is required (the hostname \"%s\" is not a valid name)\n",
			path, cfg->name);
		return 2;
	}
	if (!cfg->bind[0]) {
		char a[INET6_ADDRSTRLEN];

		fmt_addr(&cfg->vtep, a, sizeof(a));
		snprintf(cfg->bind, sizeof(cfg->bind),
			 cfg->vtep.family == AF_INET ? "%s:7946" : "[%s]:7946", a);
	}
	return 0;
}
