// SPDX-License-Identifier: GPL-2.0
/* vxip generic netlink ops for the tables: peers, FDB, flood list. */

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/rhashtable.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "netlink.h"

#define peer_policy	(vxip_genl_policy[VXIP_A_PEER].nested_policy)
#define fdb_policy	(vxip_genl_policy[VXIP_A_FDB].nested_policy)
#define flood_policy	(vxip_genl_policy[VXIP_A_FLOOD].nested_policy)

/*
 * Dump cursor: cb->args[0] is the ifindex being dumped, [1] and [2] the
 * position in its table, [3] flags; [4..5] hold an FDB dump's parsed
 * filters.
 */
#define DUMP_IFINDEX	VXIP_DUMP_IFINDEX
#define DUMP_POS	VXIP_DUMP_POS
#define DUMP_SUBPOS	VXIP_DUMP_SUBPOS
#define DUMP_FILTER	VXIP_DUMP_FLAGS	/* FILTER_* bits, FILTER_PARSED once parsed */

#define FILTER_PARSED	BIT(0)
#define FILTER_PEER	BIT(1)
#define FILTER_OWNER	BIT(2)
#define FILTER_OWNER_SHIFT	8	/* the owner filter's value, 8 bits */

/*
 * An FDB dump's peer filter, in the cursor after args[0..3]: the address
 * in its IPv6 form.
 */
static struct in6_addr *dump_peer(struct netlink_callback *cb)
{
	BUILD_BUG_ON(4 * sizeof(long) + sizeof(struct in6_addr) >
		     sizeof(cb->ctx));
	return (struct in6_addr *)&cb->ctx[4 * sizeof(long)];
}

/*
 * A nest's underlay address, which a request gives as @type4 (IPv4) or as
 * @type6 (IPv6), not both: tb[@type4] is made to point to the one given,
 * so that the code after reads one attribute (nl_peer_addr() tells the
 * families apart by length).
 */
int vxip_nl_addr_either(struct netlink_ext_ack *extack, struct nlattr **tb,
			int type4, int type6)
{
	if (tb[type4] && tb[type6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[type6],
				    "Give the address once, in IPv4 or in IPv6 form");
		return -EINVAL;
	}
	if (!tb[type4])
		tb[type4] = tb[type6];
	return 0;
}

/*
 * A peer address from a request, either family (the policies fix the
 * lengths: 4 bytes, or 16): unicast, not loopback; IPv6 global, not
 * v4-mapped.
 */
static int nl_peer_addr(const struct nlattr *a, struct in6_addr *addr,
			struct netlink_ext_ack *extack)
{
	__be32 v4;

	if (nla_len(a) == sizeof(struct in6_addr)) {
		int type;

		*addr = nla_get_in6_addr(a);
		type = ipv6_addr_type(addr);
		if (type == IPV6_ADDR_ANY ||
		    type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK |
			    IPV6_ADDR_MAPPED | IPV6_ADDR_LINKLOCAL)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Peer address must be a global unicast IPv6 address");
			return -EINVAL;
		}
		return 0;
	}
	v4 = nla_get_in_addr(a);

	if (ipv4_is_multicast(v4) || ipv4_is_lbcast(v4) ||
	    ipv4_is_zeronet(v4) || ipv4_is_loopback(v4)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "Peer address must be a unicast IPv4 address");
		return -EINVAL;
	}
	vxip_addr_set4(addr, v4);
	return 0;
}

/* The peer a request names, under the device lock. */
struct vxip_peer *vxip_nl_find_peer(struct vxip_dev *vxip,
				    const struct nlattr *a,
				    struct netlink_ext_ack *extack)
{
	struct vxip_peer *peer;
	struct in6_addr addr;
	int err;

	err = nl_peer_addr(a, &addr, extack);
	if (err)
		return ERR_PTR(err);
	peer = vxip_peer_lookup(&vxip->t, &addr);
	if (!peer) {
		NL_SET_ERR_MSG_ATTR(extack, a, "No such peer");
		return ERR_PTR(-ENOENT);
	}
	return peer;
}

/*
 * The peers a request names: each @type4 or @type6 attribute of @nest, in
 * order (they repeat for several peers, of either family), at most
 * VXIP_PEERS_MAX, every one an existing peer, none twice.  The caller has
 * made sure there is one.  Device lock.
 */
int vxip_nl_find_peers(struct vxip_dev *vxip, const struct nlattr *nest,
		       int type4, int type6, struct vxip_nh *nh,
		       struct netlink_ext_ack *extack)
{
	struct vxip_peer *peer;
	const struct nlattr *a;
	int rem;

