// SPDX-License-Identifier: GPL-2.0
/*
 * vxip-gossip: what it does to the kernel.  The vxip device (created
 * over rtnetlink, configured over genetlink), the one cluster route, and
 * the peers and routes owned by "gossip".
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <linux/vxip.h>

#include "../lib/genl.h"
#include "gossip.h"

static struct vxnl nl;
static struct mnl_socket *rtnl;
static uint32_t rtnl_seq;

int kern_open(void)
{
	int err = vxnl_open(&nl);

	if (err)
		return err;
	rtnl = mnl_socket_open(NETLINK_ROUTE);
	if (!rtnl || mnl_socket_bind(rtnl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	return 0;
}

void kern_close(void)
{
	vxnl_close(&nl);
	if (rtnl)
		mnl_socket_close(rtnl);
	rtnl = NULL;
}

const char *kern_strerror(int err)
{
	return vxnl_strerror(&nl, err);
}

/* One rtnetlink request and its ACK; @cb sees data messages. */
static int rtnl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid = mnl_socket_get_portid(rtnl);
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = ++rtnl_seq;
	if (mnl_socket_sendto(rtnl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(rtnl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg))
		if (mnl_attr_get_type(a) == IFLA_ADDRESS &&
		    mnl_attr_get_payload_len(a) == 6)
			memcpy(data, mnl_attr_get_payload(a), 6);
	return MNL_CB_OK;
}

static int link_change(const char *dev, bool create, uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nlattr *li;

	nlh->nlmsg_type = create ? RTM_NEWLINK : RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (create)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, dev);
	if (create) {
		li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxip");
		mnl_attr_nest_end(nlh, li);
	}
	return rtnl_talk(nlh, create ? NULL : link_cb, mac);
}

static int link_up(unsigned int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return rtnl_talk(nlh, NULL, NULL);
}

/*
 * The device exists, carries the VNI and local address, and is up.
 * Its MAC goes to @mac, for the "mac" tag.
 */
int kern_setup_device(const struct config *cfg, uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int ifindex;
	int err;

	if (!if_nametoindex(cfg->device)) {
		err = link_change(cfg->device, true, NULL);
		if (err && err != -EEXIST) {
			logmsg("cannot create %s: %s", cfg->device, strerror(-err));
			return err;
		}
		logmsg("created %s", cfg->device);
	}
	ifindex = if_nametoindex(cfg->device);
	if (!ifindex)
		return -ENODEV;
	nlh = vxnl_msg(&nl, buf, VXIP_CMD_DEV_SET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VXIP_A_IFINDEX, ifindex);
	nest = mnl_attr_nest_start(nlh, VXIP_A_DEV);
	mnl_attr_put_u32(nlh, VXIP_DEV_A_VNI, cfg->vni);
	/* The local address of the VTEP's family; the other stays as it is. */
	if (cfg->vtep.family == AF_INET)
		mnl_attr_put(nlh, VXIP_DEV_A_LOCAL4, 4, cfg->vtep.addr);
	else
		mnl_attr_put(nlh, VXIP_DEV_A_LOCAL6, 16, cfg->vtep.addr);
	mnl_attr_nest_end(nlh, nest);
	err = vxnl_talk(&nl, nlh, NULL, NULL);
	if (err) {
		logmsg("cannot configure %s (is it a vxip device?): %s",
		       cfg->device, vxnl_strerror(&nl, err));
		return err;
	}
	err = link_up(ifindex);
	if (err) {
		logmsg("cannot bring %s up: %s", cfg->device, strerror(-err));
		return err;
	}
	return link_change(cfg->device, false, mac);
}

/* "ip route replace CLUSTER dev DEVICE" */
int kern_cluster_route(const struct config *cfg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	int err;

	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			   NLM_F_REPLACE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)cfg->cluster.family;
	rtm->rtm_dst_len = cfg->cluster.plen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, cfg->cluster.family == AF_INET ? 4 : 16,
		     cfg->cluster.addr);
	mnl_attr_put_u32(nlh, RTA_OIF, if_nametoindex(cfg->device));
	err = rtnl_talk(nlh, NULL, NULL);
	if (err)
		logmsg("cannot add the cluster route: %s", strerror(-err));
	return err;
}

