// SPDX-License-Identifier: GPL-2.0
/* vxip net_device: rtnl_link_ops, netdev ops, MTU bounds and pernet teardown. */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/addrconf.h>
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

/*
 * Runs on every unregistration, and when register_netdevice() fails: take
 * the device out of what receivers look it up in (the IPIP hash, the
 * socket's VNI table).  It waits for no grace period: the core waits for
 * one after the ndo_uninit calls of a whole batch of devices, and the
 * destructor, which runs after it, frees what receivers may still use.
 * So a netns with many devices dies after one wait, not one per device.
 */
static void vxip_uninit(struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);

	mutex_lock(&vxip->lock);
	vxip->dying = true;
	vxip_ipip_dev_unhash(vxip);
	mutex_unlock(&vxip->lock);
	cancel_delayed_work_sync(&vxip->ageing_work);

	list_del_rcu(&vxip->net_list);
	vxip_sock_unbind(vxip, false);
}

static int vxip_change_mtu(struct net_device *dev, int mtu)
{
	struct vxip_dev *vxip = netdev_priv(dev);

	/* An MTU set by hand is kept when the local address changes. */
	if (!vxip->mtu_auto_update)
		vxip->mtu_user = true;
	WRITE_ONCE(dev->mtu, mtu);
	return 0;
}

static int vxip_init(struct net_device *dev);

static const struct net_device_ops vxip_netdev_ops = {
	.ndo_init		= vxip_init,
	.ndo_uninit		= vxip_uninit,
	.ndo_start_xmit		= vxip_xmit,
	.ndo_get_stats64	= vxip_get_stats64,
	.ndo_change_mtu		= vxip_change_mtu,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/* How often learned entries are checked for expiry: twice per ageing time. */
static unsigned long vxip_ageing_interval(const struct vxip_config *cfg)
{
	return clamp_t(unsigned long, cfg->ageing * HZ / 2, HZ / 2, 10 * HZ);
}

static void vxip_ageing_work(struct work_struct *work)
{
	struct vxip_dev *vxip = container_of(to_delayed_work(work),
					     struct vxip_dev, ageing_work);
	unsigned long next;

	mutex_lock(&vxip->lock);
	if (vxip->dying) {
		mutex_unlock(&vxip->lock);
		return;
	}
	vxip_fdb_age(vxip, jiffies);
	next = vxip_ageing_interval(vxip_cfg(vxip));
	mutex_unlock(&vxip->lock);
	queue_delayed_work(system_power_efficient_wq, &vxip->ageing_work, next);
}

static void vxip_destruct(struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);

	pr_debug("%s: device destroyed\n", dev->name);
	/* No reader is left: the device is unregistered, a grace period
	 * has passed since vxip_uninit() and its last reference is gone.
	 */
	gro_cells_destroy(&vxip->gro_cells);
	mutex_lock(&vxip->lock);
	vxip_tables_destroy(&vxip->t);
	mutex_unlock(&vxip->lock);
	kfree(rcu_dereference_protected(vxip->cfg, true));
	free_percpu(vxip->counters);
}

#define VXIP_FEATURES	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM | \
			 NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE)

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
	dev->features |= VXIP_FEATURES;
	dev->hw_features |= VXIP_FEATURES;
	/* The underlay's link header and the outer IPv4/UDP/VXLAN headers. */
	dev->needed_headroom = ETH_HLEN + sizeof(struct iphdr) +
			       sizeof(struct udphdr) + VXIP_VXLAN_HLEN;

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
	if (data)
		return vxip_config_link_validate(tb, extack);
	return 0;
}

/*
 * Allocate the device's state.  register_netdevice() calls this after the
 * name checks, and on any later failure calls ndo_uninit and then the
 * destructor, which is why the destructor is set here.
 */
static int vxip_init(struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);
	struct vxip_config *cfg;
	int err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	vxip_config_init(cfg);
	vxip->counters = alloc_percpu(struct vxip_pcpu_counters);
	if (!vxip->counters) {
		err = -ENOMEM;
		goto err_free_cfg;
	}
	err = vxip_tables_init(&vxip->t);
	if (err)
		goto err_free_counters;
	vxip->t.vxip = vxip;
	err = gro_cells_init(&vxip->gro_cells, dev);
	if (err)
		goto err_free_tables;

	RCU_INIT_POINTER(vxip->cfg, cfg);
	dev->priv_destructor = vxip_destruct;
	/* Paired with the destructor's line, which now runs whatever fails. */
	pr_debug("%s: device created\n", dev->name);
	return 0;

err_free_tables:
	vxip_tables_destroy(&vxip->t);
err_free_counters:
	free_percpu(vxip->counters);
err_free_cfg:
	kfree(cfg);
	return err;
}

