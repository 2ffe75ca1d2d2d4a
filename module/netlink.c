// SPDX-License-Identifier: GPL-2.0
/* vxip generic netlink family: policies, device ops, flush, the family. */

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"

static struct netlink_range_validation port_range = { .max = U16_MAX };

/* The IPv6 form of an underlay address. */
#define VXIP_UNDERLAY6_POLICY	NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr))

/*
 * Owners are 1..255, named or not.  The NEW commands refuse "learned",
 * the datapath's own (vxip_nl_owner_writable()); dumps and flushes take it.
 */
#define VXIP_OWNER_POLICY	NLA_POLICY_RANGE(NLA_U32, 1, VXIP_OWNERS_MAX)

static const struct nla_policy vxip_peer_policy[VXIP_PEER_A_MAX + 1] = {
	[VXIP_PEER_A_ADDR4]	= { .type = NLA_BE32 },
	[VXIP_PEER_A_ENCAP]	= NLA_POLICY_RANGE(NLA_U32, 1, VXIP_ENCAP_MAX),
	[VXIP_PEER_A_PORT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &port_range),
	[VXIP_PEER_A_OWNER]	= VXIP_OWNER_POLICY,
	[VXIP_PEER_A_GEN]	= { .type = NLA_U32 },
	[VXIP_PEER_A_FLOOD]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_N_FDB]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_STATS]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_CLAIM]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_N_ROUTES]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_ADDR6]	= VXIP_UNDERLAY6_POLICY,
};

static const struct nla_policy vxip_fdb_policy[VXIP_FDB_A_MAX + 1] = {
	[VXIP_FDB_A_MAC]	= NLA_POLICY_ETH_ADDR,
	[VXIP_FDB_A_PEER4]	= { .type = NLA_BE32 },
	[VXIP_FDB_A_IP4]	= { .type = NLA_BE32 },
	[VXIP_FDB_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXIP_FDB_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, VXIP_FDB_F_ALL),
	[VXIP_FDB_A_OWNER]	= VXIP_OWNER_POLICY,
	[VXIP_FDB_A_GEN]	= { .type = NLA_U32 },
	[VXIP_FDB_A_AGE]	= { .type = NLA_REJECT },
	[VXIP_FDB_A_PEER6]	= VXIP_UNDERLAY6_POLICY,
};

static const struct nla_policy vxip_flood_policy[VXIP_FLOOD_A_MAX + 1] = {
	[VXIP_FLOOD_A_PEER4]	= { .type = NLA_BE32 },
	[VXIP_FLOOD_A_OWNER]	= VXIP_OWNER_POLICY,
	[VXIP_FLOOD_A_GEN]	= { .type = NLA_U32 },
	[VXIP_FLOOD_A_PEER6]	= VXIP_UNDERLAY6_POLICY,
};

static const struct nla_policy vxip_flush_policy[VXIP_FLUSH_A_MAX + 1] = {
	[VXIP_FLUSH_A_SCOPE]	= NLA_POLICY_MASK(NLA_U32, VXIP_FLUSH_ALL),
	[VXIP_FLUSH_A_OWNER]	= VXIP_OWNER_POLICY,
	[VXIP_FLUSH_A_GEN_BELOW] = { .type = NLA_U32 },
	[VXIP_FLUSH_A_PEER4]	= { .type = NLA_BE32 },
	[VXIP_FLUSH_A_N_FDB]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_N_PEERS]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_N_FLOOD]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_N_ROUTES]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_PEER6]	= VXIP_UNDERLAY6_POLICY,
};

static struct netlink_range_validation vni_range = { .max = VXIP_VNI_MAX };

static const struct nla_policy vxip_route_policy[VXIP_ROUTE_A_MAX + 1] = {
	[VXIP_ROUTE_A_DST4]	= { .type = NLA_BE32 },
	[VXIP_ROUTE_A_DST6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXIP_ROUTE_A_PLEN]	= NLA_POLICY_MAX(NLA_U32, 128),
	[VXIP_ROUTE_A_PEER4]	= { .type = NLA_BE32 },
	[VXIP_ROUTE_A_ENCAP]	= NLA_POLICY_MAX(NLA_U32, VXIP_ENCAP_MAX),
	[VXIP_ROUTE_A_VNI]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vni_range),
	[VXIP_ROUTE_A_RMAC]	= NLA_POLICY_ETH_ADDR,
	[VXIP_ROUTE_A_OWNER]	= VXIP_OWNER_POLICY,
	[VXIP_ROUTE_A_GEN]	= { .type = NLA_U32 },
	[VXIP_ROUTE_A_PEER6]	= VXIP_UNDERLAY6_POLICY,
};