static uint32_t vxip_encap(enum gossip_encap e)
{
	return e == ENCAP_IPIP ? VXIP_ENCAP_IPIP : VXIP_ENCAP_VXLAN;
}

static struct nlmsghdr *msg(char *buf, uint8_t cmd, const char *dev)
{
	struct nlmsghdr *nlh = vxnl_msg(&nl, buf, cmd, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VXIP_A_IFNAME, dev);
	return nlh;
}

static void put_peer(struct nlmsghdr *nlh, uint16_t type4, uint16_t type6,
		     const struct ipaddr *a)
{
	if (a->family == AF_INET)
		mnl_attr_put(nlh, type4, 4, a->addr);
	else
		mnl_attr_put(nlh, type6, 16, a->addr);
}

int kern_peer_claim(const char *dev, const struct ipaddr *peer,
		    enum gossip_encap encap, uint32_t gen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = msg(buf, VXIP_CMD_PEER_NEW, dev);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, VXIP_A_REQ_FLAGS,
			 VXIP_REQ_F_CREATE | VXIP_REQ_F_REPLACE);
	nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);
	put_peer(nlh, VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6, peer);
	mnl_attr_put_u32(nlh, VXIP_PEER_A_ENCAP, vxip_encap(encap));
	mnl_attr_put_u32(nlh, VXIP_PEER_A_OWNER, VXIP_OWNER_GOSSIP);
	mnl_attr_put_u32(nlh, VXIP_PEER_A_GEN, gen);
	mnl_attr_nest_end(nlh, nest);
	return vxnl_talk(&nl, nlh, NULL, NULL);
}

int kern_peer_unclaim(const char *dev, const struct ipaddr *peer)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = msg(buf, VXIP_CMD_PEER_DEL, dev);
	struct nlattr *nest;
	int err;

	nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);
	put_peer(nlh, VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6, peer);
	mnl_attr_put_u32(nlh, VXIP_PEER_A_OWNER, VXIP_OWNER_GOSSIP);
	mnl_attr_nest_end(nlh, nest);
	err = vxnl_talk(&nl, nlh, NULL, NULL);
	return err == -ENOENT ? 0 : err;
}

static void put_dst(struct nlmsghdr *nlh, const struct prefix *p)
{
	if (p->family == AF_INET)
		mnl_attr_put(nlh, VXIP_ROUTE_A_DST4, 4, p->addr);
	else
		mnl_attr_put(nlh, VXIP_ROUTE_A_DST6, 16, p->addr);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_PLEN, p->plen);
}

int kern_route_add(const char *dev, const struct kroute *r, uint32_t gen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = msg(buf, VXIP_CMD_ROUTE_NEW, dev);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, VXIP_A_REQ_FLAGS,
			 VXIP_REQ_F_CREATE | VXIP_REQ_F_REPLACE);
	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	put_dst(nlh, &r->dst);
	put_peer(nlh, VXIP_ROUTE_A_PEER4, VXIP_ROUTE_A_PEER6, &r->peer);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_ENCAP, vxip_encap(r->encap));
	if (r->encap == ENCAP_VXLAN) {
		mnl_attr_put_u32(nlh, VXIP_ROUTE_A_VNI, r->vni);
		mnl_attr_put(nlh, VXIP_ROUTE_A_RMAC, 6, r->rmac);
	}
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_OWNER, VXIP_OWNER_GOSSIP);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_GEN, gen);
	mnl_attr_nest_end(nlh, nest);
	return vxnl_talk(&nl, nlh, NULL, NULL);
}

int kern_route_del(const char *dev, const struct prefix *dst)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = msg(buf, VXIP_CMD_ROUTE_DEL, dev);
	struct nlattr *nest;
	int err;

	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	put_dst(nlh, dst);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_OWNER, VXIP_OWNER_GOSSIP);
	mnl_attr_nest_end(nlh, nest);
	err = vxnl_talk(&nl, nlh, NULL, NULL);
	return err == -ENOENT ? 0 : err;
}

