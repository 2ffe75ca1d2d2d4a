// SPDX-License-Identifier: GPL-2.0
/*
 * Import: GoBGP's best EVPN paths become vxip objects.
 *
 *   type-2 MAC/IP    -> FDB entry MAC -> next hop, with the IPs of the MAC
 *   type-3 IMET      -> the originator's flood-list membership (needs PMSI
 *                       ingress replication)
 *   type-5 prefix    -> route to the next hop with the L3 VNI, router MAC
 *
 * A VTEP (next hop, or type-3 originator) is IPv4 or IPv6: a path whose
 * VTEP is of a family the device has no local address of is logged and
 * skipped, as the device could not send to it from its VTEP address.
 *
 * Every imported path holds evpn's claim on its VTEP as a peer, counted
 * per device, since FDB entries and routes need their peer to exist and a
 * type-2 route may come before (or without) its VTEP's type-3.
 *
 * Each path is kept, keyed by its NLRI, so that a withdrawal removes what
 * the path added.  Paths are grouped by what they program (the MAC, the
 * originator, the prefix): several paths of a group (other RDs: several
 * VTEPs for one MAC) program the group once.  The best path is the one
 * with the highest MAC Mobility sequence number (RFC 7432 section 15),
 * then the latest.  A MAC on a multihomed Ethernet segment (a non-zero
 * ESI) goes to every VTEP that advertises it on that segment with that
 * sequence number, up to VXIP_PEERS_MAX, the best path's first: the
 * kernel spreads flows over them.  Otherwise, and for prefixes (each VTEP
 * has a router MAC of its own, a route has one), the best path's VTEP.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "gobgp.pb-c.h"
#include "attribute.pb-c.h"
#include <linux/vxip.h>

#include "evpn.h"

#define NBUCKETS	16384

struct ent {
	struct ent *next;
	char key[192];
	uint32_t group;
	int type;
	struct vni_conf *v;
	uint8_t mac[6];
	bool has_ip, has_ip6, sticky;
	struct in_addr ip, pfx;
	struct ipaddr nh;		/* the VTEP */
	struct in6_addr ip6;
	unsigned int plen;
	uint8_t rmac[6];
	uint8_t esi[10];	/* type, then value; all zero: single-homed */
	uint32_t mob_seq;	/* MAC Mobility sequence number */
	unsigned long seq;
};

static struct ent *tbl[NBUCKETS];
static unsigned long seq, n_ents;

/* How many imported paths use each (device, VTEP): evpn claims the peer. */
struct pref {
	struct pref *next;
	unsigned int ifindex;
	struct ipaddr addr;
	unsigned long n;
};

static struct pref *prefs;

static int peer_ref(const struct vni_conf *v, const struct ipaddr *addr)
{
	struct pref *p;
	int err;

	for (p = prefs; p; p = p->next) {
		if (p->ifindex == v->ifindex && ipaddr_eq(&p->addr, addr)) {
			p->n++;
			return 0;
		}
	}
	err = vx_peer_claim(v, addr);
	if (err)
		return err;
	p = calloc(1, sizeof(*p));
	if (!p) {
		vx_peer_unclaim(v, addr);
		return -1;
	}
	p->ifindex = v->ifindex;
	p->addr = *addr;
	p->n = 1;
	p->next = prefs;
	prefs = p;
	return 0;
}

static void peer_unref(const struct vni_conf *v, const struct ipaddr *addr)
{
	struct pref **pp, *p;

	for (pp = &prefs; (p = *pp); pp = &p->next) {
		if (p->ifindex != v->ifindex || !ipaddr_eq(&p->addr, addr))
			continue;
		if (--p->n)
			return;
		*pp = p->next;
		free(p);
		vx_peer_unclaim(v, addr);
		return;
	}
}

struct attrs {
	bool bad_nh;		/* a next hop that is not an address */
	struct ipaddr nh;	/* af 0: none */
	unsigned int n_rt;
	uint32_t rt[16][2];
	bool has_pmsi;
	uint32_t pmsi_type;
	bool has_rmac;
	uint8_t rmac[6];
	bool sticky;
	uint32_t mob_seq;
};

