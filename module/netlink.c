// SPDX-License-Identifier: GPL-2.0
/* vxip generic netlink family: policies, device ops, flush, notifications. */

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"

static struct genl_family vxip_genl_family;

/*
 * NLM_F_REPLACE selects replace-or-create on the NEW commands, as in
 * rtnetlink; CREATE and EXCL are accepted and change nothing (NEW without
 * REPLACE is exclusive).
 */
#define VXIP_NLM_F_ALLOWED	(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO | \
				 NLM_F_REPLACE | NLM_F_CREATE | NLM_F_EXCL)

static struct netlink_range_validation port_range = { .max = U16_MAX };

static const struct nla_policy vxip_peer_policy[VXIP_PEER_A_MAX + 1] = {
	[VXIP_PEER_A_ADDR4]	= { .type = NLA_BE32 },
	[VXIP_PEER_A_ENCAP]	= NLA_POLICY_RANGE(NLA_U32, 1, VXIP_ENCAP_MAX),
	[VXIP_PEER_A_PORT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &port_range),
	[VXIP_PEER_A_OWNER]	= NLA_POLICY_RANGE(NLA_U32, VXIP_OWNER_STATIC,
						   VXIP_OWNER_GOSSIP),
	[VXIP_PEER_A_GEN]	= { .type = NLA_U32 },
	[VXIP_PEER_A_FLOOD]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_N_FDB]	= { .type = NLA_REJECT },
	[VXIP_PEER_A_STATS]	= { .type = NLA_REJECT },
};

static const struct nla_policy vxip_fdb_policy[VXIP_FDB_A_MAX + 1] = {
	[VXIP_FDB_A_MAC]	= NLA_POLICY_ETH_ADDR,
	[VXIP_FDB_A_PEER4]	= { .type = NLA_BE32 },
	[VXIP_FDB_A_IP4]	= { .type = NLA_BE32 },
	[VXIP_FDB_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXIP_FDB_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, VXIP_FDB_F_ALL),
	/* LEARNED filters dumps; FDB_NEW refuses it. */
	[VXIP_FDB_A_OWNER]	= NLA_POLICY_RANGE(NLA_U32, VXIP_OWNER_STATIC,
						   VXIP_OWNER_MAX),
	[VXIP_FDB_A_GEN]	= { .type = NLA_U32 },
	[VXIP_FDB_A_AGE]	= { .type = NLA_REJECT },
};

static const struct nla_policy vxip_flood_policy[VXIP_FLOOD_A_MAX + 1] = {
	[VXIP_FLOOD_A_PEER4]	= { .type = NLA_BE32 },
};

static const struct nla_policy vxip_flush_policy[VXIP_FLUSH_A_MAX + 1] = {
	[VXIP_FLUSH_A_SCOPE]	= NLA_POLICY_MASK(NLA_U32, VXIP_FLUSH_ALL),
	[VXIP_FLUSH_A_OWNER]	= NLA_POLICY_RANGE(NLA_U32, VXIP_OWNER_STATIC,
						   VXIP_OWNER_MAX),
	[VXIP_FLUSH_A_GEN_BELOW] = { .type = NLA_U32 },
	[VXIP_FLUSH_A_PEER4]	= { .type = NLA_BE32 },
	[VXIP_FLUSH_A_N_FDB]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_N_PEERS]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_N_FLOOD]	= { .type = NLA_REJECT },
	[VXIP_FLUSH_A_N_ROUTES]	= { .type = NLA_REJECT },
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
	[VXIP_ROUTE_A_OWNER]	= NLA_POLICY_RANGE(NLA_U32, VXIP_OWNER_STATIC,
						   VXIP_OWNER_GOSSIP),
	[VXIP_ROUTE_A_GEN]	= { .type = NLA_U32 },
};