	nh->n = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != type4 && nla_type(a) != type6)
			continue;
		if (nh->n == VXIP_PEERS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Too many peers (at most VXIP_PEERS_MAX, 8)");
			return -EINVAL;
		}
		peer = vxip_nl_find_peer(vxip, a, extack);
		if (IS_ERR(peer))
			return PTR_ERR(peer);
		if (vxip_nh_has(nh, peer)) {
			NL_SET_ERR_MSG_ATTR(extack, a, "Peer named twice");
			return -EINVAL;
		}
		nh->peer[nh->n++] = peer;
	}
	return 0;
}

/* Does an entry with these peers use the one at @addr? */
bool vxip_nl_uses_peer(struct vxip_peer *first, const struct vxip_nhs *nhs,
		       const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < vxip_nh_count(nhs); i++)
		if (ipv6_addr_equal(&vxip_nh_at(first, nhs, i)->addr, addr))
			return true;
	return false;
}

/* An underlay address, as @type4 or @type6 by its family. */
int vxip_nl_put_addr(struct sk_buff *skb, int type4, int type6,
		     const struct in6_addr *addr)
{
	if (vxip_addr_is4(addr))
		return nla_put_in_addr(skb, type4, vxip_addr4(addr));
	return nla_put_in6_addr(skb, type6, addr);
}

/*
 * The next device a dump covers: the one the request names, or every vxip
 * device of the netns in ifindex order, from cb->args[DUMP_IFINDEX] on.
 * NULL when done.  RCU.
 */
static struct vxip_dev *nl_dump_dev(struct netlink_callback *cb, long *err)
{
	struct nlattr **attrs = vxip_dump_attrs(cb);
	struct net *net = sock_net(cb->skb->sk);
	struct net_device *dev, *best = NULL;
	long from = cb->args[DUMP_IFINDEX];

	*err = 0;
	if (attrs[VXIP_A_IFINDEX] || attrs[VXIP_A_IFNAME]) {
		dev = vxip_nl_find_rcu(net, attrs, cb->extack);
		if (IS_ERR(dev)) {
			*err = PTR_ERR(dev);
			return NULL;
		}
		return dev->ifindex >= from ? netdev_priv(dev) : NULL;
	}
	for_each_netdev_rcu(net, dev)
		if (vxip_dev_from_netdev(dev) && dev->ifindex >= from &&
		    (!best || dev->ifindex < best->ifindex))
			best = dev;
	return best ? netdev_priv(best) : NULL;
}

/*
 * Drive a dump over devices: @one dumps one device from the cursor and
 * returns -EMSGSIZE when the message is full.
 */
int vxip_nl_dump_devices(struct sk_buff *skb, struct netlink_callback *cb,
			 int (*one)(struct sk_buff *skb,
				    struct netlink_callback *cb,
				    struct vxip_dev *vxip))
{
	struct vxip_dev *vxip;
	long err;

	rcu_read_lock();
	while ((vxip = nl_dump_dev(cb, &err))) {
		if (cb->args[DUMP_IFINDEX] != vxip->dev->ifindex) {
			cb->args[DUMP_IFINDEX] = vxip->dev->ifindex;
			cb->args[DUMP_POS] = 0;
			cb->args[DUMP_SUBPOS] = 0;
			/* Each device has its own generation. */
			cb->prev_seq = 0;
		}
		err = one(skb, cb, vxip);
		if (err)
			break;
		cb->args[DUMP_IFINDEX] = vxip->dev->ifindex + 1;
		cb->args[DUMP_POS] = 0;
		cb->args[DUMP_SUBPOS] = 0;
	}
	rcu_read_unlock();
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	/* Done: the DONE message must carry an interruption too. */
	if (!err && !skb->len && (cb->args[VXIP_DUMP_FLAGS] & VXIP_DUMP_F_INTR)) {
		cb->prev_seq = 1;
		cb->seq = 2;
	}
	return err ?: skb->len;
}

/*
 * The walk may have missed entries (a resize moved them behind the
 * cursor): mark this message batch, and every later message and the DONE,
 * with NLM_F_DUMP_INTR, so that the reader knows to dump again.
 */
static void nl_dump_interrupted(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	cb->args[VXIP_DUMP_FLAGS] |= VXIP_DUMP_F_INTR;
	if (skb->len)
		nlmsg_hdr(skb)->nlmsg_flags |= NLM_F_DUMP_INTR;
}

/* ---- peers ------------------------------------------------------------- */