/* Every gossip entry of @dev, or those with a generation below @gen. */
int kern_flush(const char *dev, bool below, uint32_t gen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = msg(buf, VXIP_CMD_FLUSH, dev);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, VXIP_A_FLUSH);
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_OWNER, VXIP_OWNER_GOSSIP);
	if (below)
		mnl_attr_put_u32(nlh, VXIP_FLUSH_A_GEN_BELOW, gen);
	mnl_attr_nest_end(nlh, nest);
	return vxnl_talk(&nl, nlh, NULL, NULL);
}

/* The highest generation of a gossip route or peer claim on the device. */
static int route_gen_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *b;
	uint32_t *max = data, owner = 0, gen = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != VXIP_A_ROUTE)
			continue;
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_validate(b, MNL_TYPE_U32))
				continue;
			if (mnl_attr_get_type(b) == VXIP_ROUTE_A_OWNER)
				owner = mnl_attr_get_u32(b);
			if (mnl_attr_get_type(b) == VXIP_ROUTE_A_GEN)
				gen = mnl_attr_get_u32(b);
		}
	}
	if (owner == VXIP_OWNER_GOSSIP && gen > *max)
		*max = gen;
	return MNL_CB_OK;
}

static int peer_gen_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *b, *c;
	uint32_t *max = data;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != VXIP_A_PEER)
			continue;
		mnl_attr_for_each_nested(b, a) {
			uint32_t owner = 0, gen = 0;

			if (mnl_attr_get_type(b) != VXIP_PEER_A_CLAIM)
				continue;
			mnl_attr_for_each_nested(c, b) {
				if (mnl_attr_validate(c, MNL_TYPE_U32))
					continue;
				if (mnl_attr_get_type(c) == VXIP_CLAIM_A_OWNER)
					owner = mnl_attr_get_u32(c);
				if (mnl_attr_get_type(c) == VXIP_CLAIM_A_GEN)
					gen = mnl_attr_get_u32(c);
			}
			if (owner == VXIP_OWNER_GOSSIP && gen > *max)
				*max = gen;
		}
	}
	return MNL_CB_OK;
}

int kern_max_gen(const char *dev, uint32_t *gen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err;

	*gen = 0;
	nlh = vxnl_msg(&nl, buf, VXIP_CMD_ROUTE_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VXIP_A_IFNAME, dev);
	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_OWNER, VXIP_OWNER_GOSSIP);
	mnl_attr_nest_end(nlh, nest);
	err = vxnl_talk(&nl, nlh, route_gen_cb, gen);
	if (err)
		return err;
	nlh = vxnl_msg(&nl, buf, VXIP_CMD_PEER_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VXIP_A_IFNAME, dev);
	return vxnl_talk(&nl, nlh, peer_gen_cb, gen);
}

struct lookup {
	uint32_t owner;
	struct ipaddr peer;
	bool found;
};

static int lookup_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *b;
	struct lookup *l = data;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != VXIP_A_ROUTE)
			continue;
		l->found = true;
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_get_type(b) == VXIP_ROUTE_A_OWNER &&
			    !mnl_attr_validate(b, MNL_TYPE_U32))
				l->owner = mnl_attr_get_u32(b);
			if (mnl_attr_get_type(b) == VXIP_ROUTE_A_PEER4 &&
			    mnl_attr_get_payload_len(b) == 4) {
				l->peer.family = AF_INET;
				memcpy(l->peer.addr, mnl_attr_get_payload(b), 4);
			}
			if (mnl_attr_get_type(b) == VXIP_ROUTE_A_PEER6 &&
			    mnl_attr_get_payload_len(b) == 16) {
				l->peer.family = AF_INET6;
				memcpy(l->peer.addr, mnl_attr_get_payload(b), 16);
			}
		}
	}
	return MNL_CB_OK;
}

int kern_route_lookup(const char *dev, const struct prefix *dst,
		      struct ipaddr *peer)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = msg(buf, VXIP_CMD_ROUTE_GET, dev);
	struct lookup l = { 0 };
	struct nlattr *nest;
	int err;

	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	put_dst(nlh, dst);
	mnl_attr_nest_end(nlh, nest);
	err = vxnl_talk(&nl, nlh, lookup_cb, &l);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (!l.found || l.owner != VXIP_OWNER_GOSSIP)
		return 0;
	*peer = l.peer;
	return 1;
}