static void *any_unpack(const Google__Protobuf__Any *a,
			const ProtobufCMessageDescriptor *d)
{
	if (!gb_any_is(a, d))
		return NULL;
	return protobuf_c_message_unpack(d, NULL, a->value.len, a->value.data);
}

static void any_free(void *m)
{
	if (m)
		protobuf_c_message_free_unpacked(m, NULL);
}

/* The first next hop given; the unspecified address ("0.0.0.0") is none. */
static void parse_nh(struct attrs *at, const char *s)
{
	static const struct ipaddr any4 = { .af = AF_INET };
	static const struct ipaddr any6 = { .af = AF_INET6 };

	if (!s || !*s || at->nh.af || at->bad_nh)
		return;
	if (ipaddr_parse(s, &at->nh)) {
		at->bad_nh = true;
		return;
	}
	if (ipaddr_eq(&at->nh, &any4) || ipaddr_eq(&at->nh, &any6))
		at->nh.af = 0;
}

static void add_rt(struct attrs *at, uint32_t asn, uint32_t val)
{
	if (at->n_rt < 16) {
		at->rt[at->n_rt][0] = asn;
		at->rt[at->n_rt++][1] = val;
	}
}

static void parse_extcomm(struct attrs *at, const Google__Protobuf__Any *c)
{
	Apipb__TwoOctetAsSpecificExtended *t2;
	Apipb__FourOctetAsSpecificExtended *t4;
	Apipb__RouterMacExtended *rm;
	Apipb__MacMobilityExtended *mm;

	t2 = any_unpack(c, &apipb__two_octet_as_specific_extended__descriptor);
	if (t2) {
		if (t2->sub_type == 2)
			add_rt(at, t2->asn, t2->local_admin);
		any_free(t2);
		return;
	}
	t4 = any_unpack(c, &apipb__four_octet_as_specific_extended__descriptor);
	if (t4) {
		if (t4->sub_type == 2)
			add_rt(at, t4->asn, t4->local_admin);
		any_free(t4);
		return;
	}
	rm = any_unpack(c, &apipb__router_mac_extended__descriptor);
	if (rm) {
		at->has_rmac = rm->mac && !parse_mac(rm->mac, at->rmac);
		any_free(rm);
		return;
	}
	mm = any_unpack(c, &apipb__mac_mobility_extended__descriptor);
	if (mm) {
		at->sticky = mm->is_sticky;
		at->mob_seq = mm->sequence_num;
		any_free(mm);
	}
}

static void parse_attr(struct attrs *at, const Google__Protobuf__Any *a)
{
	Apipb__MpReachNLRIAttribute *mp;
	Apipb__NextHopAttribute *nh;
	Apipb__ExtendedCommunitiesAttribute *ec;
	Apipb__PmsiTunnelAttribute *pm;
	size_t j;

	mp = any_unpack(a, &apipb__mp_reach_nlriattribute__descriptor);
	if (mp) {
		if (mp->n_next_hops)
			parse_nh(at, mp->next_hops[0]);
		any_free(mp);
		return;
	}
	nh = any_unpack(a, &apipb__next_hop_attribute__descriptor);
	if (nh) {
		parse_nh(at, nh->next_hop);
		any_free(nh);
		return;
	}
	ec = any_unpack(a, &apipb__extended_communities_attribute__descriptor);
	if (ec) {
		for (j = 0; j < ec->n_communities; j++)
			parse_extcomm(at, ec->communities[j]);
		any_free(ec);
		return;
	}
	pm = any_unpack(a, &apipb__pmsi_tunnel_attribute__descriptor);
	if (pm) {
		at->has_pmsi = true;
		at->pmsi_type = pm->type;
		any_free(pm);
	}
}

static void parse_attrs(const Apipb__Path *p, struct attrs *at)
{
	size_t i;

	memset(at, 0, sizeof(*at));
	for (i = 0; i < p->n_pattrs; i++)
		parse_attr(at, p->pattrs[i]);
}