/* Top-level attributes; each object nest carries its own policy. */
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
/* The header checks the core leaves to us; see resv_start_op below. */
int vxip_nl_check_hdr(struct genl_info *info)
{
	if (info->nlhdr->nlmsg_flags & ~VXIP_NLM_F_ALLOWED) {
		NL_SET_ERR_MSG(info->extack,
			       "Unsupported bits in nlmsg_flags: only NLM_F_REPLACE, CREATE and EXCL have a meaning");
		return -EINVAL;
	}
	if (info->genlhdr->reserved) {
		NL_SET_ERR_MSG(info->extack, "genlmsghdr.reserved field is not 0");
		return -EINVAL;
	}
	return 0;
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
	int err;

	err = vxip_nl_check_hdr(info);
	if (err)
		return ERR_PTR(err);

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

int vxip_nl_put_dev(struct sk_buff *skb, struct vxip_dev *vxip)
{
	if (nla_put_u32(skb, VXIP_A_IFINDEX, vxip->dev->ifindex) ||
	    nla_put_string(skb, VXIP_A_IFNAME, vxip->dev->name))
		return -EMSGSIZE;
	return 0;
}

/*
 * Build a message with @fill and send it to the "events" group in the
 * device's netns, if anyone listens.
 */
void vxip_nl_notify(struct vxip_dev *vxip, u8 cmd,
		    int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				const void *obj),
		    const void *obj, gfp_t gfp)
{
	struct net *net = dev_net(vxip->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&vxip_genl_family, net, 0))
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
	genlmsg_multicast_netns(&vxip_genl_family, net, msg, 0, 0, gfp);
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

/* ---- devices ----------------------------------------------------------- */

static int vxip_nl_dev_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			    const void *unused)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, VXIP_A_DEV);
	if (!nest || vxip_config_fill(skb, vxip_cfg(vxip)) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_PEERS, vxip->t.n_peers) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_FDB, atomic_read(&vxip->t.n_fdb)) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_FLOOD, vxip_flood_len(&vxip->t)) ||
	    nla_put_u32(skb, VXIP_DEV_A_N_ROUTES, READ_ONCE(vxip->t.routes.n)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

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
	if (vxip_nl_dev_fill(skb, vxip, NULL)) {
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
	struct vxip_config *cfg;
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
	cfg = kmemdup(vxip_cfg(vxip), sizeof(*cfg), GFP_KERNEL);
	if (!cfg) {
		err = -ENOMEM;
		goto out_dev;
	}
	err = vxip_config_apply(cfg, tb, info->extack);
	if (!err)
		err = vxip_dev_set_config(vxip, cfg, info->extack);
	if (err)
		kfree(cfg);
	else
		vxip_nl_notify(vxip, VXIP_CMD_DEV_SET, vxip_nl_dev_fill, NULL,
			       GFP_KERNEL);
out_dev:
	vxip_nl_unlock_put(vxip);
out_rtnl:
	rtnl_unlock();
	return err;
}

/* ---- flush ------------------------------------------------------------- */

static int vxip_nl_flush_reply(struct genl_info *info, struct vxip_dev *vxip,
			       const struct vxip_flush_result *res)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = vxip_nl_msg(msg, vxip, info->snd_portid, info->snd_seq, 0,
			  VXIP_CMD_FLUSH);
	if (!hdr)
		goto err_free;
	nest = nla_nest_start(msg, VXIP_A_FLUSH);
	if (!nest ||
	    nla_put_u32(msg, VXIP_FLUSH_A_N_FDB, res->n_fdb) ||
	    nla_put_u32(msg, VXIP_FLUSH_A_N_PEERS, res->n_peers) ||
	    nla_put_u32(msg, VXIP_FLUSH_A_N_FLOOD, res->n_flood) ||
	    nla_put_u32(msg, VXIP_FLUSH_A_N_ROUTES, res->n_routes))
		goto err_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int vxip_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vxip_flush_filter f = { .scope = VXIP_FLUSH_ALL };
	struct nlattr *tb[VXIP_FLUSH_A_MAX + 1] = {};
	struct vxip_flush_result res;
	struct vxip_dev *vxip;
	int err;

	if (info->attrs[VXIP_A_FLUSH]) {
		err = nla_parse_nested(tb, VXIP_FLUSH_A_MAX,
				       info->attrs[VXIP_A_FLUSH],
				       vxip_flush_policy, info->extack);
		if (err)
			return err;
	}
	if (tb[VXIP_FLUSH_A_SCOPE])
		f.scope = nla_get_u32(tb[VXIP_FLUSH_A_SCOPE]);
	if (tb[VXIP_FLUSH_A_OWNER])
		f.owner = nla_get_u32(tb[VXIP_FLUSH_A_OWNER]);
	if (tb[VXIP_FLUSH_A_GEN_BELOW]) {
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
			goto out_unlock;
		}
	}
	vxip_flush(&vxip->t, &f, &res);
	mutex_unlock(&vxip->lock);
	err = vxip_nl_flush_reply(info, vxip, &res);
	vxip_nl_put(vxip);
	return err;