/* The PEER nest of a request, which must name the peer's address. */
static int nl_peer_nest(struct genl_info *info, struct nlattr **tb)
{
	return vxip_nl_nest(info, VXIP_A_PEER, tb, VXIP_PEER_A_MAX, peer_policy,
			    "Missing the peer nest (VXIP_A_PEER)") ?:
	       vxip_nl_addr_either(info->extack, tb, VXIP_PEER_A_ADDR4,
				   VXIP_PEER_A_ADDR6) ?:
	       vxip_nl_need(info, VXIP_A_PEER, tb, VXIP_PEER_A_ADDR4,
			    "Missing the peer address (VXIP_PEER_A_ADDR4 or ADDR6)");
}

/*
 * Owners 1..255 may write, but for "learned", which is the datapath's own.
 * Absent means static.
 */
int vxip_nl_owner_writable(struct genl_info *info, const struct nlattr *a)
{
	if (a && nla_get_u32(a) == VXIP_OWNER_LEARNED) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "Owner 'learned' is the datapath's own");
		return -EINVAL;
	}
	return 0;
}

static u8 nl_owner(const struct nlattr *a)
{
	return a ? nla_get_u32(a) : VXIP_OWNER_STATIC;
}

/*
 * PEER_NEW: @owner claims the peer, creating it if need be.  A second
 * owner may claim an existing peer as it is; changing its settings, or
 * the claim an owner already has, takes NLM_F_REPLACE, which keeps the
 * settings the request doesn't give.
 */
int vxip_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_PEER_A_MAX + 1];
	struct vxip_peer *peer;
	struct vxip_dev *vxip;
	struct in6_addr addr;
	u8 encap, owner;
	u32 gen = 0, tx;
	u16 port;
	int err;

	err = nl_peer_nest(info, tb);
	if (err)
		return err;
	err = nl_peer_addr(tb[VXIP_PEER_A_ADDR4], &addr, info->extack) ?:
	      vxip_nl_owner_writable(info, tb[VXIP_PEER_A_OWNER]);
	if (err)
		return err;
	owner = nl_owner(tb[VXIP_PEER_A_OWNER]);
	if (tb[VXIP_PEER_A_GEN])
		gen = nla_get_u32(tb[VXIP_PEER_A_GEN]);

	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);

	peer = vxip_peer_lookup(&vxip->t, &addr);
	if (peer) {
		tx = READ_ONCE(peer->tx);
		encap = tb[VXIP_PEER_A_ENCAP] ? nla_get_u32(tb[VXIP_PEER_A_ENCAP]) :
						VXIP_PEER_TX_ENCAP(tx);
		port = tb[VXIP_PEER_A_PORT] ? nla_get_u32(tb[VXIP_PEER_A_PORT]) :
					      VXIP_PEER_TX_PORT(tx);
		if (!vxip_nl_may_replace(info) &&
		    vxip_claim_find(peer, owner, VXIP_CLAIM_PEER)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
					    "Peer already exists for this owner (replace changes it)");
			err = -EEXIST;
			goto out_unlock;
		}
		if (!vxip_nl_may_replace(info) && VXIP_PEER_TX(encap, port) != tx) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
					    "Peer exists with other settings (replace changes them)");
			err = -EEXIST;
			goto out_unlock;
		}
		if (!vxip_nl_may_create(info) &&
		    !vxip_claim_find(peer, owner, VXIP_CLAIM_PEER)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
					    "Peer has no claim by this owner (create makes one)");
			err = -ENOENT;
			goto out_unlock;
		}
		err = vxip_peer_claim(peer, owner, VXIP_CLAIM_PEER, gen);
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
					    "Peer has claims by too many owners");
			goto out_unlock;
		}
		/* In place: FDB entries and routes keep pointing at it. */
		if (VXIP_PEER_TX(encap, port) != tx)
			vxip_peer_set_tx(&vxip->t, peer, encap, port);
		else
			atomic_inc(&vxip->t.peer_gen);
	} else {
		if (!vxip_nl_may_create(info)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
					    "No such peer (create makes it)");
			err = -ENOENT;
			goto out_unlock;
		}
		encap = tb[VXIP_PEER_A_ENCAP] ? nla_get_u32(tb[VXIP_PEER_A_ENCAP]) :
						VXIP_ENCAP_VXLAN;
		port = tb[VXIP_PEER_A_PORT] ? nla_get_u32(tb[VXIP_PEER_A_PORT]) : 0;
		peer = vxip_peer_create(&addr, encap, port, owner, gen, GFP_KERNEL);
		if (!peer) {
			err = -ENOMEM;
			goto out_unlock;
		}
		err = vxip_peer_insert(&vxip->t, peer);
		if (err) {
			vxip_peer_free(peer);
			goto out_unlock;
		}
	}
	vxip_nl_notify_req(vxip, info, VXIP_CMD_PEER_NEW, vxip_nl_peer_fill,
			   peer);
out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