/* The configured VNI a path's route targets name, or NULL (logged). */
static struct vni_conf *map_rt(const struct attrs *at, bool l3, const char *what)
{
	struct vni_conf *v;
	unsigned int i;

	for (i = 0; i < at->n_rt; i++) {
		v = vni_by_rt(at->rt[i][0], at->rt[i][1], l3);
		if (v)
			return v;
	}
	for (i = 0; i < at->n_rt; i++) {
		if (at->rt[i][0] == stats.asn) {
			bad_input(BAD_UNCONF_VNI,
				  "%s: route target %u:%u is for an unconfigured %s %u",
				  what, at->rt[i][0], at->rt[i][1], l3 ? "L3 VNI" : "VNI",
				  at->rt[i][1]);
			return NULL;
		}
	}
	if (at->n_rt)
		bad_input(BAD_UNKNOWN_RT, "%s: unknown route target %u:%u", what,
			  at->rt[0][0], at->rt[0][1]);
	else
		bad_input(BAD_UNKNOWN_RT, "%s: no route target", what);
	return NULL;
}

/* The RD as text, for the path's key. */
static void rd_str(const Google__Protobuf__Any *a, char *out, size_t len)
{
	Apipb__RouteDistinguisherIPAddress *ip;
	Apipb__RouteDistinguisherTwoOctetASN *t2;
	Apipb__RouteDistinguisherFourOctetASN *t4;

	snprintf(out, len, "-");
	ip = any_unpack(a, &apipb__route_distinguisher_ipaddress__descriptor);
	if (ip) {
		snprintf(out, len, "%s:%u", ip->admin, ip->assigned);
		any_free(ip);
		return;
	}
	t2 = any_unpack(a, &apipb__route_distinguisher_two_octet_asn__descriptor);
	if (t2) {
		snprintf(out, len, "%u:%u", t2->admin, t2->assigned);
		any_free(t2);
		return;
	}
	t4 = any_unpack(a, &apipb__route_distinguisher_four_octet_asn__descriptor);
	if (t4) {
		snprintf(out, len, "%u.%u", t4->admin, t4->assigned);
		any_free(t4);
	}
}

static uint32_t hash(const void *p, size_t n, uint32_t h)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static struct ent *find(const char *key, uint32_t group)
{
	struct ent *e;

	for (e = tbl[group % NBUCKETS]; e; e = e->next)
		if (e->group == group && !strcmp(e->key, key))
			return e;
	return NULL;
}

static bool same_group(const struct ent *a, const struct ent *b)
{
	if (a->type != b->type || a->v != b->v || a->group != b->group)
		return false;
	switch (a->type) {
	case RT_MAC:
		return !memcmp(a->mac, b->mac, 6);
	case RT_MCAST:
		return ipaddr_eq(&a->nh, &b->nh);
	default:
		return a->pfx.s_addr == b->pfx.s_addr && a->plen == b->plen;
	}
}

/* Is @a a better path than @b: a higher MAC Mobility sequence number, or later? */
static bool better(const struct ent *a, const struct ent *b)
{
	return a->mob_seq != b->mob_seq ? a->mob_seq > b->mob_seq : a->seq > b->seq;
}

static bool addr_in(const struct in_addr *list, unsigned int n, struct in_addr a)
{
	while (n--)
		if (list[n].s_addr == a.s_addr)
			return true;
	return false;
}

static bool vtep_in(const struct ipaddr *list, unsigned int n, const struct ipaddr *a)
{
	while (n--)
		if (ipaddr_eq(&list[n], a))
			return true;
	return false;
}

/* The VTEPs of a MAC's group: the best path's, then its segment's. */
static unsigned int mac_vteps(const struct ent *ref, const struct ent *best,
			      struct ipaddr *nh)
{
	static const uint8_t single[10];
	unsigned int n = 1;
	const struct ent *e;

	nh[0] = best->nh;
	if (!memcmp(best->esi, single, sizeof(single)))
		return n;
	for (e = tbl[ref->group % NBUCKETS]; e && n < VXIP_PEERS_MAX; e = e->next)
		if (same_group(e, ref) && e->mob_seq == best->mob_seq &&
		    !memcmp(e->esi, best->esi, sizeof(e->esi)) && !vtep_in(nh, n, &e->nh))
			nh[n++] = e->nh;
	return n;
}

