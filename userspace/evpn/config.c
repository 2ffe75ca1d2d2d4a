// SPDX-License-Identifier: GPL-2.0
/*
 * The INI configuration, parsed with libinih.  Every error names the file
 * and line and makes vxip-evpn exit with status 2.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>

#include "evpn.h"

struct parse {
	struct conf *c;
	FILE *f;
	int line;		/* of the line inih handles now */
	int err_line;
	char err[256];
	struct vni_conf *cur;
	enum { S_NONE, S_GOBGP, S_VTEP, S_VNI } sect;
	char sect_name[64];
	int vtep_line;
};

static int new_section(struct parse *p, const char *name);

/* ini_reader: fgets that counts lines, so handlers know theirs. */
static char *reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	char *r = fgets(str, num, p->f);

	if (r) {
		/* inih tells handlers of a section only with its first key. */
		char *s = r + strspn(r, " \t"), *e = strchr(s, ']');

		p->line++;
		if (*s == '[' && e && !p->err_line) {
			char name[64];

			snprintf(name, sizeof(name), "%.*s", (int)(e - s - 1), s + 1);
			if (strcmp(name, p->sect_name))
				new_section(p, name);
		}
	}
	return r;
}

__printf(2, 3) static int perr(struct parse *p, const char *fmt, ...);

static int perr(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err_line)
		return 0;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	p->err_line = p->line;
	return 0;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "ASN:NN": a 2-byte ASN with a 4-byte value or a 4-byte ASN with 2. */
static int parse_rt(const char *s, uint32_t *asn, uint32_t *val)
{
	char buf[32], *colon;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	colon = strchr(buf, ':');
	if (!colon)
		return -1;
	*colon = 0;
	if (parse_u32(buf, UINT32_MAX, asn) || parse_u32(colon + 1, UINT32_MAX, val))
		return -1;
	if (*asn > 0xffff && *val > 0xffff)
		return -1;
	return 0;
}

/*
 * A VTEP address the device can take as its local address, and remote
 * VTEPs can reach: unicast, not link-local (it has no scope to give).
 */
static bool vtep_ok(const struct ipaddr *a)
{
	const struct in6_addr *a6 = &a->v6;
	uint32_t h = ntohl(a->v4.s_addr);

	if (a->af == AF_INET)
		return h && h != INADDR_BROADCAST && !IN_MULTICAST(h) &&
		       (h >> 24) != 127;
	return !IN6_IS_ADDR_UNSPECIFIED(a6) && !IN6_IS_ADDR_LOOPBACK(a6) &&
	       !IN6_IS_ADDR_MULTICAST(a6) && !IN6_IS_ADDR_LINKLOCAL(a6) &&
	       !IN6_IS_ADDR_V4MAPPED(a6);
}

/* A new section: [gobgp], [vtep], [vni N], [l3vni N]. */
static int new_section(struct parse *p, const char *name)
{
	struct vni_conf *v, **pp;
	uint32_t n;
	bool l3;

	snprintf(p->sect_name, sizeof(p->sect_name), "%s", name);
	p->cur = NULL;
	if (!strcmp(name, "gobgp")) {
		p->sect = S_GOBGP;
		return 1;
	}
	if (!strcmp(name, "vtep")) {
		p->sect = S_VTEP;
		return 1;
	}
	l3 = !strncmp(name, "l3vni ", 6);
	if (!l3 && strncmp(name, "vni ", 4))
		return perr(p, "unknown section [%s]", name);
	if (parse_u32(name + (l3 ? 6 : 4), 0xffffff, &n))
		return perr(p, "invalid VNI in [%s]", name);
	for (v = p->c->vnis; v; v = v->next)
		if (v->vni == n && v->l3 == l3)
			return perr(p, "duplicate section [%s]", name);
	v = calloc(1, sizeof(*v));
	if (!v)
		return perr(p, "out of memory");
	v->vni = n;
	v->l3 = l3;
	v->line = p->line;
	for (pp = &p->c->vnis; *pp; pp = &(*pp)->next)
		;
	*pp = v;
	p->cur = v;
	p->sect = S_VNI;
	return 1;
}