out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

/* ---- misses ------------------------------------------------------------ */

static int vxip_nl_miss_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			     const void *mac)
{
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_MISS);

	if (!nest || nla_put(skb, VXIP_MISS_A_MAC, ETH_ALEN, mac))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A frame to @mac found no FDB entry and no flood peer.  Atomic context. */
void vxip_nl_notify_miss(struct vxip_dev *vxip, const u8 *mac)
{
	vxip_nl_notify(vxip, VXIP_CMD_MISS, vxip_nl_miss_fill, mac, GFP_ATOMIC);
}

/* ---- family ------------------------------------------------------------ */

#define VXIP_OP(_cmd, _doit, _dumpit, _flags) {			\
	.cmd = (_cmd), .doit = (_doit), .dumpit = (_dumpit),		\
	.policy = vxip_genl_policy, .maxattr = VXIP_A_MAX,		\
	.flags = (_flags),						\
}

static const struct genl_ops vxip_genl_ops[] = {
	VXIP_OP(VXIP_CMD_DEV_GET, vxip_nl_dev_get_doit, vxip_nl_dev_get_dumpit, 0),
	VXIP_OP(VXIP_CMD_DEV_SET, vxip_nl_dev_set_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_PEER_NEW, vxip_nl_peer_new_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_PEER_DEL, vxip_nl_peer_del_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_PEER_GET, vxip_nl_peer_get_doit, vxip_nl_peer_get_dumpit, 0),
	VXIP_OP(VXIP_CMD_FDB_NEW, vxip_nl_fdb_new_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_FDB_DEL, vxip_nl_fdb_del_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_FDB_GET, vxip_nl_fdb_get_doit, vxip_nl_fdb_get_dumpit, 0),
	VXIP_OP(VXIP_CMD_FLOOD_NEW, vxip_nl_flood_new_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_FLOOD_DEL, vxip_nl_flood_del_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_FLOOD_GET, NULL, vxip_nl_flood_get_dumpit, 0),
	VXIP_OP(VXIP_CMD_FLUSH, vxip_nl_flush_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_ROUTE_NEW, vxip_nl_route_new_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_ROUTE_DEL, vxip_nl_route_del_doit, NULL, GENL_ADMIN_PERM),
	VXIP_OP(VXIP_CMD_ROUTE_GET, vxip_nl_route_get_doit, vxip_nl_route_get_dumpit, 0),
};

static const struct genl_multicast_group vxip_genl_mcgrps[] = {
	{ .name = VXIP_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family vxip_genl_family __ro_after_init = {
	.name		= VXIP_GENL_NAME,
	.version	= VXIP_GENL_VERSION,
	.maxattr	= VXIP_A_MAX,
	.policy		= vxip_genl_policy,
	.netnsok	= true,
	/*
	 * The core's strict header check refuses NLM_F_REPLACE, which the NEW
	 * commands use: vxip_nl_get() does the same checks, allowing it.
	 * Attribute validation stays strict for every command.
	 */
	.resv_start_op	= __VXIP_CMD_MAX,
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