static bool addr6_in(const struct in6_addr *list, unsigned int n, const struct in6_addr *a)
{
	while (n--)
		if (IN6_ARE_ADDR_EQUAL(&list[n], a))
			return true;
	return false;
}

/*
 * Program the group of @ref (which may have just left the table) from the
 * paths of the group still in the table.  Returns the kernel's answer.
 */
static int program(const struct ent *ref, bool was_alone)
{
	struct in_addr ips[VXIP_FDB_MAX_IPS];
	struct ipaddr nh[VXIP_PEERS_MAX];
	struct in6_addr ip6s[VXIP_FDB_MAX_IPS];
	const struct ent *e, *best = NULL;
	unsigned int n = 0, n_ips = 0, n_ip6s = 0, n_nh;
	bool sticky = false;

	for (e = tbl[ref->group % NBUCKETS]; e; e = e->next) {
		if (!same_group(e, ref))
			continue;
		n++;
		if (!best || better(e, best))
			best = e;
	}
	switch (ref->type) {
	case RT_MAC:
		if (!best)
			return vx_fdb_del(ref->v, ref->mac);
		n_nh = mac_vteps(ref, best, nh);
		for (e = tbl[ref->group % NBUCKETS]; e; e = e->next) {
			if (!same_group(e, ref) || !vtep_in(nh, n_nh, &e->nh))
				continue;
			sticky |= e->sticky;
			/* At most VXIP_FDB_MAX_IPS in all, as the kernel takes. */
			if (n_ips + n_ip6s >= VXIP_FDB_MAX_IPS)
				continue;
			if (e->has_ip && !addr_in(ips, n_ips, e->ip))
				ips[n_ips++] = e->ip;
			if (e->has_ip6 && !addr6_in(ip6s, n_ip6s, &e->ip6))
				ip6s[n_ip6s++] = e->ip6;
		}
		return vx_fdb_set(best->v, best->mac, nh, n_nh, ips, n_ips, ip6s, n_ip6s,
				  sticky);
	case RT_MCAST:
		/* One membership per originator, however many paths name it. */
		if (!best)
			return vx_flood_del(ref->v, &ref->nh);
		if (n == 1 && was_alone)
			return vx_flood_add(best->v, &best->nh);
		return 0;
	default:
		if (!best)
			return vx_route_del(ref->v, ref->pfx, ref->plen);
		return vx_route_set(best->v, best->pfx, best->plen, &best->nh, best->rmac);
	}
}

static void unlink_ent(struct ent *x)
{
	struct ent **pp;

	for (pp = &tbl[x->group % NBUCKETS]; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	}
	x->v->n_imp[x->type]--;
	n_ents--;
}

static void withdraw(struct ent *e)
{
	unlink_ent(e);
	program(e, false);
	peer_unref(e->v, &e->nh);
	free(e);
}

/*
 * Can @v's device reach the VTEP @nh: does it have a local address of
 * @nh's family (the one vxip-evpn's VTEP is in, at least)?  Logged if not.
 */
static bool vtep_usable(const struct vni_conf *v, const struct ipaddr *nh,
			const char *what)
{
	char a[INET6_ADDRSTRLEN];

	if ((nh->af == AF_INET && v->local4.af) || (nh->af == AF_INET6 && v->local6.af))
		return true;
	bad_input(BAD_NH_FAMILY, "%s: VTEP %s is %s, and %s has no local %s address", what,
		  ipaddr_str(nh, a, sizeof(a)), nh->af == AF_INET ? "IPv4" : "IPv6",
		  v->device, nh->af == AF_INET ? "IPv4" : "IPv6");
	return false;
}

