// SPDX-License-Identifier: GPL-2.0
/*
 * Export: what this VTEP originates in GoBGP with AddPath, withdrawn with
 * DeletePath by the UUID AddPath gave.
 *
 *   type-3 per configured L2 VNI: RD VTEP:VNI, etag 0, originator = VTEP,
 *          PMSI ingress replication (label VNI, tunnel id VTEP);
 *   type-2 per local MAC of the VNI's bridge: RD VTEP:VNI, ESI 0, label VNI;
 *          and, as FRR does, one more per IPv4 or IPv6 address the
 *          bridge's own neighbour table (an SVI address on the bridge) has
 *          for a local MAC (IPv6 link-local addresses are not advertised).
 *
 * Both carry the route target, the VXLAN encapsulation community and the
 * VTEP address as next hop, as FRR expects.  An IPv6 VTEP is the next hop,
 * the originator and the PMSI tunnel id all the same; as a type-1 RD holds
 * only an IPv4 address, its RDs are GoBGP's router id:VNI instead.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "gobgp.pb-c.h"
#include "attribute.pb-c.h"
#include "evpn.h"

struct exp {
	struct exp *next;
	struct vni_conf *v;
	int type;
	uint8_t mac[6];
	struct ipaddr ip;	/* type-2 MAC/IP route: its address; else af 0 */
	uint8_t uuid[16];
	size_t uuid_len;
	bool in_gobgp;		/* AddPath succeeded on this connection */
};

static struct exp *exps;
static unsigned long n_exps;

/* The bridges' neighbours: which local MAC has which address. */
struct nb {
	struct nb *next;
	struct vni_conf *v;
	uint8_t mac[6];
	struct ipaddr ip;
};

static struct nb *nbs;
static const struct ipaddr no_ip;

/* An Any holding @m; its value is freed by any_done. */
static void any_set(Google__Protobuf__Any *a, const ProtobufCMessage *m,
		    char *url, size_t url_len)
{
	google__protobuf__any__init(a);
	snprintf(url, url_len, "type.googleapis.com/%s", m->descriptor->name);
	a->type_url = url;
	a->value.len = protobuf_c_message_get_packed_size(m);
	a->value.data = malloc(a->value.len ?: 1);
	if (a->value.data)
		protobuf_c_message_pack(m, a->value.data);
	else
		a->value.len = 0;
}

static void any_done(Google__Protobuf__Any *a)
{
	free(a->value.data);
}

enum { A_ORIGIN, A_MPREACH, A_EXTCOMM, A_PMSI, N_ATTRS };
enum { C_RT, C_ENCAP, N_COMMS };

