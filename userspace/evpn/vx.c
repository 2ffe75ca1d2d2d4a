// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to the vxip module: every object vxip-evpn makes carries owner
 * evpn and the run's generation, so a restart can sweep what it did not
 * program again.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/vxip.h>

#include "evpn.h"

static struct vxnl nl;
static bool nl_open;
static char buf[8192];
uint32_t vx_gen;

int vx_open(void)
{
	int err = vxnl_open(&nl);

	if (err) {
		logmsg("cannot talk to the vxip module: %s", strerror(-err));
		return err;
	}
	nl_open = true;
	return 0;
}

void vx_close(void)
{
	if (nl_open)
		vxnl_close(&nl);
	nl_open = false;
}

static struct nlmsghdr *msg(uint8_t cmd, const struct vni_conf *v, bool create)
{
	struct nlmsghdr *nlh = vxnl_msg(&nl, buf, cmd, NLM_F_ACK);

	mnl_attr_put_u32(nlh, VXIP_A_IFINDEX, v->ifindex);
	if (create)
		mnl_attr_put_u32(nlh, VXIP_A_REQ_FLAGS,
				 VXIP_REQ_F_CREATE | VXIP_REQ_F_REPLACE);
	return nlh;
}

static int talk(struct nlmsghdr *nlh, const char *what, const struct vni_conf *v,
		bool quiet_enoent)
{
	struct timespec t0, t1;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = vxnl_talk(&nl, nlh, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stats.kernel_ns += ns_between(&t0, &t1);
	stats.kernel_reqs++;
	if (err && !(quiet_enoent && err == -ENOENT)) {
		stats.kernel_errors++;
		bad_input(BAD_KERNEL, "vxip refused %s on %s: %s", what, v->device,
			  vxnl_strerror(&nl, err));
		last_error("vxip refused %s on %s: %s", what, v->device,
			   vxnl_strerror(&nl, err));
	}
	return err;
}

/* @a as the attribute of its family: @t4 (be32) or @t6 (16 bytes). */
static void put_addr(struct nlmsghdr *nlh, uint16_t t4, uint16_t t6,
		     const struct ipaddr *a)
{
	if (a->af == AF_INET6)
		mnl_attr_put(nlh, t6, 16, &a->v6);
	else
		mnl_attr_put(nlh, t4, 4, &a->v4);
}

static int locals_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vni_conf *v = data;
	const struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != VXIP_A_DEV)
			continue;
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_get_type(b) == VXIP_DEV_A_LOCAL4 &&
			    mnl_attr_get_payload_len(b) == 4) {
				v->local4.af = AF_INET;
				memcpy(&v->local4.v4, mnl_attr_get_payload(b), 4);
			} else if (mnl_attr_get_type(b) == VXIP_DEV_A_LOCAL6 &&
				   mnl_attr_get_payload_len(b) == 16) {
				v->local6.af = AF_INET6;
				memcpy(&v->local6.v6, mnl_attr_get_payload(b), 16);
			}
		}
	}
	return MNL_CB_OK;
}

/* Read the local addresses of @v's device into v->local4 and v->local6. */
int vx_dev_locals(struct vni_conf *v)
{
	struct nlmsghdr *nlh = vxnl_msg(&nl, buf, VXIP_CMD_DEV_GET, NLM_F_ACK);
	int err;

	memset(&v->local4, 0, sizeof(v->local4));
	memset(&v->local6, 0, sizeof(v->local6));
	mnl_attr_put_u32(nlh, VXIP_A_IFINDEX, v->ifindex);
	err = vxnl_talk(&nl, nlh, locals_cb, v);
	if (err)
		logmsg("cannot read %s's local addresses: %s", v->device,
		       vxnl_strerror(&nl, err));
	return err;
}

/* Make @local the device's local address of its family. */
int vx_dev_set_local(const struct vni_conf *v, const struct ipaddr *local)
{
	struct nlmsghdr *nlh = vxnl_msg(&nl, buf, VXIP_CMD_DEV_SET, NLM_F_ACK);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, VXIP_A_IFINDEX, v->ifindex);
	nest = mnl_attr_nest_start(nlh, VXIP_A_DEV);
	put_addr(nlh, VXIP_DEV_A_LOCAL4, VXIP_DEV_A_LOCAL6, local);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "the local address", v, false);
}