/* A path's NLRI and attributes in @n; false if it is not to be imported. */
static bool parse_path(const Apipb__Path *p, struct ent *n, bool withdrawal)
{
	Apipb__EVPNMACIPAdvertisementRoute *m = NULL;
	Apipb__EVPNInclusiveMulticastEthernetTagRoute *im = NULL;
	Apipb__EVPNIPPrefixRoute *pr = NULL;
	char rd[64], what[160];
	struct attrs at;
	bool ok = false;

	memset(n, 0, sizeof(*n));
	parse_attrs(p, &at);
	m = any_unpack(p->nlri, &apipb__evpnmacipadvertisement_route__descriptor);
	if (!m)
		im = any_unpack(p->nlri,
				&apipb__evpninclusive_multicast_ethernet_tag_route__descriptor);
	if (!m && !im)
		pr = any_unpack(p->nlri, &apipb__evpnipprefix_route__descriptor);
	if (m) {
		n->type = RT_MAC;
		rd_str(m->rd, rd, sizeof(rd));
		snprintf(n->key, sizeof(n->key), "2 %s %u %s %s", rd, m->ethernet_tag,
			 m->mac_address ?: "", m->ip_address ?: "");
		snprintf(what, sizeof(what), "type-2 %s %s rd %s",
			 m->mac_address ?: "", m->ip_address ?: "", rd);
		if (!m->mac_address || parse_mac(m->mac_address, n->mac)) {
			bad_input(BAD_MAC, "%s: invalid MAC", what);
			goto out;
		}
		n->group = hash(n->mac, 6, 2166136261u);
		if (withdrawal) {
			ok = true;
			goto out;
		}
		if (m->ip_address && inet_pton(AF_INET, m->ip_address, &n->ip) == 1 &&
		    n->ip.s_addr)
			n->has_ip = true;
		else if (m->ip_address && inet_pton(AF_INET6, m->ip_address, &n->ip6) == 1 &&
			 !IN6_IS_ADDR_UNSPECIFIED(&n->ip6))
			n->has_ip6 = true;
		if (!m->n_labels || !m->labels[0]) {
			bad_input(BAD_LABEL0, "%s: label 0", what);
			goto out;
		}
		n->sticky = at.sticky;
		n->mob_seq = at.mob_seq;
		if (m->esi) {
			n->esi[0] = (uint8_t)m->esi->type;
			memcpy(n->esi + 1, m->esi->value.data,
			       m->esi->value.len < 9 ? m->esi->value.len : 9);
		}
		n->v = map_rt(&at, false, what);
	} else if (im) {
		n->type = RT_MCAST;
		rd_str(im->rd, rd, sizeof(rd));
		snprintf(n->key, sizeof(n->key), "3 %s %u %s", rd, im->ethernet_tag,
			 im->ip_address ?: "");
		snprintf(what, sizeof(what), "type-3 %s rd %s", im->ip_address ?: "", rd);
		/* The flood destination is the originator, as FRR does. */
		if (ipaddr_parse(im->ip_address, &n->nh)) {
			bad_input(BAD_NLRI, "%s: originator is not an IP address", what);
			goto out;
		}
		n->group = hash(&n->nh.v4, ipaddr_len(&n->nh), 2166136261u);
		if (withdrawal) {
			ok = true;
			goto out;
		}
		if (!at.has_pmsi || at.pmsi_type != 6) {
			bad_input(BAD_NO_PMSI, "%s: no PMSI ingress replication, ignored", what);
			goto out;
		}
		n->v = map_rt(&at, false, what);
		ok = n->v && vtep_usable(n->v, &n->nh, what);
		goto out;
	} else if (pr) {
		n->type = RT_PREFIX;
		rd_str(pr->rd, rd, sizeof(rd));
		snprintf(n->key, sizeof(n->key), "5 %s %u %s/%u", rd, pr->ethernet_tag,
			 pr->ip_prefix ?: "", pr->ip_prefix_len);
		snprintf(what, sizeof(what), "type-5 %s/%u rd %s", pr->ip_prefix ?: "",
			 pr->ip_prefix_len, rd);
		if (!pr->ip_prefix || inet_pton(AF_INET, pr->ip_prefix, &n->pfx) != 1 ||
		    pr->ip_prefix_len > 32) {
			bad_input(BAD_NLRI, "%s: not an IPv4 prefix", what);
			goto out;
		}
		n->plen = pr->ip_prefix_len;
		n->group = hash(&n->pfx, 4, n->plen);
		if (withdrawal) {
			ok = true;
			goto out;
		}
		if (!pr->label) {
			bad_input(BAD_LABEL0, "%s: label 0", what);
			goto out;
		}
		if (!at.has_rmac) {
			bad_input(BAD_MAC, "%s: no router MAC", what);
			goto out;
		}
		memcpy(n->rmac, at.rmac, 6);
		n->v = map_rt(&at, true, what);
	} else {
		return false;	/* types 1 and 4: multihoming, not yet */
	}
	if (!n->v)
		goto out;
	if (!at.nh.af) {
		bad_input(BAD_NH, "%s: %s next hop", what, at.bad_nh ? "an invalid" : "no");
		goto out;
	}
	n->nh = at.nh;
	ok = vtep_usable(n->v, &n->nh, what);
out:
	any_free(m);
	any_free(im);
	any_free(pr);
	return ok;
}

