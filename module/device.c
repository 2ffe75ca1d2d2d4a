// SPDX-License-Identifier: GPL-2.0
/* vxip net_device: rtnl_link_ops, netdev ops, MTU bounds and pernet teardown. */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "vxip.h"

unsigned int vxip_net_id __read_mostly;

static const struct net_device_ops vxip_netdev_ops;

struct vxip_dev *vxip_dev_from_netdev(struct net_device *dev)
{
	if (!dev || dev->netdev_ops != &vxip_netdev_ops)
		return NULL;
	return netdev_priv(dev);
}

static netdev_tx_t vxip_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);

	/* Nothing is programmed that could carry this frame: no FDB entry,
	 * route or flood peer exists yet.
	 */
	vxip_drop(vxip, skb, VXIP_DROP_TX_NO_DEST);
	return NETDEV_TX_OK;
}

/* Runs on every unregistration, and when register_netdevice() fails. */
static void vxip_uninit(struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);

	list_del_init(&vxip->net_list);
}

static const struct net_device_ops vxip_netdev_ops = {
	.ndo_uninit		= vxip_uninit,
	.ndo_start_xmit		= vxip_xmit,
	.ndo_get_stats64	= vxip_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void vxip_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, THIS_MODULE->version ?: "", sizeof(info->version));
}

static const struct ethtool_ops vxip_ethtool_ops = {
	.get_drvinfo	= vxip_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

static void vxip_destruct(struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);

	pr_debug("%s: device destroyed\n", dev->name);
	/* No reader is left: the device is unregistered and its last
	 * reference is gone.
	 */
	kfree(rcu_dereference_protected(vxip->cfg, true));
	free_percpu(vxip->drops);
}

static void vxip_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vxip_netdev_ops;
	dev->ethtool_ops = &vxip_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;

	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	vxip_set_lltx(dev);
	netif_keep_dst(dev);

	/* An inner Ethernet frame must fit in an outer IPv4 packet. */
	dev->mtu = ETH_DATA_LEN - VXIP_VXLAN4_OVERHEAD;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - VXIP_VXLAN4_OVERHEAD;

	eth_hw_addr_random(dev);
}

static int vxip_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "Provided link layer address is not Ethernet");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "Provided Ethernet address is not unicast");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

static int vxip_newlink(VXIP_NEWLINK_ARGS)
{
	struct net *net = VXIP_NEWLINK_SRC_NET;
	struct vxip_net *vn = net_generic(net, vxip_net_id);
	struct vxip_dev *vxip = netdev_priv(dev);
	struct vxip_config *cfg;
	int err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	vxip_config_init(cfg);

	vxip->drops = alloc_percpu(struct vxip_pcpu_drops);
	if (!vxip->drops) {
		err = -ENOMEM;
		goto err_free_cfg;
	}

	vxip->dev = dev;
	vxip->net = net;
	INIT_LIST_HEAD(&vxip->net_list);
	RCU_INIT_POINTER(vxip->cfg, cfg);

	err = register_netdevice(dev);
	if (err)
		goto err_free_drops;

	/* From here on, vxip_destruct releases what was allocated above. */
	dev->priv_destructor = vxip_destruct;
	list_add(&vxip->net_list, &vn->devs);
	pr_debug("%s: device created\n", dev->name);
	return 0;

err_free_drops:
	free_percpu(vxip->drops);
err_free_cfg:
	kfree(cfg);
	return err;
}

static struct rtnl_link_ops vxip_link_ops __read_mostly = {
	.kind		= "vxip",
	.priv_size	= sizeof(struct vxip_dev),
	.setup		= vxip_setup,
	.validate	= vxip_validate,
	.newlink	= vxip_newlink,
};

static int __net_init vxip_net_init(struct net *net)
{
	struct vxip_net *vn = net_generic(net, vxip_net_id);

	INIT_LIST_HEAD(&vn->devs);
	return 0;
}

/*
 * A dying netns takes with it the vxip devices that live in it and those
 * whose underlay it is, wherever they were moved to.
 */
static void vxip_net_destroy(struct net *net, struct list_head *kill)
{
	struct vxip_net *vn = net_generic(net, vxip_net_id);
	struct net_device *dev, *aux;
	struct vxip_dev *vxip;

	for_each_netdev_safe(net, dev, aux)
		if (dev->rtnl_link_ops == &vxip_link_ops)
			unregister_netdevice_queue(dev, kill);

	/* Queueing a device twice, when both its netns and its underlay
	 * netns die in one batch, only moves it within @kill.
	 */
	list_for_each_entry(vxip, &vn->devs, net_list)
		if (!net_eq(dev_net(vxip->dev), net))
			unregister_netdevice_queue(vxip->dev, kill);
}

static void __net_exit vxip_net_exit_batch(struct list_head *net_list)
{
	struct net *net;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		vxip_net_destroy(net, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
}

static struct pernet_operations vxip_net_ops = {
	.init		= vxip_net_init,
	.exit_batch	= vxip_net_exit_batch,
	.id		= &vxip_net_id,
	.size		= sizeof(struct vxip_net),
};

int vxip_device_init(void)
{
	int err;

	err = register_pernet_device(&vxip_net_ops);
	if (err)
		return err;

	err = rtnl_link_register(&vxip_link_ops);
	if (err)
		goto err_unregister_pernet;
	return 0;

err_unregister_pernet:
	unregister_pernet_device(&vxip_net_ops);
	return err;
}

void vxip_device_uninit(void)
{
	/* Deletes every vxip device in every netns. */
	rtnl_link_unregister(&vxip_link_ops);
	unregister_pernet_device(&vxip_net_ops);
}