/* Top-level attributes, all of them; each object nest has its own policy. */
const struct nla_policy vxip_genl_policy[VXIP_A_MAX + 1] = {
	[VXIP_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXIP_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[VXIP_A_DEV]		= NLA_POLICY_NESTED(vxip_dev_policy),
	[VXIP_A_PEER]		= NLA_POLICY_NESTED(vxip_peer_policy),
	[VXIP_A_FDB]		= NLA_POLICY_NESTED(vxip_fdb_policy),
	[VXIP_A_FLOOD]		= NLA_POLICY_NESTED(vxip_flood_policy),
	[VXIP_A_FLUSH]		= NLA_POLICY_NESTED(vxip_flush_policy),
	[VXIP_A_MISS]		= { .type = NLA_REJECT },
	[VXIP_A_ROUTE]		= NLA_POLICY_NESTED(vxip_route_policy),
	[VXIP_A_REQ_FLAGS]	= NLA_POLICY_MASK(NLA_U32, VXIP_REQ_F_ALL),
};
EXPORT_SYMBOL_IF_KUNIT(vxip_genl_policy);

/* Find a device by the selector in @attrs, in @net.  RTNL or RCU. */
struct net_device *vxip_nl_find_rcu(struct net *net, struct nlattr **attrs,
				    struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	if (attrs[VXIP_A_IFINDEX]) {
		dev = dev_get_by_index_rcu(net, nla_get_u32(attrs[VXIP_A_IFINDEX]));
		if (!dev)
			NL_SET_ERR_MSG_ATTR(extack, attrs[VXIP_A_IFINDEX],
					    "No device with this ifindex");
	} else if (attrs[VXIP_A_IFNAME]) {
		dev = dev_get_by_name_rcu(net, nla_data(attrs[VXIP_A_IFNAME]));
		if (!dev)
			NL_SET_ERR_MSG_ATTR(extack, attrs[VXIP_A_IFNAME],
					    "No device with this name");
	} else {
		NL_SET_ERR_MSG(extack,
			       "Device not named: give an ifindex or an ifname");
		return ERR_PTR(-EINVAL);
	}
	if (!dev)
		return ERR_PTR(-ENODEV);
	if (!vxip_dev_from_netdev(dev)) {
		NL_SET_ERR_MSG(extack, "Device is not a vxip device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

/*
 * The vxip device a request names, in the requester's netns, with a
 * reference the caller drops with vxip_nl_put().
 */
/* How a NEW command treats an object that exists or doesn't. */
u32 vxip_nl_req_flags(const struct genl_info *info)
{
	const struct nlattr *a = info->attrs[VXIP_A_REQ_FLAGS];

	return a ? nla_get_u32(a) : VXIP_REQ_F_CREATE;
}

/* May a NEW change an existing object?  EXCL wins over REPLACE. */
bool vxip_nl_may_replace(const struct genl_info *info)
{
	u32 f = vxip_nl_req_flags(info);

	return (f & VXIP_REQ_F_REPLACE) && !(f & VXIP_REQ_F_EXCL);
}

/* May a NEW make an object that doesn't exist? */
bool vxip_nl_may_create(const struct genl_info *info)
{
	return vxip_nl_req_flags(info) & VXIP_REQ_F_CREATE;
}

/*
 * The device a request names, with a reference.  Table readers don't use
 * this: they find the device and read its tables in one RCU section, as
 * vxip_nl_get_one() and the dumps do, which needs no reference and cannot
 * see a device whose teardown has gone past the core's grace period.
 * Writers use vxip_nl_get_locked(), which checks vxip_dev::dying.
 */
struct vxip_dev *vxip_nl_get(struct genl_info *info)
{
	struct net_device *dev;

	rcu_read_lock();
	dev = vxip_nl_find_rcu(genl_info_net(info), info->attrs, info->extack);
	if (!IS_ERR(dev))
		dev_hold(dev);
	rcu_read_unlock();
	return IS_ERR(dev) ? ERR_CAST(dev) : netdev_priv(dev);
}

void vxip_nl_put(struct vxip_dev *vxip)
{
	dev_put(vxip->dev);
}

/*
 * The device a request names, referenced and with its lock held, for a
 * change; fails once the device is going away.  vxip_nl_unlock_put()
 * undoes both.
 */
struct vxip_dev *vxip_nl_get_locked(struct genl_info *info)
{
	struct vxip_dev *vxip = vxip_nl_get(info);

	if (IS_ERR(vxip))
		return vxip;
	mutex_lock(&vxip->lock);
	if (vxip->dying) {
		vxip_nl_unlock_put(vxip);
		NL_SET_ERR_MSG(info->extack, "Device is being deleted");
		return ERR_PTR(-ENODEV);
	}
	return vxip;
}

void vxip_nl_unlock_put(struct vxip_dev *vxip)
{
	mutex_unlock(&vxip->lock);
	vxip_nl_put(vxip);
}

/* ---- devices ----------------------------------------------------------- */

/* One DEV_GET message.  Called under RTNL. */
static int vxip_nl_dev_msg(struct sk_buff *skb, struct vxip_dev *vxip,
			   u32 portid, u32 seq, int flags,
			   struct netlink_callback *cb)
{
	void *hdr = vxip_nl_msg(skb, vxip, portid, seq, flags, VXIP_CMD_DEV_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (vxip_nl_dev_fill(skb, vxip, vxip)) {	/* with its counters */
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int vxip_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vxip_dev *vxip;
	struct sk_buff *msg;
	int err;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	vxip = vxip_nl_get(info);
	if (IS_ERR(vxip)) {
		err = PTR_ERR(vxip);
		goto err_unlock;
	}
	err = vxip_nl_dev_msg(msg, vxip, info->snd_portid, info->snd_seq, 0,
			      NULL);
	vxip_nl_put(vxip);
	if (err)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}

/* cb->args[0]: how many vxip devices earlier messages already carried. */
static int vxip_nl_dev_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct net_device *dev;
	int err = 0;

	rtnl_lock();
	cb->seq = net->dev_base_seq;
	for_each_netdev(net, dev) {
		struct vxip_dev *vxip = vxip_dev_from_netdev(dev);

		if (!vxip)
			continue;
		if (idx++ < skip)
			continue;
		err = vxip_nl_dev_msg(skb, vxip, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err) {
			idx--;
			break;
		}
	}
	rtnl_unlock();

	cb->args[0] = idx;
	/* A device too large for an empty message can never be sent. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int vxip_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_DEV_A_MAX + 1];
	struct vxip_dev *vxip;
	int err;

	err = vxip_nl_nest(info, VXIP_A_DEV, tb, VXIP_DEV_A_MAX, vxip_dev_policy,
			   "Missing the device configuration nest (VXIP_A_DEV)");
	if (err)
		return err;

	rtnl_lock();
	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip)) {
		err = PTR_ERR(vxip);
		goto out_rtnl;
	}
	/* The port and the local address are the underlay's: as for
	 * wireguard's listen port, the capability is needed over the
	 * underlay netns too, not only over the device's.
	 */
	if ((tb[VXIP_DEV_A_PORT] || tb[VXIP_DEV_A_LOCAL4]) &&
	    !netlink_ns_capable(skb, vxip->net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "Port and local address need CAP_NET_ADMIN over the underlay netns");
		err = -EPERM;
	} else {
		err = vxip_dev_change(vxip, tb, info->extack);
	}
	if (!err)
		vxip_nl_notify_dev(vxip);
	vxip_nl_unlock_put(vxip);
out_rtnl:
	rtnl_unlock();
	return err;
}

/* ---- flush ------------------------------------------------------------- */

/* A flush's filter and what it removed: its reply and its event. */
struct nl_flush {
	const struct vxip_flush_filter *f;
	struct in6_addr peer;		/* the filter's peer, if any */
	struct vxip_flush_result res;
};

static int vxip_nl_flush_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			      const void *obj)
{
	const struct nl_flush *fl = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_FLUSH);

	if (!nest ||
	    nla_put_u32(skb, VXIP_FLUSH_A_SCOPE, fl->f->scope) ||
	    (fl->f->owner &&
	     nla_put_u32(skb, VXIP_FLUSH_A_OWNER, fl->f->owner)) ||
	    (fl->f->has_gen &&
	     nla_put_u32(skb, VXIP_FLUSH_A_GEN_BELOW, fl->f->gen_below)) ||
	    (fl->f->peer && vxip_nl_put_addr(skb, VXIP_FLUSH_A_PEER4,
					     VXIP_FLUSH_A_PEER6, &fl->peer)) ||
	    nla_put_u32(skb, VXIP_FLUSH_A_N_FDB, fl->res.n_fdb) ||
	    nla_put_u32(skb, VXIP_FLUSH_A_N_PEERS, fl->res.n_peers) ||
	    nla_put_u32(skb, VXIP_FLUSH_A_N_FLOOD, fl->res.n_flood) ||
	    nla_put_u32(skb, VXIP_FLUSH_A_N_ROUTES, fl->res.n_routes))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int vxip_nl_flush_reply(struct genl_info *info, struct vxip_dev *vxip,
			       const struct nl_flush *fl)
{
	struct sk_buff *msg;
	void *hdr;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = vxip_nl_msg(msg, vxip, info->snd_portid, info->snd_seq, 0,
			  VXIP_CMD_FLUSH);
	if (!hdr || vxip_nl_flush_fill(msg, vxip, fl)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * FLUSH: one reply and one event with the filter and the counts; the
 * entries removed get no event each (a bridge dumps again if it must).
 */
static int vxip_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vxip_flush_filter f = { .scope = VXIP_FLUSH_ALL };
	struct nlattr *tb[VXIP_FLUSH_A_MAX + 1] = {};
	struct nl_flush fl = { .f = &f };
	struct vxip_dev *vxip;
	int err;

	if (info->attrs[VXIP_A_FLUSH]) {
		err = nla_parse_nested(tb, VXIP_FLUSH_A_MAX,
				       info->attrs[VXIP_A_FLUSH],
				       vxip_flush_policy, info->extack) ?:
		      vxip_nl_addr_either(info->extack, tb, VXIP_FLUSH_A_PEER4,
					  VXIP_FLUSH_A_PEER6);
		if (err)
			return err;
	}
	if (tb[VXIP_FLUSH_A_SCOPE])
		f.scope = nla_get_u32(tb[VXIP_FLUSH_A_SCOPE]);
	if (tb[VXIP_FLUSH_A_OWNER])
		f.owner = nla_get_u32(tb[VXIP_FLUSH_A_OWNER]);
	if (tb[VXIP_FLUSH_A_GEN_BELOW]) {
		if (!tb[VXIP_FLUSH_A_OWNER]) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VXIP_FLUSH_A_GEN_BELOW],
					    "A generation sweep needs an owner (VXIP_FLUSH_A_OWNER): generations are per owner");
			return -EINVAL;
		}
		f.has_gen = true;
		f.gen_below = nla_get_u32(tb[VXIP_FLUSH_A_GEN_BELOW]);
	}

	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	if (tb[VXIP_FLUSH_A_PEER4]) {
		f.peer = vxip_nl_find_peer(vxip, tb[VXIP_FLUSH_A_PEER4],
					   info->extack);
		if (IS_ERR(f.peer)) {
			err = PTR_ERR(f.peer);
			vxip_nl_unlock_put(vxip);
			return err;
		}
		fl.peer = f.peer->addr;
	}
	vxip_flush(&vxip->t, &f, &fl.res);
	vxip_nl_notify(vxip, VXIP_CMD_FLUSH, vxip_nl_flush_fill, &fl,
		       GFP_KERNEL);
	mutex_unlock(&vxip->lock);
	err = vxip_nl_flush_reply(info, vxip, &fl);
	vxip_nl_put(vxip);
	return err;
}

/* ---- misses ------------------------------------------------------------ */

/* ---- family ------------------------------------------------------------ */

/*
 * Each command takes its own attributes: the device selector and its
 * object's nest (and VXIP_A_REQ_FLAGS for NEW); the core refuses the
 * others (strict validation refuses an attribute whose policy is unset),
 * so that, say, an FDB nest in PEER_NEW is an error, not ignored.
 */
#define VXIP_SEL							\
	[VXIP_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),		\
	[VXIP_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }
#define VXIP_NEW							\
	[VXIP_A_REQ_FLAGS]	= NLA_POLICY_MASK(NLA_U32, VXIP_REQ_F_ALL)

static const struct nla_policy vxip_dev_get_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
};

static const struct nla_policy vxip_dev_set_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
	[VXIP_A_DEV]		= NLA_POLICY_NESTED(vxip_dev_policy),
};