/* Build and send the path of @e; 0 when GoBGP took it. */
static int add_path(struct exp *e)
{
	struct vni_conf *v = e->v;
	char *vtep = conf.vtep_str, mac[18], ip[INET6_ADDRSTRLEN], rd_url[96], nlri_url[96];
	char attr_url[N_ATTRS][96], comm_url[N_COMMS][96];
	Apipb__Family fam = APIPB__FAMILY__INIT;
	Apipb__RouteDistinguisherIPAddress rd = APIPB__ROUTE_DISTINGUISHER_IPADDRESS__INIT;
	Apipb__EthernetSegmentIdentifier esi = APIPB__ETHERNET_SEGMENT_IDENTIFIER__INIT;
	Apipb__EVPNMACIPAdvertisementRoute m2 = APIPB__EVPNMACIPADVERTISEMENT_ROUTE__INIT;
	Apipb__EVPNInclusiveMulticastEthernetTagRoute m3 =
		APIPB__EVPNINCLUSIVE_MULTICAST_ETHERNET_TAG_ROUTE__INIT;
	Apipb__OriginAttribute origin = APIPB__ORIGIN_ATTRIBUTE__INIT;
	Apipb__MpReachNLRIAttribute mp = APIPB__MP_REACH_NLRIATTRIBUTE__INIT;
	Apipb__ExtendedCommunitiesAttribute ec = APIPB__EXTENDED_COMMUNITIES_ATTRIBUTE__INIT;
	Apipb__TwoOctetAsSpecificExtended rt2 = APIPB__TWO_OCTET_AS_SPECIFIC_EXTENDED__INIT;
	Apipb__FourOctetAsSpecificExtended rt4 = APIPB__FOUR_OCTET_AS_SPECIFIC_EXTENDED__INIT;
	Apipb__EncapExtended encap = APIPB__ENCAP_EXTENDED__INIT;
	Apipb__PmsiTunnelAttribute pmsi = APIPB__PMSI_TUNNEL_ATTRIBUTE__INIT;
	Apipb__Path path = APIPB__PATH__INIT;
	Google__Protobuf__Any rd_any, nlri, attrs[N_ATTRS], comms[N_COMMS];
	Google__Protobuf__Any *attr_p[N_ATTRS], *comm_p[N_COMMS], *nlri_p = &nlri;
	uint8_t esi_zero[9] = { 0 };
	uint32_t label = v->vni;
	char *nh = vtep;
	unsigned int i, n_attrs = N_ATTRS;
	int ret;

	fam.afi = APIPB__FAMILY__AFI__AFI_L2VPN;
	fam.safi = APIPB__FAMILY__SAFI__SAFI_EVPN;
	rd.admin = conf.rd_admin;
	rd.assigned = v->vni & 0xffff;
	any_set(&rd_any, &rd.base, rd_url, sizeof(rd_url));

	if (e->type == RT_MAC) {
		fmt_mac(e->mac, mac);
		esi.value.data = esi_zero;
		esi.value.len = sizeof(esi_zero);
		m2.rd = &rd_any;
		m2.esi = &esi;
		m2.mac_address = mac;
		m2.ip_address = (char *)ipaddr_str(&e->ip, ip, sizeof(ip));
		m2.n_labels = 1;
		m2.labels = &label;
		any_set(&nlri, &m2.base, nlri_url, sizeof(nlri_url));
		n_attrs = A_PMSI;
	} else {
		m3.rd = &rd_any;
		m3.ip_address = vtep;
		any_set(&nlri, &m3.base, nlri_url, sizeof(nlri_url));
		pmsi.type = 6;		/* ingress replication */
		pmsi.label = v->vni;
		pmsi.id.data = (uint8_t *)&conf.vtep.v4;
		pmsi.id.len = ipaddr_len(&conf.vtep);
		any_set(&attrs[A_PMSI], &pmsi.base, attr_url[A_PMSI], 96);
	}

	origin.origin = 0;	/* IGP */
	any_set(&attrs[A_ORIGIN], &origin.base, attr_url[A_ORIGIN], 96);
	mp.family = &fam;
	mp.n_next_hops = 1;
	mp.next_hops = &nh;
	mp.n_nlris = 1;
	mp.nlris = &nlri_p;
	any_set(&attrs[A_MPREACH], &mp.base, attr_url[A_MPREACH], 96);
	if (v->rt_asn > 0xffff) {
		rt4.is_transitive = true;
		rt4.sub_type = 2;
		rt4.asn = v->rt_asn;
		rt4.local_admin = v->rt_val;
		any_set(&comms[C_RT], &rt4.base, comm_url[C_RT], 96);
	} else {
		rt2.is_transitive = true;
		rt2.sub_type = 2;
		rt2.asn = v->rt_asn;
		rt2.local_admin = v->rt_val;
		any_set(&comms[C_RT], &rt2.base, comm_url[C_RT], 96);
	}
	encap.tunnel_type = 8;	/* VXLAN */
	any_set(&comms[C_ENCAP], &encap.base, comm_url[C_ENCAP], 96);
	for (i = 0; i < N_COMMS; i++)
		comm_p[i] = &comms[i];
	ec.n_communities = N_COMMS;
	ec.communities = comm_p;
	any_set(&attrs[A_EXTCOMM], &ec.base, attr_url[A_EXTCOMM], 96);
	for (i = 0; i < n_attrs; i++)
		attr_p[i] = &attrs[i];

	path.nlri = &nlri;
	path.n_pattrs = n_attrs;
	path.pattrs = attr_p;
	path.family = &fam;
	ret = gb_add_path(&path, e->uuid, &e->uuid_len);

	for (i = 0; i < n_attrs; i++)
		any_done(&attrs[i]);
	for (i = 0; i < N_COMMS; i++)
		any_done(&comms[i]);
	any_done(&nlri);
	any_done(&rd_any);
	e->in_gobgp = !ret;
	return ret;
}