/*
 * PEER_DEL: drop the owner's claim (static if the request names none).
 * The peer goes once nothing holds it: other owners' claims, and FDB
 * entries and routes that use it, whoever owns them, keep it, and are
 * never removed by this.
 */
int vxip_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_PEER_A_MAX + 1];
	struct vxip_peer *peer;
	struct vxip_dev *vxip;
	int err;

	err = nl_peer_nest(info, tb);
	if (err)
		return err;
	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	peer = vxip_nl_find_peer(vxip, tb[VXIP_PEER_A_ADDR4], info->extack);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		goto out_unlock;
	}
	err = vxip_peer_unclaim(&vxip->t, peer, nl_owner(tb[VXIP_PEER_A_OWNER]),
				VXIP_CLAIM_PEER);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
				    "Peer has no claim by this owner");
		goto out_unlock;
	}
	if (vxip_peer_held(peer)) {
		/* A warning in the ACK: the peer stays, changed. */
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_PEER_A_ADDR4],
				    "Peer stays: other owners, FDB entries, routes or flood claims hold it");
		vxip_nl_notify(vxip, VXIP_CMD_PEER_NEW, vxip_nl_peer_fill, peer,
			       GFP_KERNEL);
	} else {
		vxip_peer_collect(vxip, peer);
	}
out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

/*
 * A GET of one object: @find looks it up, setting the extack and returning
 * an ERR_PTR when there is none; @fill puts it in the reply.  The device is
 * found and its table read in one RCU section, as dumps do: a GET that
 * found the device, left RCU and read the tables later could read them
 * after the device's teardown freed them (GETs need no privilege).
 */
int vxip_nl_get_one(struct genl_info *info, u8 cmd,
		    const void *(*find)(struct vxip_dev *vxip, const void *arg,
					struct netlink_ext_ack *extack),
		    const void *arg,
		    int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				const void *obj))
{
	struct net_device *dev;
	struct vxip_dev *vxip;
	struct sk_buff *msg;
	const void *obj;
	void *hdr;
	int err;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	dev = vxip_nl_find_rcu(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out_unlock;
	}
	vxip = netdev_priv(dev);
	obj = find(vxip, arg, info->extack);
	if (IS_ERR(obj)) {
		err = PTR_ERR(obj);
		goto out_unlock;
	}
	hdr = vxip_nl_msg(msg, vxip, info->snd_portid, info->snd_seq, 0, cmd);
	if (!hdr || fill(msg, vxip, obj)) {
		err = -EMSGSIZE;
		goto out_unlock;
	}
	genlmsg_end(msg, hdr);
	rcu_read_unlock();
	return genlmsg_reply(msg, info);

out_unlock:
	rcu_read_unlock();
	nlmsg_free(msg);
	return err;
}

static const void *nl_peer_get_find(struct vxip_dev *vxip, const void *arg,
				    struct netlink_ext_ack *extack)
{
	return vxip_nl_find_peer(vxip, arg, extack);
}

int vxip_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_PEER_A_MAX + 1];
	int err;

	err = nl_peer_nest(info, tb);
	if (err)
		return err;
	return vxip_nl_get_one(info, VXIP_CMD_PEER_GET, nl_peer_get_find,
			       tb[VXIP_PEER_A_ADDR4], vxip_nl_peer_fill);
}

/* One message per object; the device's generation marks a changed dump. */
static void *nl_dump_msg(struct sk_buff *skb, struct netlink_callback *cb,
			 struct vxip_dev *vxip, u8 cmd)
{
	void *hdr = vxip_nl_msg(skb, vxip, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, NLM_F_MULTI, cmd);

	if (hdr) {
		genl_dump_check_consistent(cb, hdr);
		if (cb->args[VXIP_DUMP_FLAGS] & VXIP_DUMP_F_INTR)
			genlmsg_nlhdr(hdr)->nlmsg_flags |= NLM_F_DUMP_INTR;
		if (cb->args[VXIP_DUMP_FLAGS] & VXIP_DUMP_F_FILTERED)
			genlmsg_nlhdr(hdr)->nlmsg_flags |= NLM_F_DUMP_FILTERED;
	}
	return hdr;
}

