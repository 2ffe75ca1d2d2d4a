// SPDX-License-Identifier: GPL-2.0
/*
 * vxip events: messages that describe objects, sent to the multicast
 * groups (changes, learn, miss) or back to a requester.  Below the netlink
 * ops and beside the tables: the ops, the tables and the datapath call
 * into it; it only reads the objects it describes, and changes nothing.
 */

#include <linux/etherdevice.h>
#include <net/genetlink.h>

#include "netlink.h"

int vxip_nl_put_dev(struct sk_buff *skb, struct vxip_dev *vxip)
{
	if (nla_put_u32(skb, VXIP_A_IFINDEX, vxip->dev->ifindex) ||
	    nla_put_string(skb, VXIP_A_IFNAME, vxip->dev->name))
		return -EMSGSIZE;
	return 0;
}

/*
 * Build a message with @fill and send it to group @grp in the device's
 * netns, if anyone listens there.
 */
static void vxip_nl_notify_grp(struct vxip_dev *vxip, unsigned int grp, u8 cmd,
			       int (*fill)(struct sk_buff *skb,
					   struct vxip_dev *vxip,
					   const void *obj),
			       const void *obj, gfp_t gfp)
{
	struct net *net = dev_net(vxip->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&vxip_genl_family, net, grp))
		return;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vxip_genl_family, 0, cmd);
	if (!hdr || vxip_nl_put_dev(msg, vxip) || fill(msg, vxip, obj)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&vxip_genl_family, net, msg, 0, grp, gfp);
}

/* A change made by a request (or collected after one): the changes group. */
void vxip_nl_notify(struct vxip_dev *vxip, u8 cmd,
		    int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				const void *obj),
		    const void *obj, gfp_t gfp)
{
	vxip_nl_notify_grp(vxip, VXIP_GRP_CHANGES, cmd, fill, obj, gfp);
}

/*
 * A change a request made: to the changes group and, if the request has
 * NLM_F_ECHO, back to the requester (genl_notify(), as rtnetlink's
 * rtnl_notify() does).  The message carries the request's portid and seq.
 */
void vxip_nl_notify_req(struct vxip_dev *vxip, struct genl_info *info, u8 cmd,
			int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				    const void *obj),
			const void *obj)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&vxip_genl_family, genl_info_net(info),
				VXIP_GRP_CHANGES) && !nlmsg_report(info->nlhdr))
		return;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &vxip_genl_family, 0, cmd);
	if (!hdr || vxip_nl_put_dev(msg, vxip) || fill(msg, vxip, obj)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genl_notify(&vxip_genl_family, msg, info, VXIP_GRP_CHANGES, GFP_KERNEL);
}

/* A change the datapath made (learned, moved, aged): the learn group. */
void vxip_nl_notify_learn(struct vxip_dev *vxip, u8 cmd,
			  int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				      const void *obj),
			  const void *obj, gfp_t gfp)
{
	vxip_nl_notify_grp(vxip, VXIP_GRP_LEARN, cmd, fill, obj, gfp);
}

/* Start a reply or dump message; the device selector is filled in. */
void *vxip_nl_msg(struct sk_buff *skb, struct vxip_dev *vxip, u32 portid,
		  u32 seq, int flags, u8 cmd)
{
	void *hdr = genlmsg_put(skb, portid, seq, &vxip_genl_family, flags, cmd);

	if (hdr && vxip_nl_put_dev(skb, vxip)) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

/*
 * A device's nest: its configuration and table sizes, and with @stats
 * (DEV_GET replies; not events, which say what changed) its counters.
 */
int vxip_nl_dev_fill(struct sk_buff *skb, struct vxip_dev *vxip,
		     const void *stats)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, VXIP_A_DEV);
	if (!nest || vxip_config_fill(skb, vxip_cfg(vxip)) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_PEERS, vxip->t.n_peers) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_FDB, atomic_read(&vxip->t.n_fdb)) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_FLOOD, vxip_flood_len(&vxip->t)) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_ROUTES, READ_ONCE(vxip->t.routes.n)) ||
	    nla_put(skb, VXIP_DEV_A_MAC, ETH_ALEN, vxip->dev->dev_addr) ||
	    (stats && vxip_nl_stats_fill(skb, vxip)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A DEV_SET event, for a change made over genetlink or rtnetlink. */
void vxip_nl_notify_dev(struct vxip_dev *vxip)
{
	vxip_nl_notify(vxip, VXIP_CMD_DEV_SET, vxip_nl_dev_fill, NULL,
		       GFP_KERNEL);
}

static int vxip_nl_miss_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			     const void *obj)
{
	const struct vxip_miss *m = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_MISS);

	if (!nest)
		return -EMSGSIZE;
	if (m->mac && nla_put(skb, VXIP_MISS_A_MAC, ETH_ALEN, m->mac))
		return -EMSGSIZE;
	if (m->family == AF_INET &&
	    nla_put_in_addr(skb, VXIP_MISS_A_DST4, m->dst4))
		return -EMSGSIZE;
	if (m->family == AF_INET6 &&
	    nla_put_in6_addr(skb, VXIP_MISS_A_DST6, &m->dst6))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The datapath had no answer for a frame: no FDB entry for a unicast MAC
 * (flooded or dropped), or no route for a packet addressed to the device
 * (a routed one).  Rate-limited by the caller.  Atomic context.
 */