/* The configuration IFLA_INFO_DATA asks for, checked as a DEV_SET's. */
static struct vxip_config *vxip_link_config(struct nlattr *data[],
					    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXIP_DEV_A_MAX + 1];
	struct vxip_config *cfg;
	int err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	vxip_config_init(cfg);
	vxip_config_link_attrs(data, tb);
	err = vxip_config_apply(cfg, tb, extack);
	if (err) {
		kfree(cfg);
		return ERR_PTR(err);
	}
	return cfg;
}

/*
 * The underlay is the link netns: IFLA_LINK_NETNSID's ("ip link add ...
 * link-netns NS"), else the requester's, also when the device is made in
 * another one ("ip link add ... netns NS"), as for vxlan and ipip.
 */
static int vxip_newlink(VXIP_NEWLINK_ARGS)
{
	struct net *net = VXIP_NEWLINK_LINK_NET;
	struct nlattr **info_data = VXIP_NEWLINK_DATA;
	struct vxip_net *vn = net_generic(net, vxip_net_id);
	struct vxip_dev *vxip = netdev_priv(dev);
	struct vxip_config *cfg = NULL;
	int err;

	/* Refuse a bad configuration before the device exists. */
	if (info_data) {
		cfg = vxip_link_config(info_data, extack);
		if (IS_ERR(cfg))
			return PTR_ERR(cfg);
	}

	vxip->dev = dev;
	vxip->net = net;
	INIT_LIST_HEAD(&vxip->net_list);
	INIT_HLIST_NODE(&vxip->vni_node);
	vxip->bound_vni = VXIP_VNI_NONE;
	mutex_init(&vxip->lock);
	INIT_DELAYED_WORK(&vxip->ageing_work, vxip_ageing_work);
	/* Misses are reported at most 20 times a second. */
	ratelimit_state_init(&vxip->miss_rs, HZ, 20);
	ratelimit_set_flags(&vxip->miss_rs, RATELIMIT_MSG_ON_RELEASE);
	/* An MTU given at creation stays when the local address is set. */
	vxip->mtu_user = !!VXIP_NEWLINK_TB[IFLA_MTU];

	err = register_netdevice(dev);
	if (err)
		goto err_free_cfg;

	list_add_rcu(&vxip->net_list, &vn->devs);
	if (cfg) {
		/* Binding the VNI to the port can still fail. */
		mutex_lock(&vxip->lock);
		err = vxip_dev_set_config(vxip, cfg, extack);
		mutex_unlock(&vxip->lock);
		if (err) {
			/* The core's free_netdev() then defers to the
			 * unregistration, which frees the device.
			 */
			unregister_netdevice(dev);
			goto err_free_cfg;
		}
	}
	queue_delayed_work(system_power_efficient_wq, &vxip->ageing_work,
			   vxip_ageing_interval(vxip_cfg(vxip)));
	return 0;

err_free_cfg:
	kfree(cfg);
	return err;
}

/*
 * The MTU the local addresses' interfaces leave room for: each one's MTU
 * less the outer headers of its family, the smaller of the two if both
 * addresses are set and found (an address still in DAD is not); 0 if
 * neither is.  Under RTNL.
 */
static int vxip_local_mtu(struct vxip_dev *vxip, const struct vxip_config *cfg)
{
	const int hlen4 = VXIP_VXLAN4_OVERHEAD, hlen6 = VXIP_VXLAN6_OVERHEAD;
	struct net_device *under;
	int mtu = 0;

	if (cfg->local4) {
		under = __ip_dev_find(vxip->net, cfg->local4, false);
		if (under)
			mtu = under->mtu - hlen4;
	}
	if (IS_ENABLED(CONFIG_IPV6) && !ipv6_addr_any(&cfg->local6)) {
		under = ipv6_dev_find(vxip->net, &cfg->local6, NULL);
		if (under && (!mtu || under->mtu - hlen6 < mtu))
			mtu = under->mtu - hlen6;
	}
	return mtu;
}

/*
 * DEV_SET: make @cfg (a new copy) the device's configuration.  Rebinds the
 * VXLAN socket if the VNI or port changed, follows the local addresses with
 * the MTU unless it was set by hand.  Called under RTNL and the device
 * lock; on error nothing changed and the caller frees @cfg.
 */
int vxip_dev_set_config(struct vxip_dev *vxip, struct vxip_config *cfg,
			struct netlink_ext_ack *extack)
{
	struct vxip_config *old = rcu_dereference_protected(vxip->cfg, true);
	struct net_device *dev = vxip->dev;
	struct vxip_peer *peer;
	bool local_changed;
	int err, mtu;

	err = vxip_sock_bind(vxip, cfg, extack);
	if (err)
		return err;
	rcu_assign_pointer(vxip->cfg, cfg);
	/* The cached routes were looked up with the old TOS, source and
	 * port, which policy routing may match on: look up again, as
	 * ip_tunnel_update() does.
	 */
	local_changed = cfg->local4 != old->local4 ||
			!ipv6_addr_equal(&cfg->local6, &old->local6);
	if (local_changed || cfg->tos != old->tos || cfg->port != old->port)
		list_for_each_entry(peer, &vxip->t.peer_list, list)
			dst_cache_reset(&peer->dst_cache);
	/* A shorter ageing time applies now, not at the next old interval. */
	if (cfg->ageing != old->ageing)
		mod_delayed_work(system_power_efficient_wq, &vxip->ageing_work,
				 vxip_ageing_interval(cfg));
	kfree_rcu(old, rcu);