int vxip_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		     struct vxip_dev *vxip, u8 cmd,
		     int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				 const void *obj),
		     const void *obj)
{
	void *hdr = nl_dump_msg(skb, cb, vxip, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (fill(skb, vxip, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Walk a hash table's buckets from the cursor (bucket, entries already
 * done in it), dumping the objects @match selects.  Entries a resize
 * already moved to the next bucket table are not in this one: a resize
 * during the walk, or between two calls (the table or its size differ),
 * marks the dump interrupted, like a change of @gen does.  RCU.
 */
int vxip_nl_dump_rht(struct sk_buff *skb, struct netlink_callback *cb,
		     struct vxip_dev *vxip, struct rhashtable *ht, u32 gen,
		     u8 cmd,
		     bool (*match)(struct netlink_callback *cb, const void *obj),
		     int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				 const void *obj))
{
	const struct bucket_table *tbl = rht_dereference_rcu(ht->tbl, ht);
	struct rhash_head *pos;
	unsigned long b;
	int err = 0;
	long idx;

	cb->seq = vxip_nl_dump_seq(gen ^ hash_ptr(tbl, 32) ^ tbl->size);
	for (b = cb->args[DUMP_POS]; b < tbl->size; b++) {
		idx = 0;
		rht_for_each_rcu(pos, tbl, b) {
			const void *obj = rht_obj(ht, pos);

			if (idx++ < cb->args[DUMP_SUBPOS])
				continue;
			if (match(cb, obj) &&
			    vxip_nl_dump_one(skb, cb, vxip, cmd, fill, obj)) {
				err = -EMSGSIZE;
				break;
			}
			cb->args[DUMP_SUBPOS] = idx;
		}
		if (err)
			break;
		cb->args[DUMP_POS] = b + 1;
		cb->args[DUMP_SUBPOS] = 0;
	}
	if (rht_dereference_rcu(ht->tbl, ht) != tbl ||
	    rcu_access_pointer(tbl->future_tbl))
		nl_dump_interrupted(skb, cb);
	return err;
}

static int nl_dump_peers(struct sk_buff *skb, struct netlink_callback *cb,
			 struct vxip_dev *vxip)
{
	struct vxip_peer *peer;
	long idx = 0;

	cb->seq = vxip_nl_dump_seq(atomic_read(&vxip->t.peer_gen));
	list_for_each_entry_rcu(peer, &vxip->t.peer_list, list) {
		if (idx++ < cb->args[DUMP_POS] || READ_ONCE(peer->dead))
			continue;
		if (vxip_nl_dump_one(skb, cb, vxip, VXIP_CMD_PEER_GET,
				     vxip_nl_peer_fill, peer))
			return -EMSGSIZE;
		cb->args[DUMP_POS] = idx;
	}
	return 0;
}

int vxip_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *nest = vxip_dump_attrs(cb)[VXIP_A_PEER];

	if (nest) {
		NL_SET_ERR_MSG_ATTR(cb->extack, nest, "Peer dumps take no filter");
		return -EINVAL;
	}
	return vxip_nl_dump_devices(skb, cb, nl_dump_peers);
}

/* ---- FDB --------------------------------------------------------------- */

/* Collect the IP4/IP6 attributes of an FDB nest. */
static int nl_fdb_ips(const struct nlattr *nest, struct in6_addr *ips,
		      unsigned int *n, struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	*n = 0;
	nla_for_each_nested(a, nest, rem) {
		int type = nla_type(a);

		if (type != VXIP_FDB_A_IP4 && type != VXIP_FDB_A_IP6)
			continue;
		if (*n == VXIP_FDB_MAX_IPS) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Too many IP addresses: at most "
					    __stringify(VXIP_FDB_MAX_IPS) " per MAC");
			return -E2BIG;
		}
		if (type == VXIP_FDB_A_IP4) {
			__be32 v4 = nla_get_in_addr(a);

			if (ipv4_is_multicast(v4) || ipv4_is_lbcast(v4) ||
			    ipv4_is_zeronet(v4) || ipv4_is_loopback(v4))
				goto bad;
			vxip_addr_set4(&ips[*n], v4);
		} else {
			ips[*n] = nla_get_in6_addr(a);
			if (ipv6_addr_any(&ips[*n]) ||
			    ipv6_addr_is_multicast(&ips[*n]) ||
			    ipv6_addr_loopback(&ips[*n]) ||
			    ipv6_addr_v4mapped(&ips[*n]))
				goto bad;
		}
		(*n)++;
	}
	return 0;
bad:
	NL_SET_ERR_MSG_ATTR(extack, a, "IP address must be a unicast address");
	return -EINVAL;
}

/* The FDB nest of a request, which must name the MAC. */
static int nl_fdb_nest(struct genl_info *info, struct nlattr **tb)
{
	return vxip_nl_nest(info, VXIP_A_FDB, tb, VXIP_FDB_A_MAX, fdb_policy,
			    "Missing the FDB nest (VXIP_A_FDB)") ?:
	       vxip_nl_need(info, VXIP_A_FDB, tb, VXIP_FDB_A_MAC,
			    "Missing the MAC address (VXIP_FDB_A_MAC)");
}