static const struct nla_policy vxip_peer_new_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL, VXIP_NEW,
	[VXIP_A_PEER]		= NLA_POLICY_NESTED(vxip_peer_policy),
};

static const struct nla_policy vxip_peer_op_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
	[VXIP_A_PEER]		= NLA_POLICY_NESTED(vxip_peer_policy),
};

static const struct nla_policy vxip_fdb_new_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL, VXIP_NEW,
	[VXIP_A_FDB]		= NLA_POLICY_NESTED(vxip_fdb_policy),
};

static const struct nla_policy vxip_fdb_op_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
	[VXIP_A_FDB]		= NLA_POLICY_NESTED(vxip_fdb_policy),
};

static const struct nla_policy vxip_flood_new_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL, VXIP_NEW,
	[VXIP_A_FLOOD]		= NLA_POLICY_NESTED(vxip_flood_policy),
};

static const struct nla_policy vxip_flood_op_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
	[VXIP_A_FLOOD]		= NLA_POLICY_NESTED(vxip_flood_policy),
};

static const struct nla_policy vxip_flush_op_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
	[VXIP_A_FLUSH]		= NLA_POLICY_NESTED(vxip_flush_policy),
};

static const struct nla_policy vxip_route_new_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL, VXIP_NEW,
	[VXIP_A_ROUTE]		= NLA_POLICY_NESTED(vxip_route_policy),
};