static int handler(void *user, const char *sect, const char *key,
		   const char *val)
{
	struct parse *p = user;
	struct conf *c = p->c;
	struct vni_conf *v;

	if (p->err_line)
		return 0;
	if (strcmp(sect, p->sect_name) && !new_section(p, sect))
		return 0;
	if (!key)		/* an empty section (INI_CALL_HANDLER_ON_NEW_SECTION) */
		return 1;
	switch (p->sect) {
	case S_NONE:
		return perr(p, "\"%s\" outside a section", key);
	case S_GOBGP:
		if (strcmp(key, "address"))
			break;
		if (!*val || strlen(val) >= sizeof(c->gobgp) || !strchr(val, ':'))
			return perr(p, "invalid gobgp address \"%s\" (HOST:PORT)", val);
		strcpy(c->gobgp, val);
		return 1;
	case S_VTEP:
		if (strcmp(key, "address"))
			break;
		if (ipaddr_parse(val, &c->vtep) || !vtep_ok(&c->vtep))
			return perr(p, "invalid vtep address \"%s\" (IPv4 or IPv6 unicast)", val);
		ipaddr_str(&c->vtep, c->vtep_str, sizeof(c->vtep_str));
		if (c->vtep.af == AF_INET)
			strcpy(c->rd_admin, c->vtep_str);
		c->has_vtep = true;
		p->vtep_line = p->line;
		return 1;
	case S_VNI:
		v = p->cur;
		if (!strcmp(key, "device")) {
			if (!*val || strlen(val) >= IF_NAMESIZE || strchr(val, '/'))
				return perr(p, "invalid device name \"%s\"", val);
			strcpy(v->device, val);
			v->device_line = p->line;
			return 1;
		}
		if (!v->l3 && !strcmp(key, "bridge")) {
			if (!*val || strlen(val) >= IF_NAMESIZE)
				return perr(p, "invalid bridge name \"%s\"", val);
			strcpy(v->bridge, val);
			return 1;
		}
		if (!strcmp(key, "route-target")) {
			if (parse_rt(val, &v->rt_asn, &v->rt_val))
				return perr(p, "invalid route-target \"%s\" (ASN:NN)", val);
			v->has_rt = true;
			return 1;
		}
		break;
	}
	return perr(p, "unknown key \"%s\" in [%s]", key, sect);
}

int conf_load(struct conf *c, const char *file)
{
	struct parse p = { .c = c };
	struct vni_conf *v;
	int ret;

	memset(c, 0, sizeof(*c));
	c->file = file;
	strcpy(c->gobgp, "127.0.0.1:50051");
	strcpy(c->sock, EVPN_SOCK_DEFAULT);
	p.f = fopen(file, "r");
	if (!p.f) {
		fprintf(stderr, "vxip-evpn: %s: %s\n", file, strerror(errno));
		return 2;
	}
	ret = ini_parse_stream(reader, &p, handler, &p);
	fclose(p.f);
	if (ret && !p.err_line) {
		p.err_line = ret;
		snprintf(p.err, sizeof(p.err), "syntax error");
	}
	if (p.err_line) {
		fprintf(stderr, "vxip-evpn: %s:%d: %s\n", file, p.err_line, p.err);
		return 2;
	}
	if (!c->has_vtep) {
		fprintf(stderr, "vxip-evpn: %s:%d: missing section [vtep] with an address\n",
			file, p.line);
		return 2;
	}
	if (!c->vnis) {
		fprintf(stderr, "vxip-evpn: %s:%d: no [vni N] section\n", file, p.line);
		return 2;
	}
	for (v = c->vnis; v; v = v->next) {
		if (!v->device[0]) {
			fprintf(stderr, "vxip-evpn: %s:%d: [%s %u] needs a device\n",
				file, v->line, v->l3 ? "l3vni" : "vni", v->vni);
			return 2;
		}
	}
	return 0;
}

void conf_free(struct conf *c)
{
	struct vni_conf *v;

	while ((v = c->vnis)) {
		c->vnis = v->next;
		free(v);
	}
}

/* With GoBGP's ASN known: default route targets, the devices' indexes. */
int conf_resolve(struct conf *c, uint32_t asn)
{
	struct vni_conf *v;

	for (v = c->vnis; v; v = v->next) {
		if (!v->has_rt) {
			v->rt_asn = asn;
			v->rt_val = v->vni;
		}
		v->ifindex = if_nametoindex(v->device);
		if (!v->ifindex) {
			fprintf(stderr, "vxip-evpn: %s:%d: device \"%s\" does not exist\n",
				c->file, v->device_line, v->device);
			return 2;
		}
		if (v->bridge[0]) {
			v->br_ifindex = if_nametoindex(v->bridge);
			if (!v->br_ifindex) {
				fprintf(stderr, "vxip-evpn: %s:%d: bridge \"%s\" does not exist\n",
					c->file, v->line, v->bridge);
				return 2;
			}
		}
	}
	return 0;
}

struct vni_conf *vni_by_rt(uint32_t asn, uint32_t val, bool l3)
{
	struct vni_conf *v;

	for (v = conf.vnis; v; v = v->next)
		if (v->l3 == l3 && v->rt_asn == asn && v->rt_val == val)
			return v;
	return NULL;
}