	mtu = local_changed && !vxip->mtu_user ? vxip_local_mtu(vxip, cfg) : 0;
	if (mtu) {
		vxip->mtu_auto_update = true;
		dev_set_mtu(dev, clamp_t(int, mtu, dev->min_mtu, dev->max_mtu));
		vxip->mtu_auto_update = false;
	}
	return 0;
}

/*
 * DEV_SET, and rtnetlink's changelink: apply @tb, attributes validated
 * against vxip_dev_policy, to a copy of the configuration, and the MAC to
 * the device.  Called under RTNL and the device lock; on error nothing
 * changed.
 */
int vxip_dev_change(struct vxip_dev *vxip, struct nlattr **tb,
		    struct netlink_ext_ack *extack)
{
	struct nlattr *mac = tb[VXIP_DEV_A_MAC];
	struct net_device *dev = vxip->dev;
	struct vxip_config *cfg;
	u8 old_mac[ETH_ALEN];
	int err;

	if (mac && !is_valid_ether_addr(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(extack, mac,
				    "MAC must be unicast and not all zeroes");
		return -EADDRNOTAVAIL;
	}
	cfg = kmemdup(vxip_cfg(vxip), sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	err = vxip_config_apply(cfg, tb, extack);
	if (err)
		goto err_free_cfg;
	/* The MAC first: unlike the configuration, it can be put back. */
	if (mac) {
		ether_addr_copy(old_mac, dev->dev_addr);
		err = vxip_set_mac(dev, nla_data(mac), extack);
		if (err)
			goto err_free_cfg;
	}
	err = vxip_dev_set_config(vxip, cfg, extack);
	if (err) {
		if (mac)
			vxip_set_mac(dev, old_mac, NULL);
		goto err_free_cfg;
	}
	return 0;

err_free_cfg:
	kfree(cfg);
	return err;
}

static int vxip_changelink(struct net_device *dev, struct nlattr *tb[],
			   struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	struct vxip_dev *vxip = netdev_priv(dev);
	struct nlattr *dtb[VXIP_DEV_A_MAX + 1];
	int err;

	if (!data)
		return 0;
	vxip_config_link_attrs(data, dtb);
	/* The device may live in a netns whose admin has no say over the
	 * underlay's ports and addresses (as wireguard's set_device).
	 */
	if ((dtb[VXIP_DEV_A_PORT] || dtb[VXIP_DEV_A_LOCAL4]) &&
	    !ns_capable(vxip->net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "Port and local address need CAP_NET_ADMIN over the underlay netns");
		return -EPERM;
	}
	mutex_lock(&vxip->lock);
	err = vxip_dev_change(vxip, dtb, extack);
	mutex_unlock(&vxip->lock);
	if (!err)
		vxip_nl_notify_dev(vxip);
	return err;
}

static size_t vxip_get_size(const struct net_device *dev)
{
	return vxip_config_link_size();
}

static int vxip_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct vxip_dev *vxip = netdev_priv(dev);
	int err;

	rcu_read_lock();
	err = vxip_config_fill_link(skb, rcu_dereference(vxip->cfg));
	rcu_read_unlock();
	return err;
}

/* Reported as the link netns (IFLA_LINK_NETNSID) when not the device's. */
static struct net *vxip_get_link_net(const struct net_device *dev)
{
	const struct vxip_dev *vxip = netdev_priv(dev);

	return vxip->net;
}

static struct rtnl_link_ops vxip_link_ops __read_mostly = {
	.kind		= "vxip",
	.priv_size	= sizeof(struct vxip_dev),
	.setup		= vxip_setup,
	.maxtype	= IFLA_VXIP_MAX,
	.policy		= vxip_link_policy,
	.validate	= vxip_validate,
	.newlink	= vxip_newlink,
	.changelink	= vxip_changelink,
	.get_size	= vxip_get_size,
	.fill_info	= vxip_fill_info,
	.get_link_net	= vxip_get_link_net,
};

static int __net_init vxip_net_init(struct net *net)
{
	struct vxip_net *vn = net_generic(net, vxip_net_id);

	INIT_LIST_HEAD(&vn->devs);
	INIT_LIST_HEAD(&vn->socks);
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
	return register_pernet_device(&vxip_net_ops);
}

void vxip_device_uninit(void)
{
	unregister_pernet_device(&vxip_net_ops);
}

/* The link type: once registered, devices can be created. */
int vxip_device_link_init(void)
{
	return rtnl_link_register(&vxip_link_ops);
}

void vxip_device_link_uninit(void)
{
	/* Deletes every vxip device in every netns. */
	rtnl_link_unregister(&vxip_link_ops);
}