void vxip_nl_notify_miss(struct vxip_dev *vxip, const struct vxip_miss *m)
{
	vxip_nl_notify_grp(vxip, VXIP_GRP_MISS, VXIP_CMD_MISS,
			   vxip_nl_miss_fill, m, GFP_ATOMIC);
}

static int nl_put_u64(struct sk_buff *skb, int type, u64_stats_t *v)
{
	return nla_put_u64_64bit(skb, type, u64_stats_read(v),
				 VXIP_PEER_STATS_A_PAD);
}

/*
 * The claims on a peer, one CLAIM nest per owner.  OWNER and GEN at the
 * peer's level are the first owner's peer claim, for readers of ABI 1.
 * Read under RCU while the device lock's holder may change them: each
 * field is read once.
 */
static int nl_peer_fill_claims(struct sk_buff *skb, struct vxip_peer *peer)
{
	bool first = true;
	unsigned int i;

	for (i = 0; i < VXIP_PEER_CLAIMS; i++) {
		const struct vxip_claim *c = &peer->claims[i];
		u8 what = READ_ONCE(c->what), owner = READ_ONCE(c->owner);
		u32 gen = READ_ONCE(c->gen);
		struct nlattr *nest;

		if (!what || !owner)
			continue;
		if ((what & VXIP_CLAIM_PEER) && first) {
			if (nla_put_u32(skb, VXIP_PEER_A_OWNER, owner) ||
			    nla_put_u32(skb, VXIP_PEER_A_GEN, gen))
				return -EMSGSIZE;
			first = false;
		}
		nest = nla_nest_start(skb, VXIP_PEER_A_CLAIM);
		if (!nest || nla_put_u32(skb, VXIP_CLAIM_A_OWNER, owner) ||
		    ((what & VXIP_CLAIM_PEER) &&
		     nla_put_u32(skb, VXIP_CLAIM_A_GEN, gen)) ||
		    ((what & VXIP_CLAIM_FLOOD) &&
		     nla_put_u32(skb, VXIP_CLAIM_A_FLOOD_GEN,
				 READ_ONCE(c->flood_gen))))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

int vxip_nl_peer_fill(struct sk_buff *skb, struct vxip_dev *vxip,
		      const void *obj)
{
	struct vxip_peer *peer = (struct vxip_peer *)obj;
	struct vxip_peer_pcpu_stats s;
	struct nlattr *nest, *st;
	u32 tx = READ_ONCE(peer->tx);

	vxip_peer_read_stats(peer, &s);
	nest = nla_nest_start(skb, VXIP_A_PEER);
	if (!nest ||
	    vxip_nl_put_addr(skb, VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6,
			     &peer->addr) ||
	    nla_put_u32(skb, VXIP_PEER_A_ENCAP, VXIP_PEER_TX_ENCAP(tx)) ||
	    nla_put_u32(skb, VXIP_PEER_A_PORT, VXIP_PEER_TX_PORT(tx)) ||
	    nl_peer_fill_claims(skb, peer) ||
	    nla_put_u32(skb, VXIP_PEER_A_FLOOD, READ_ONCE(peer->flood)) ||
	    nla_put_u32(skb, VXIP_PEER_A_N_FDB, atomic_read(&peer->n_fdb)) ||
	    nla_put_u32(skb, VXIP_PEER_A_N_ROUTES, atomic_read(&peer->n_routes)))
		return -EMSGSIZE;
	st = nla_nest_start(skb, VXIP_PEER_A_STATS);
	if (!st ||
	    nl_put_u64(skb, VXIP_PEER_STATS_A_TX_PACKETS, &s.tx_packets) ||
	    nl_put_u64(skb, VXIP_PEER_STATS_A_TX_BYTES, &s.tx_bytes) ||
	    nl_put_u64(skb, VXIP_PEER_STATS_A_RX_PACKETS, &s.rx_packets) ||
	    nl_put_u64(skb, VXIP_PEER_STATS_A_RX_BYTES, &s.rx_bytes) ||
	    nl_put_u64(skb, VXIP_PEER_STATS_A_TX_FLOOD, &s.tx_flood) ||
	    nl_put_u64(skb, VXIP_PEER_STATS_A_DROPS, &s.drops))
		return -EMSGSIZE;
	nla_nest_end(skb, st);
	nla_nest_end(skb, nest);
	return 0;
}

/* An entry's peers, each as a @type4 or @type6 attribute, in order. */
int vxip_nl_put_peers(struct sk_buff *skb, int type4, int type6,
		      struct vxip_peer *first, const struct vxip_nhs *nhs)
{
	unsigned int i;

	for (i = 0; i < vxip_nh_count(nhs); i++)
		if (vxip_nl_put_addr(skb, type4, type6,
				     &vxip_nh_at(first, nhs, i)->addr))
			return -EMSGSIZE;
	return 0;
}

int vxip_nl_fdb_fill(struct sk_buff *skb, struct vxip_dev *vxip,
		     const void *obj)
{
	const struct vxip_fdb *f = obj;
	struct vxip_fdb_ips *ips;
	struct nlattr *nest;
	unsigned int i;
	int err = 0;

	nest = nla_nest_start(skb, VXIP_A_FDB);
	if (!nest ||
	    nla_put(skb, VXIP_FDB_A_MAC, ETH_ALEN, f->mac) ||
	    vxip_nl_put_peers(skb, VXIP_FDB_A_PEER4, VXIP_FDB_A_PEER6, f->peer,
			      f->nhs) ||
	    nla_put_u32(skb, VXIP_FDB_A_FLAGS, f->flags) ||
	    nla_put_u32(skb, VXIP_FDB_A_OWNER, f->owner) ||
	    nla_put_u32(skb, VXIP_FDB_A_GEN, f->gen))
		return -EMSGSIZE;
	if (!(f->flags & VXIP_FDB_F_STATIC) &&
	    nla_put_u32(skb, VXIP_FDB_A_AGE,
			(jiffies - READ_ONCE(f->updated)) / HZ))
		return -EMSGSIZE;

	rcu_read_lock();
	ips = rcu_dereference(f->ips);
	for (i = 0; ips && i < ips->n && !err; i++) {
		if (ipv6_addr_v4mapped(&ips->ip[i]))
			err = nla_put_in_addr(skb, VXIP_FDB_A_IP4,
					      vxip_addr4(&ips->ip[i]));
		else
			err = nla_put_in6_addr(skb, VXIP_FDB_A_IP6, &ips->ip[i]);
	}
	rcu_read_unlock();
	if (err)
		return err;
	nla_nest_end(skb, nest);
	return 0;
}

/* What a deletion notification carries: the key, owner and generation. */
int vxip_nl_fdb_key_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			 const void *obj)
{
	const struct vxip_fdb *f = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_FDB);

	if (!nest || nla_put(skb, VXIP_FDB_A_MAC, ETH_ALEN, f->mac) ||
	    nla_put_u32(skb, VXIP_FDB_A_OWNER, f->owner) ||
	    nla_put_u32(skb, VXIP_FDB_A_GEN, f->gen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Learning made or moved @f: FDB_NEW to the learn group.  Atomic, RCU. */
void vxip_nl_notify_learned(struct vxip_dev *vxip, const struct vxip_fdb *f)
{
	vxip_nl_notify_learn(vxip, VXIP_CMD_FDB_NEW, vxip_nl_fdb_fill, f,
			     GFP_ATOMIC);
}

/*
 * @f ages out (called under fdb_lock, before it is unlinked): FDB_DEL to
 * the learn group if the datapath made it, else to the changes group.
 */
void vxip_nl_notify_aged(struct vxip_dev *vxip, const struct vxip_fdb *f)
{
	if (f->owner == VXIP_OWNER_LEARNED)
		vxip_nl_notify_learn(vxip, VXIP_CMD_FDB_DEL, vxip_nl_fdb_key_fill,
				     f, GFP_ATOMIC);
	else
		vxip_nl_notify(vxip, VXIP_CMD_FDB_DEL, vxip_nl_fdb_key_fill, f,
			       GFP_ATOMIC);
}