static void put_owner(struct nlmsghdr *nlh, uint16_t owner, uint16_t gen)
{
	mnl_attr_put_u32(nlh, owner, VXIP_OWNER_EVPN);
	if (gen)
		mnl_attr_put_u32(nlh, gen, vx_gen);
}

int vx_fdb_set(const struct vni_conf *v, const uint8_t mac[6],
	       const struct ipaddr *peers, unsigned int n_peers,
	       const struct in_addr *ips, unsigned int n_ips,
	       const struct in6_addr *ip6s, unsigned int n_ip6s, bool sticky)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_FDB_NEW, v, true);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_FDB);
	unsigned int i;

	mnl_attr_put(nlh, VXIP_FDB_A_MAC, 6, mac);
	for (i = 0; i < n_peers && i < VXIP_PEERS_MAX; i++)
		put_addr(nlh, VXIP_FDB_A_PEER4, VXIP_FDB_A_PEER6, &peers[i]);
	for (i = 0; i < n_ips && i < VXIP_FDB_MAX_IPS; i++)
		mnl_attr_put(nlh, VXIP_FDB_A_IP4, 4, &ips[i]);
	for (i = 0; i < n_ip6s && n_ips + i < VXIP_FDB_MAX_IPS; i++)
		mnl_attr_put(nlh, VXIP_FDB_A_IP6, 16, &ip6s[i]);
	mnl_attr_put_u32(nlh, VXIP_FDB_A_FLAGS,
			 VXIP_FDB_F_STATIC | (sticky ? VXIP_FDB_F_STICKY : 0));
	put_owner(nlh, VXIP_FDB_A_OWNER, VXIP_FDB_A_GEN);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "an FDB entry", v, false);
}

int vx_fdb_del(const struct vni_conf *v, const uint8_t mac[6])
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_FDB_DEL, v, false);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_FDB);

	mnl_attr_put(nlh, VXIP_FDB_A_MAC, 6, mac);
	put_owner(nlh, VXIP_FDB_A_OWNER, 0);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "an FDB deletion", v, true);
}

/*
 * evpn's claim on a peer: FDB entries and routes need their peer to exist,
 * so every imported path holds the claim on its VTEP (import.c counts).
 */
int vx_peer_claim(const struct vni_conf *v, const struct ipaddr *peer)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_PEER_NEW, v, true);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);

	put_addr(nlh, VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6, peer);
	put_owner(nlh, VXIP_PEER_A_OWNER, VXIP_PEER_A_GEN);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a peer", v, false);
}

int vx_peer_unclaim(const struct vni_conf *v, const struct ipaddr *peer)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_PEER_DEL, v, false);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);

	put_addr(nlh, VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6, peer);
	put_owner(nlh, VXIP_PEER_A_OWNER, 0);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a peer deletion", v, true);
}

/* A remote VTEP of a type-3 route on the flood list (the peer is claimed). */
int vx_flood_add(const struct vni_conf *v, const struct ipaddr *peer)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_FLOOD_NEW, v, false);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_FLOOD);

	put_addr(nlh, VXIP_FLOOD_A_PEER4, VXIP_FLOOD_A_PEER6, peer);
	put_owner(nlh, VXIP_FLOOD_A_OWNER, VXIP_FLOOD_A_GEN);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a flood-list membership", v, false);
}

int vx_flood_del(const struct vni_conf *v, const struct ipaddr *peer)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_FLOOD_DEL, v, false);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_FLOOD);

	put_addr(nlh, VXIP_FLOOD_A_PEER4, VXIP_FLOOD_A_PEER6, peer);
	put_owner(nlh, VXIP_FLOOD_A_OWNER, 0);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a flood-list deletion", v, true);
}