static void import_one(const Apipb__Path *p)
{
	struct ent n, *e, *old_copy = NULL;
	struct ipaddr old_nh = { 0 };
	bool alone;

	if (p->family && (p->family->afi != APIPB__FAMILY__AFI__AFI_L2VPN ||
			  p->family->safi != APIPB__FAMILY__SAFI__SAFI_EVPN))
		return;
	if (p->is_withdraw) {
		e = parse_path(p, &n, true) ? find(n.key, n.group) : NULL;
		if (e)
			withdraw(e);
		return;
	}
	/* Our own paths: originated here (no neighbor) or naming our VTEP. */
	if (!p->neighbor_ip || !*p->neighbor_ip || !strcmp(p->neighbor_ip, "<nil>"))
		return;
	if (!parse_path(p, &n, false)) {
		/* A path that turned bad is withdrawn: nothing half-programmed. */
		e = n.key[0] ? find(n.key, n.group) : NULL;
		if (e)
			withdraw(e);
		return;
	}
	if (ipaddr_eq(&n.nh, &conf.vtep))
		return;
	e = find(n.key, n.group);
	if (e && (e->v != n.v || !same_group(e, &n))) {
		/* It moved to another group: leave the old one first. */
		withdraw(e);
		e = NULL;
	}
	/* The path's VTEP must be a peer before anything points at it. */
	if (peer_ref(n.v, &n.nh))
		return;
	if (e) {
		old_copy = e;
		old_nh = e->nh;
		n.next = e->next;
	} else {
		e = malloc(sizeof(*e));
		if (!e) {
			peer_unref(n.v, &n.nh);
			return;
		}
		n.next = tbl[n.group % NBUCKETS];
	}
	n.seq = ++seq;
	*e = n;
	if (!old_copy) {
		tbl[n.group % NBUCKETS] = e;
		e->v->n_imp[e->type]++;
		n_ents++;
	}
	alone = true;
	{
		const struct ent *x;

		for (x = tbl[e->group % NBUCKETS]; x; x = x->next)
			if (x != e && same_group(x, e))
				alone = false;
	}
	if (program(e, alone && !old_copy) && !old_copy) {
		/* The kernel refused it: forget the path, logged and counted. */
		unlink_ent(e);
		peer_unref(e->v, &e->nh);
		free(e);
		return;
	}
	if (old_copy)
		peer_unref(e->v, &old_nh);
}

void import_paths(Apipb__Path **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		import_one(paths[i]);
}

/* Forget every path without touching the kernel (a new generation follows). */
void import_reset(void)
{
	struct ent *e;
	struct pref *p;
	unsigned int i;

	while ((p = prefs)) {
		prefs = p->next;
		free(p);
	}
	for (i = 0; i < NBUCKETS; i++) {
		while ((e = tbl[i])) {
			tbl[i] = e->next;
			e->v->n_imp[e->type]--;
			free(e);
		}
	}
	n_ents = 0;
}

unsigned long import_count(void)
{
	return n_ents;
}