static const struct nla_policy vxip_route_op_policy[VXIP_A_MAX + 1] = {
	VXIP_SEL,
	[VXIP_A_ROUTE]		= NLA_POLICY_NESTED(vxip_route_policy),
};

#define VXIP_OP(_cmd, _doit, _dumpit, _policy, _flags) {		\
	.cmd = (_cmd), .doit = (_doit), .dumpit = (_dumpit),		\
	.policy = (_policy), .maxattr = VXIP_A_MAX,			\
	.flags = (_flags),						\
}

#define VXIP_ADMIN	GENL_UNS_ADMIN_PERM

static const struct genl_ops vxip_genl_ops[] = {
	VXIP_OP(VXIP_CMD_DEV_GET, vxip_nl_dev_get_doit, vxip_nl_dev_get_dumpit,
		vxip_dev_get_policy, 0),
	VXIP_OP(VXIP_CMD_DEV_SET, vxip_nl_dev_set_doit, NULL,
		vxip_dev_set_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_PEER_NEW, vxip_nl_peer_new_doit, NULL,
		vxip_peer_new_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_PEER_DEL, vxip_nl_peer_del_doit, NULL,
		vxip_peer_op_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_PEER_GET, vxip_nl_peer_get_doit, vxip_nl_peer_get_dumpit,
		vxip_peer_op_policy, 0),
	VXIP_OP(VXIP_CMD_FDB_NEW, vxip_nl_fdb_new_doit, NULL,
		vxip_fdb_new_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_FDB_DEL, vxip_nl_fdb_del_doit, NULL,
		vxip_fdb_op_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_FDB_GET, vxip_nl_fdb_get_doit, vxip_nl_fdb_get_dumpit,
		vxip_fdb_op_policy, 0),
	VXIP_OP(VXIP_CMD_FLOOD_NEW, vxip_nl_flood_new_doit, NULL,
		vxip_flood_new_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_FLOOD_DEL, vxip_nl_flood_del_doit, NULL,
		vxip_flood_op_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_FLOOD_GET, NULL, vxip_nl_flood_get_dumpit,
		vxip_dev_get_policy, 0),
	VXIP_OP(VXIP_CMD_FLUSH, vxip_nl_flush_doit, NULL,
		vxip_flush_op_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_ROUTE_NEW, vxip_nl_route_new_doit, NULL,
		vxip_route_new_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_ROUTE_DEL, vxip_nl_route_del_doit, NULL,
		vxip_route_op_policy, VXIP_ADMIN),
	VXIP_OP(VXIP_CMD_ROUTE_GET, vxip_nl_route_get_doit, vxip_nl_route_get_dumpit,
		vxip_route_op_policy, 0),
};

static const struct genl_multicast_group vxip_genl_mcgrps[] = {
	[VXIP_GRP_CHANGES] = { .name = VXIP_MCGRP_CHANGES,
			       .flags = GENL_MCAST_CAP_NET_ADMIN },
	[VXIP_GRP_LEARN] = { .name = VXIP_MCGRP_LEARN,
			     .flags = GENL_MCAST_CAP_NET_ADMIN },
	[VXIP_GRP_MISS] = { .name = VXIP_MCGRP_MISS,
			    .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family vxip_genl_family __ro_after_init = {
	.name		= VXIP_GENL_NAME,
	.version	= VXIP_GENL_VERSION,
	.maxattr	= VXIP_A_MAX,
	.policy		= vxip_genl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= vxip_genl_ops,
	.n_ops		= ARRAY_SIZE(vxip_genl_ops),
	.mcgrps		= vxip_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vxip_genl_mcgrps),
};

int __init vxip_genl_init(void)
{
	return genl_register_family(&vxip_genl_family);
}

void vxip_genl_uninit(void)
{
	genl_unregister_family(&vxip_genl_family);
}
