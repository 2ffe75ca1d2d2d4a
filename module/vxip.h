/* SPDX-License-Identifier: GPL-2.0 */
/* vxip private header: per-device and per-netns state shared between files. */
#ifndef _VXIP_H
#define _VXIP_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <net/netlink.h>
#include <net/netns/generic.h>
#include <uapi/linux/vxip.h>

/* Outer headers in front of the inner Ethernet frame's payload. */
#define VXIP_VXLAN4_OVERHEAD	(sizeof(struct iphdr) + sizeof(struct udphdr) + \
				 8 /* VXLAN */ + ETH_HLEN)

#define VXIP_AGEING_DEFAULT	300

/*
 * Device configuration.  Replaced as a whole under RTNL and read by the
 * datapath under RCU, so a reader always sees one consistent version.
 */
struct vxip_config {
	u32 vni;		/* VXIP_VNI_NONE or 0..VXIP_VNI_MAX */
	__be32 local4;		/* 0: chosen by route lookup */
	u16 port;		/* UDP destination port, host order */
	u16 srcport_min;	/* 0/0: kernel's ephemeral range */
	u16 srcport_max;
	u8 ttl;			/* 0: route's hop limit */
	u8 tos;
	u8 df;			/* enum vxip_df */
	bool ttl_inherit;
	bool tos_inherit;
	bool udp_csum;
	bool learning;
	bool strict;
	u32 ageing;		/* seconds */
	u32 max_fdb;		/* 0: unlimited */
	struct rcu_head rcu;
};

/* Why a packet was dropped; each reason has its own per-CPU counter. */
enum vxip_drop_reason {
	VXIP_DROP_TX_NO_DEST,	/* no FDB entry, route or flood peer */

	__VXIP_DROP_MAX
};

struct vxip_pcpu_drops {
	u64_stats_t cnt[__VXIP_DROP_MAX];
	struct u64_stats_sync syncp;
};

struct vxip_dev {
	struct net_device *dev;
	/* The netns the device was created in; it owns the underlay sockets
	 * and routes.  Devices die with it (see vxip_net_exit_batch).
	 */
	struct net *net;
	struct list_head net_list;	/* vxip_net::devs, under RTNL */
	struct vxip_config __rcu *cfg;
	struct vxip_pcpu_drops __percpu *drops;
};

/* Per-netns state, keyed by the underlay netns. */
struct vxip_net {
	struct list_head devs;		/* vxip_dev::net_list, under RTNL */
};

/* device.c */
extern unsigned int vxip_net_id;
int vxip_device_init(void);
void vxip_device_uninit(void);
struct vxip_dev *vxip_dev_from_netdev(struct net_device *dev);

/* config.c */
void vxip_config_init(struct vxip_config *cfg);
int vxip_config_fill(struct sk_buff *skb, const struct vxip_config *cfg);
extern const struct nla_policy vxip_dev_policy[VXIP_DEV_A_MAX + 1];

/* netlink.c */
extern const struct nla_policy vxip_genl_policy[VXIP_A_MAX + 1];
int vxip_genl_init(void);
void vxip_genl_uninit(void);

/* stats.c */
void vxip_drop(struct vxip_dev *vxip, struct sk_buff *skb,
	       enum vxip_drop_reason reason);
u64 vxip_drop_count(struct vxip_dev *vxip, enum vxip_drop_reason reason);
void vxip_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s);

#endif /* _VXIP_H */