int vxip_nl_fdb_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 owner, flags = VXIP_FDB_F_STATIC;
	struct in6_addr ips[VXIP_FDB_MAX_IPS];
	struct nlattr *tb[VXIP_FDB_A_MAX + 1];
	struct vxip_nh nh, old;
	struct vxip_dev *vxip;
	struct vxip_fdb *f;
	unsigned int n_ips;
	bool had;
	const u8 *mac;
	u32 gen = 0;
	int err;

	err = nl_fdb_nest(info, tb);
	if (err)
		return err;
	mac = nla_data(tb[VXIP_FDB_A_MAC]);
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FDB_A_MAC],
				    "MAC must be a unicast, non-zero Ethernet address");
		return -EINVAL;
	}
	if (!tb[VXIP_FDB_A_PEER4])
		tb[VXIP_FDB_A_PEER4] = tb[VXIP_FDB_A_PEER6];
	err = vxip_nl_need(info, VXIP_A_FDB, tb, VXIP_FDB_A_PEER4,
			   "Missing the peer address (VXIP_FDB_A_PEER4 or PEER6)");
	if (err)
		return err;
	err = nl_fdb_ips(info->attrs[VXIP_A_FDB], ips, &n_ips, info->extack);
	if (err)
		return err;
	if (tb[VXIP_FDB_A_FLAGS])
		flags = nla_get_u32(tb[VXIP_FDB_A_FLAGS]);
	err = vxip_nl_owner_writable(info, tb[VXIP_FDB_A_OWNER]);
	if (err)
		return err;
	owner = nl_owner(tb[VXIP_FDB_A_OWNER]);
	if (tb[VXIP_FDB_A_GEN])
		gen = nla_get_u32(tb[VXIP_FDB_A_GEN]);

	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	err = vxip_nl_find_peers(vxip, info->attrs[VXIP_A_FDB], VXIP_FDB_A_PEER4,
				 VXIP_FDB_A_PEER6, &nh, info->extack);
	if (err)
		goto out_unlock;
	f = vxip_fdb_create(mac, nh.peer[0], flags, owner, gen, GFP_KERNEL);
	if (!f) {
		err = -ENOMEM;
		goto out_unlock;
	}
	had = vxip_fdb_lookup_nh(&vxip->t, mac, &old);
	if (!had && !vxip_nl_may_create(info)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FDB_A_MAC],
				    "No FDB entry for this MAC (create makes it)");
		vxip_fdb_free(f);
		err = -ENOENT;
		goto out_unlock;
	}
	err = vxip_nhs_make(&nh, &f->nhs, GFP_KERNEL) ?:
	      vxip_fdb_set_ips(f, ips, n_ips, GFP_KERNEL);
	if (!err)
		err = vxip_fdb_insert(&vxip->t, f, vxip_nl_may_replace(info),
				      vxip_cfg(vxip)->max_fdb, info->extack);
	if (err) {
		vxip_fdb_free(f);
		goto out_unlock;
	}
	vxip_nl_notify_req(vxip, info, VXIP_CMD_FDB_NEW, vxip_nl_fdb_fill, f);
	/* The replaced entry's peers may have been held by it alone. */
	if (had)
		vxip_peers_collect(vxip, &old, &nh);
out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

int vxip_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_FDB_A_MAX + 1];
	struct vxip_dev *vxip;
	struct vxip_fdb gone;
	struct vxip_nh nh;
	const u8 *mac;
	int err;

	err = nl_fdb_nest(info, tb);
	if (err)
		return err;
	mac = nla_data(tb[VXIP_FDB_A_MAC]);

	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	/* Only the owner's entry goes: static if the request names none. */
	err = vxip_fdb_delete(&vxip->t, mac, nl_owner(tb[VXIP_FDB_A_OWNER]),
			      &gone, &nh);
	if (err == -ENOENT) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FDB_A_MAC],
				    "No FDB entry for this MAC");
	} else if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FDB_A_MAC],
				    "FDB entry for this MAC belongs to another owner");
		err = -ENOENT;
	} else {
		vxip_nl_notify(vxip, VXIP_CMD_FDB_DEL, vxip_nl_fdb_key_fill,
			       &gone, GFP_KERNEL);
		vxip_peers_collect(vxip, &nh, NULL);
	}
	vxip_nl_unlock_put(vxip);
	return err;
}

static const void *nl_fdb_get_find(struct vxip_dev *vxip, const void *arg,
				   struct netlink_ext_ack *extack)
{
	const struct nlattr *mac = arg;
	struct vxip_fdb *f = vxip_fdb_lookup(&vxip->t, nla_data(mac));

	if (!f) {
		NL_SET_ERR_MSG_ATTR(extack, mac, "No FDB entry for this MAC");
		return ERR_PTR(-ENOENT);
	}
	return f;
}