/* The export of (@v, @type, @mac, @ip): @ip none for a MAC-only route. */
static struct exp *find(struct vni_conf *v, int type, const uint8_t *mac,
			const struct ipaddr *ip)
{
	struct exp *e;

	for (e = exps; e; e = e->next)
		if (e->v == v && e->type == type &&
		    (type != RT_MAC || (!memcmp(e->mac, mac, 6) && ipaddr_eq(&e->ip, ip))))
			return e;
	return NULL;
}

/* "export: [withdraw ]type-2 MAC [IP] vni N" */
static void log_type2(const char *what, const struct exp *e)
{
	char m[18], ip[INET6_ADDRSTRLEN];

	fmt_mac(e->mac, m);
	logmsg("export: %stype-2 %s%s%s vni %u", what, m, e->ip.af ? " " : "",
	       ipaddr_str(&e->ip, ip, sizeof(ip)), e->v->vni);
}

static void add(struct vni_conf *v, int type, const uint8_t *mac, const struct ipaddr *ip)
{
	struct exp *e = find(v, type, mac, ip);

	if (e)
		return;
	e = calloc(1, sizeof(*e));
	if (!e)
		return;
	e->v = v;
	e->type = type;
	if (mac)
		memcpy(e->mac, mac, 6);
	e->ip = *ip;
	e->next = exps;
	exps = e;
	n_exps++;
	v->n_exp[type]++;
	if (!add_path(e) && type == RT_MAC)
		log_type2("", e);
}

