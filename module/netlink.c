// SPDX-License-Identifier: GPL-2.0
/* vxip generic netlink family: policies, ops and message fill functions. */

#include <kunit/visibility.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "vxip.h"

static struct genl_family vxip_genl_family;

/* Top-level attributes; object nests carry their own policy. */
const struct nla_policy vxip_genl_policy[VXIP_A_MAX + 1] = {
	[VXIP_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXIP_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[VXIP_A_DEV]		= NLA_POLICY_NESTED(vxip_dev_policy),
};
EXPORT_SYMBOL_IF_KUNIT(vxip_genl_policy);

/*
 * Find the vxip device a request names, in the requester's netns.
 * Called under RTNL.
 */
static struct vxip_dev *vxip_nl_dev(struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct vxip_dev *vxip;

	if (info->attrs[VXIP_A_IFINDEX]) {
		dev = __dev_get_by_index(net,
					 nla_get_u32(info->attrs[VXIP_A_IFINDEX]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_IFINDEX],
					    "No device with this ifindex");
			return ERR_PTR(-ENODEV);
		}
	} else if (info->attrs[VXIP_A_IFNAME]) {
		dev = __dev_get_by_name(net, nla_data(info->attrs[VXIP_A_IFNAME]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_IFNAME],
					    "No device with this name");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG(info->extack,
			       "Device not named: give an ifindex or an ifname");
		return ERR_PTR(-EINVAL);
	}

	vxip = vxip_dev_from_netdev(dev);
	if (!vxip) {
		NL_SET_ERR_MSG(info->extack, "Device is not a vxip device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return vxip;
}

/* Fill one DEV_GET message.  Called under RTNL. */
static int vxip_nl_dev_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			    u32 portid, u32 seq, int flags,
			    struct netlink_callback *cb)
{
	const struct vxip_config *cfg = rtnl_dereference(vxip->cfg);
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vxip_genl_family, flags,
			  VXIP_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, VXIP_A_IFINDEX, vxip->dev->ifindex) ||
	    nla_put_string(skb, VXIP_A_IFNAME, vxip->dev->name))
		goto nla_put_failure;

	nest = nla_nest_start(skb, VXIP_A_DEV);
	if (!nest)
		goto nla_put_failure;
	if (vxip_config_fill(skb, cfg))
		goto nla_put_failure;
	nla_nest_end(skb, nest);

	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
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
	vxip = vxip_nl_dev(info);
	if (IS_ERR(vxip)) {
		err = PTR_ERR(vxip);
		goto err_unlock;
	}
	err = vxip_nl_dev_fill(msg, vxip, info->snd_portid, info->snd_seq, 0,
			       NULL);
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
		err = vxip_nl_dev_fill(skb, vxip, NETLINK_CB(cb->skb).portid,
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

static const struct genl_ops vxip_genl_ops[] = {
	{
		.cmd	= VXIP_CMD_DEV_GET,
		.doit	= vxip_nl_dev_get_doit,
		.dumpit	= vxip_nl_dev_get_dumpit,
		.policy	= vxip_genl_policy,
		.maxattr = VXIP_A_MAX,
	},
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