int vxip_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_FDB_A_MAX + 1];
	int err;

	err = nl_fdb_nest(info, tb);
	if (err)
		return err;
	return vxip_nl_get_one(info, VXIP_CMD_FDB_GET, nl_fdb_get_find,
			       tb[VXIP_FDB_A_MAC], vxip_nl_fdb_fill);
}

/*
 * Filters of an FDB dump request, FDB { [PEER4 | PEER6], [OWNER] }, parsed
 * once into the cursor.
 */
static int nl_fdb_dump_filter(struct netlink_callback *cb)
{
	struct nlattr **attrs = vxip_dump_attrs(cb);
	struct nlattr *tb[VXIP_FDB_A_MAX + 1];
	long flags = FILTER_PARSED;
	int err;

	if (cb->args[DUMP_FILTER] & FILTER_PARSED)
		return 0;
	if (attrs[VXIP_A_FDB]) {
		const struct nlattr *a;
		int rem;

		err = nla_parse_nested(tb, VXIP_FDB_A_MAX, attrs[VXIP_A_FDB],
				       fdb_policy, cb->extack);
		if (err)
			return err;
		nla_for_each_nested(a, attrs[VXIP_A_FDB], rem) {
			if (nla_type(a) != VXIP_FDB_A_PEER4 &&
			    nla_type(a) != VXIP_FDB_A_PEER6 &&
			    nla_type(a) != VXIP_FDB_A_OWNER) {
				NL_SET_ERR_MSG_ATTR(cb->extack, a,
						    "FDB dumps filter by peer and owner only");
				return -EINVAL;
			}
		}
		err = vxip_nl_addr_either(cb->extack, tb, VXIP_FDB_A_PEER4,
					  VXIP_FDB_A_PEER6);
		if (err)
			return err;
		if (tb[VXIP_FDB_A_PEER4]) {
			err = nl_peer_addr(tb[VXIP_FDB_A_PEER4], dump_peer(cb),
					   cb->extack);
			if (err)
				return err;
			flags |= FILTER_PEER;
		}
		if (tb[VXIP_FDB_A_OWNER]) {
			flags |= FILTER_OWNER;
			flags |= (long)nla_get_u32(tb[VXIP_FDB_A_OWNER]) <<
				 FILTER_OWNER_SHIFT;
		}
		if (flags & (FILTER_PEER | FILTER_OWNER))
			flags |= VXIP_DUMP_F_FILTERED;
	}
	cb->args[DUMP_FILTER] |= flags;
	return 0;
}

static bool nl_fdb_dump_match(struct netlink_callback *cb, const void *obj)
{
	const struct vxip_fdb *f = obj;
	long flags = cb->args[DUMP_FILTER];

	if ((flags & FILTER_PEER) &&
	    !vxip_nl_uses_peer(f->peer, f->nhs, dump_peer(cb)))
		return false;
	if ((flags & FILTER_OWNER) &&
	    f->owner != (u8)(flags >> FILTER_OWNER_SHIFT))
		return false;
	return true;
}

static int nl_dump_fdb(struct sk_buff *skb, struct netlink_callback *cb,
		       struct vxip_dev *vxip)
{
	return vxip_nl_dump_rht(skb, cb, vxip, &vxip->t.fdb,
				atomic_read(&vxip->t.fdb_gen), VXIP_CMD_FDB_GET,
				nl_fdb_dump_match, vxip_nl_fdb_fill);
}

int vxip_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	int err = nl_fdb_dump_filter(cb);

	return err ?: vxip_nl_dump_devices(skb, cb, nl_dump_fdb);
}

/* ---- flood list -------------------------------------------------------- */

/* One owner's flood-list membership of a peer: the flood list's object. */
struct nl_flood_member {
	struct vxip_peer *peer;
	u8 owner;
	u32 gen;
};