static void del(struct exp *e)
{
	struct exp **pp;

	for (pp = &exps; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	if (e->in_gobgp && e->uuid_len)
		gb_del_path(e->uuid, e->uuid_len);
	e->v->n_exp[e->type]--;
	n_exps--;
	free(e);
}

int export_type3_all(void)
{
	struct vni_conf *v;

	for (v = conf.vnis; v; v = v->next)
		if (!v->l3)
			add(v, RT_MCAST, NULL, &no_ip);
	return 0;
}

static void unexport(struct vni_conf *v, const uint8_t mac[6], const struct ipaddr *ip)
{
	struct exp *e = find(v, RT_MAC, mac, ip);

	if (!e)
		return;
	log_type2("withdraw ", e);
	del(e);
}

/* A local MAC came or went: its MAC-only route, and its MAC/IP routes. */
void export_mac(struct vni_conf *v, const uint8_t mac[6], bool on)
{
	struct nb *n;

	if (on)
		add(v, RT_MAC, mac, &no_ip);
	else
		unexport(v, mac, &no_ip);
	for (n = nbs; n; n = n->next) {
		if (n->v != v || memcmp(n->mac, mac, 6))
			continue;
		if (on)
			add(v, RT_MAC, mac, &n->ip);
		else
			unexport(v, mac, &n->ip);
	}
}

/*
 * The bridge's neighbour @ip is (or is no longer) at @mac.  Only a local
 * MAC's address is advertised: one learned through vxip is a remote
 * VTEP's to advertise.
 */
void export_neigh(struct vni_conf *v, const uint8_t mac[6], const struct ipaddr *ip, bool on)
{
	struct nb *n, **pp;

	for (pp = &nbs; (n = *pp); pp = &n->next)
		if (n->v == v && ipaddr_eq(&n->ip, ip))
			break;
	if (n && (!on || memcmp(n->mac, mac, 6))) {
		unexport(v, n->mac, ip);
		*pp = n->next;
		free(n);
		n = NULL;
	}
	if (!on || n)
		return;
	n = calloc(1, sizeof(*n));
	if (!n)
		return;
	n->v = v;
	memcpy(n->mac, mac, 6);
	n->ip = *ip;
	n->next = nbs;
	nbs = n;
	if (find(v, RT_MAC, mac, &no_ip))
		add(v, RT_MAC, mac, ip);
}

/* GoBGP came back (maybe restarted): send every path again. */
void export_resync(void)
{
	struct exp *e;

	for (e = exps; e; e = e->next)
		add_path(e);
}

/* The L2 VNI whose RD (VTEP or router id:VNI) @rd_any is, or NULL. */
static struct vni_conf *our_rd(const Google__Protobuf__Any *rd_any, bool *ours)
{
	const ProtobufCMessageDescriptor *d = &apipb__route_distinguisher_ipaddress__descriptor;
	Apipb__RouteDistinguisherIPAddress *rd;
	struct vni_conf *v, *found = NULL;

	*ours = false;
	if (!gb_any_is(rd_any, d))
		return NULL;
	rd = (Apipb__RouteDistinguisherIPAddress *)
		protobuf_c_message_unpack(d, NULL, rd_any->value.len, rd_any->value.data);
	if (!rd)
		return NULL;
	if (rd->admin && conf.rd_admin[0] && !strcmp(rd->admin, conf.rd_admin)) {
		*ours = true;
		for (v = conf.vnis; v; v = v->next)
			if (!v->l3 && (v->vni & 0xffff) == rd->assigned)
				found = v;
	}
	protobuf_c_message_free_unpacked(&rd->base, NULL);
	return found;
}

/*
 * A local path in the shape vxip-evpn originates (RD VTEP:VNI; type-3 with
 * our VTEP as originator, or a MAC-only type-2 with label VNI) that this
 * run does not want: an earlier run made it and the MAC (or the VNI) has
 * gone since.  Withdraw it.
 */
static void sweep_cb(const Apipb__Path *p, void *data)
{
	const ProtobufCMessageDescriptor *d2 = &apipb__evpnmacipadvertisement_route__descriptor;
	const ProtobufCMessageDescriptor *d3 =
		&apipb__evpninclusive_multicast_ethernet_tag_route__descriptor;
	unsigned long *n = data;
	struct vni_conf *v;
	bool ours, stale = false;
	struct ipaddr ip = { 0 };
	uint8_t mac[6];

	if (p->neighbor_ip && *p->neighbor_ip && strcmp(p->neighbor_ip, "<nil>"))
		return;		/* learned from a peer */
	if (gb_any_is(p->nlri, d2)) {
		Apipb__EVPNMACIPAdvertisementRoute *m = (Apipb__EVPNMACIPAdvertisementRoute *)
			protobuf_c_message_unpack(d2, NULL, p->nlri->value.len,
						  p->nlri->value.data);

		if (!m)
			return;
		v = our_rd(m->rd, &ours);
		if (m->ip_address && *m->ip_address && strcmp(m->ip_address, "<nil>")) {
			if (inet_pton(AF_INET, m->ip_address, &ip.v4) == 1)
				ip.af = AF_INET;
			else if (inet_pton(AF_INET6, m->ip_address, &ip.v6) == 1)
				ip.af = AF_INET6;
			else
				ours = false;	/* not an address we would make */
		}
		if (ours && m->n_labels == 1 && m->mac_address &&
		    !parse_mac(m->mac_address, mac))
			stale = !v || m->labels[0] != v->vni || !find(v, RT_MAC, mac, &ip);
		protobuf_c_message_free_unpacked(&m->base, NULL);
	} else if (gb_any_is(p->nlri, d3)) {
		Apipb__EVPNInclusiveMulticastEthernetTagRoute *m =
			(Apipb__EVPNInclusiveMulticastEthernetTagRoute *)
			protobuf_c_message_unpack(d3, NULL, p->nlri->value.len,
						  p->nlri->value.data);

		if (!m)
			return;
		v = our_rd(m->rd, &ours);
		if (ours && !ipaddr_parse(m->ip_address, &ip) && ipaddr_eq(&ip, &conf.vtep))
			stale = !v;
		protobuf_c_message_free_unpacked(&m->base, NULL);
	}
	if (stale && !gb_del_path_obj(p))
		(*n)++;
}

void export_sweep(void)
{
	unsigned long n = 0;

	if (gb_list_evpn_paths(sweep_cb, &n))
		return;
	if (n)
		logmsg("export: withdrew %lu stale routes of an earlier run", n);
}

unsigned long export_count(void)
{
	return n_exps;
}