int vx_route_set(const struct vni_conf *v, struct in_addr dst, unsigned int plen,
		 const struct ipaddr *peer, const uint8_t rmac[6])
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_ROUTE_NEW, v, true);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);

	mnl_attr_put(nlh, VXIP_ROUTE_A_DST4, 4, &dst);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_PLEN, plen);
	put_addr(nlh, VXIP_ROUTE_A_PEER4, VXIP_ROUTE_A_PEER6, peer);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_ENCAP, VXIP_ENCAP_VXLAN);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_VNI, v->vni);
	mnl_attr_put(nlh, VXIP_ROUTE_A_RMAC, 6, rmac);
	put_owner(nlh, VXIP_ROUTE_A_OWNER, VXIP_ROUTE_A_GEN);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a route", v, false);
}

int vx_route_del(const struct vni_conf *v, struct in_addr dst, unsigned int plen)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_ROUTE_DEL, v, false);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);

	mnl_attr_put(nlh, VXIP_ROUTE_A_DST4, 4, &dst);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_PLEN, plen);
	put_owner(nlh, VXIP_ROUTE_A_OWNER, 0);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a route deletion", v, true);
}

/* After the initial import: what an older run made and this one did not. */
int vx_flush_old(const struct vni_conf *v)
{
	struct nlmsghdr *nlh = msg(VXIP_CMD_FLUSH, v, false);
	struct nlattr *nest = mnl_attr_nest_start(nlh, VXIP_A_FLUSH);

	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_OWNER, VXIP_OWNER_EVPN);
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_GEN_BELOW, vx_gen);
	mnl_attr_nest_end(nlh, nest);
	return talk(nlh, "a flush", v, false);
}

/* The highest generation of evpn's peer claims, FDB entries and routes. */
struct maxgen {
	uint32_t max;
	uint16_t nest, owner, gen;
};

static int max_cb(const struct nlmsghdr *nlh, void *data)
{
	struct maxgen *m = data;
	const struct nlattr *a, *b, *c;
	uint32_t owner = 0, gen = 0;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != m->nest)
			continue;
		mnl_attr_for_each_nested(b, a) {
			uint16_t t = mnl_attr_get_type(b);

			if (t == m->owner) {
				owner = mnl_attr_get_u32(b);
			} else if (t == m->gen) {
				gen = mnl_attr_get_u32(b);
			} else if (m->nest == VXIP_A_PEER && t == VXIP_PEER_A_CLAIM) {
				uint32_t o = 0, g = 0;

				mnl_attr_for_each_nested(c, b) {
					if (mnl_attr_get_type(c) == VXIP_CLAIM_A_OWNER)
						o = mnl_attr_get_u32(c);
					else if ((mnl_attr_get_type(c) == VXIP_CLAIM_A_GEN ||
						  mnl_attr_get_type(c) == VXIP_CLAIM_A_FLOOD_GEN) &&
						 mnl_attr_get_u32(c) > g)
						g = mnl_attr_get_u32(c);
				}
				if (o == VXIP_OWNER_EVPN && g > m->max)
					m->max = g;
			}
		}
	}
	if (owner == VXIP_OWNER_EVPN && gen > m->max)
		m->max = gen;
	return MNL_CB_OK;
}

uint32_t vx_max_gen(void)
{
	static const struct { uint8_t cmd; uint16_t nest, owner, gen; } k[] = {
		{ VXIP_CMD_PEER_GET, VXIP_A_PEER, VXIP_PEER_A_OWNER, VXIP_PEER_A_GEN },
		{ VXIP_CMD_FDB_GET, VXIP_A_FDB, VXIP_FDB_A_OWNER, VXIP_FDB_A_GEN },
		{ VXIP_CMD_ROUTE_GET, VXIP_A_ROUTE, VXIP_ROUTE_A_OWNER, VXIP_ROUTE_A_GEN },
	};
	struct maxgen m = { 0 };
	struct nlmsghdr *nlh;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(k); i++) {
		m.nest = k[i].nest;
		m.owner = k[i].owner;
		m.gen = k[i].gen;
		nlh = vxnl_msg(&nl, buf, k[i].cmd, NLM_F_DUMP);
		vxnl_talk(&nl, nlh, max_cb, &m);
	}
	return m.max;
}