static int vxip_nl_flood_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			      const void *obj)
{
	const struct nl_flood_member *m = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_FLOOD);

	if (!nest ||
	    vxip_nl_put_addr(skb, VXIP_FLOOD_A_PEER4, VXIP_FLOOD_A_PEER6,
			     &m->peer->addr) ||
	    nla_put_u32(skb, VXIP_FLOOD_A_OWNER, m->owner) ||
	    nla_put_u32(skb, VXIP_FLOOD_A_GEN, m->gen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * FLOOD_NEW: the owner wants the peer on the flood list; on an existing
 * membership it refreshes the generation (a resync).  FLOOD_DEL: the owner
 * no longer does; the peer leaves the list when no owner wants it.
 */
static int nl_flood_set(struct genl_info *info, bool on)
{
	struct nlattr *tb[VXIP_FLOOD_A_MAX + 1];
	struct nl_flood_member m = {};
	struct vxip_dev *vxip;
	int err;

	err = vxip_nl_nest(info, VXIP_A_FLOOD, tb, VXIP_FLOOD_A_MAX,
			   flood_policy, "Missing the flood nest (VXIP_A_FLOOD)") ?:
	      vxip_nl_addr_either(info->extack, tb, VXIP_FLOOD_A_PEER4,
				  VXIP_FLOOD_A_PEER6) ?:
	      vxip_nl_need(info, VXIP_A_FLOOD, tb, VXIP_FLOOD_A_PEER4,
			   "Missing the peer address (VXIP_FLOOD_A_PEER4 or PEER6)") ?:
	      vxip_nl_owner_writable(info, tb[VXIP_FLOOD_A_OWNER]);
	if (err)
		return err;
	m.owner = nl_owner(tb[VXIP_FLOOD_A_OWNER]);
	if (tb[VXIP_FLOOD_A_GEN])
		m.gen = nla_get_u32(tb[VXIP_FLOOD_A_GEN]);
	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	m.peer = vxip_nl_find_peer(vxip, tb[VXIP_FLOOD_A_PEER4], info->extack);
	if (IS_ERR(m.peer)) {
		err = PTR_ERR(m.peer);
		goto out_unlock;
	}
	if (!on) {
		err = vxip_peer_unclaim(&vxip->t, m.peer, m.owner,
					VXIP_CLAIM_FLOOD);
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FLOOD_A_PEER4],
					    "Peer is not on the flood list for this owner");
			goto out_unlock;
		}
		vxip_flood_compact(&vxip->t);
		vxip_nl_notify(vxip, VXIP_CMD_FLOOD_DEL, vxip_nl_flood_fill, &m,
			       GFP_KERNEL);
		vxip_peer_collect(vxip, m.peer);
		goto out_unlock;
	}
	if (vxip_claim_find(m.peer, m.owner, VXIP_CLAIM_FLOOD) ?
	    vxip_nl_req_flags(info) & VXIP_REQ_F_EXCL : !vxip_nl_may_create(info)) {
		if (vxip_nl_req_flags(info) & VXIP_REQ_F_EXCL) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FLOOD_A_PEER4],
					    "Peer is already on the flood list for this owner");
			err = -EEXIST;
		} else {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FLOOD_A_PEER4],
					    "Peer is not on the flood list for this owner (create puts it there)");
			err = -ENOENT;
		}
		goto out_unlock;
	}
	err = vxip_peer_claim(m.peer, m.owner, VXIP_CLAIM_FLOOD, m.gen);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FLOOD_A_PEER4],
				    "Peer has claims by too many owners");
		goto out_unlock;
	}
	if (!m.peer->flood) {
		err = vxip_flood_set(&vxip->t, m.peer, true);
		if (err) {
			vxip_peer_unclaim(&vxip->t, m.peer, m.owner,
					  VXIP_CLAIM_FLOOD);
			goto out_unlock;
		}
	}
	atomic_inc(&vxip->t.peer_gen);
	vxip_nl_notify_req(vxip, info, VXIP_CMD_FLOOD_NEW, vxip_nl_flood_fill,
			   &m);
out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

int vxip_nl_flood_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nl_flood_set(info, true);
}

int vxip_nl_flood_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nl_flood_set(info, false);
}

/* One message per owner's membership, from the cursor (slot, claim). */
static int nl_dump_flood(struct sk_buff *skb, struct netlink_callback *cb,
			 struct vxip_dev *vxip)
{
	struct vxip_flood *fl = rcu_dereference(vxip->t.flood);
	long i, j;

	cb->seq = vxip_nl_dump_seq(atomic_read(&vxip->t.peer_gen));
	for (i = cb->args[DUMP_POS]; fl && i < fl->n; i++) {
		struct nl_flood_member m = { .peer = READ_ONCE(fl->peers[i]) };

		for (j = cb->args[DUMP_SUBPOS]; m.peer && j < VXIP_PEER_CLAIMS; j++) {
			const struct vxip_claim *c = &m.peer->claims[j];

			m.owner = READ_ONCE(c->owner);
			m.gen = READ_ONCE(c->flood_gen);
			if (m.owner && (READ_ONCE(c->what) & VXIP_CLAIM_FLOOD) &&
			    vxip_nl_dump_one(skb, cb, vxip, VXIP_CMD_FLOOD_GET,
					     vxip_nl_flood_fill, &m))
				return -EMSGSIZE;
			cb->args[DUMP_SUBPOS] = j + 1;
		}
		cb->args[DUMP_POS] = i + 1;
		cb->args[DUMP_SUBPOS] = 0;
	}
	return 0;
}

int vxip_nl_flood_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vxip_nl_dump_devices(skb, cb, nl_dump_flood);
}
