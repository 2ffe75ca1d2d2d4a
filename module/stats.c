// SPDX-License-Identifier: GPL-2.0
/* vxip per-CPU counters: drops by reason and events; stats64 and ethtool -S. */

#include <linux/debugfs.h>
#include <linux/ethtool.h>
#include <linux/seq_file.h>
#include <linux/module.h>
#include <linux/netdevice.h>

#include "vxip.h"

/* ethtool -S names; the order follows the enums. */
static const char vxip_drop_names[__VXIP_DROP_MAX][ETH_GSTRING_LEN] = {
	[VXIP_DROP_TX_MISS]		= "tx_drop_miss",
	[VXIP_DROP_TX_NO_ROUTE]		= "tx_drop_no_route",
	[VXIP_DROP_TX_TOO_BIG]		= "tx_drop_too_big",
	[VXIP_DROP_TX_ERROR]		= "tx_drop_error",
	[VXIP_DROP_TX_NOT_IP]		= "tx_drop_not_ip",
	[VXIP_DROP_TX_MALFORMED]	= "tx_drop_malformed",
	[VXIP_DROP_TX_L3_MISS]		= "tx_drop_no_l3_route",
	[VXIP_DROP_RX_BAD_HEADER]	= "rx_drop_bad_header",
	[VXIP_DROP_RX_UNKNOWN_SRC]	= "rx_drop_unknown_source",
	[VXIP_DROP_RX_RUNT]		= "rx_drop_runt",
	[VXIP_DROP_RX_BAD_INNER]	= "rx_drop_bad_inner_mac",
	[VXIP_DROP_RX_ECN]		= "rx_drop_ecn",
	[VXIP_DROP_RX_DOWN]		= "rx_drop_down",
	[VXIP_DROP_RX_INNER_HEADER]	= "rx_drop_inner_header",
	[VXIP_DROP_RX_INNER_LENGTH]	= "rx_drop_inner_length",
	[VXIP_DROP_RX_SPOOFED]		= "rx_drop_spoofed",
	[VXIP_DROP_RX_POLICY]		= "rx_drop_policy",
	[VXIP_DROP_RX_ZERO_CSUM]	= "rx_drop_zero_csum",
};

static const char vxip_event_names[__VXIP_EV_MAX][ETH_GSTRING_LEN] = {
	[VXIP_EV_ARP_SUPPRESSED]	= "arp_suppressed",
	[VXIP_EV_ND_SUPPRESSED]		= "nd_suppressed",
	[VXIP_EV_FLOOD_TX]		= "flood_tx",
	[VXIP_EV_LEARNED]		= "fdb_learned",
	[VXIP_EV_AGED]			= "fdb_aged",
	[VXIP_EV_FDB_FULL]		= "fdb_learn_full",
	[VXIP_EV_ARP_PROXIED]		= "arp_proxied",
	[VXIP_EV_ND_PROXIED]		= "nd_proxied",
	[VXIP_EV_VXLAN_TX_PACKETS]	= "vxlan_tx_packets",
	[VXIP_EV_VXLAN_TX_BYTES]	= "vxlan_tx_bytes",
	[VXIP_EV_VXLAN_RX_PACKETS]	= "vxlan_rx_packets",
	[VXIP_EV_VXLAN_RX_BYTES]	= "vxlan_rx_bytes",
	[VXIP_EV_IPIP_TX_PACKETS]	= "ipip_tx_packets",
	[VXIP_EV_IPIP_TX_BYTES]		= "ipip_tx_bytes",
	[VXIP_EV_IPIP_RX_PACKETS]	= "ipip_rx_packets",
	[VXIP_EV_IPIP_RX_BYTES]		= "ipip_rx_bytes",
};

/* Counted on the socket, not the device: no device had the VNI. */
static const char vxip_sock_names[][ETH_GSTRING_LEN] = {
	"port_rx_drop_unknown_vni",
	"port_rx_drop_bad_header",
};

#define VXIP_N_STATS	(__VXIP_DROP_MAX + __VXIP_EV_MAX + ARRAY_SIZE(vxip_sock_names))

static bool vxip_drop_is_rx(enum vxip_drop_reason reason)
{
	return reason >= VXIP_DROP_RX_BAD_HEADER;
}

void vxip_count_drop(struct vxip_dev *vxip, enum vxip_drop_reason reason)
{
	struct vxip_pcpu_counters *c = get_cpu_ptr(vxip->counters);

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->drops[reason]);
	u64_stats_update_end(&c->syncp);
	put_cpu_ptr(vxip->counters);
}

/*
 * The core's drop reason for each of ours, for drop monitors and the
 * kfree_skb tracepoint; those 6.1 lacks (VXLAN header, source MAC, ECN)
 * stay unspecified, as does a reason missing here (0 is "not dropped").
 */
static const enum skb_drop_reason vxip_skb_drop_reasons[__VXIP_DROP_MAX] = {
	[VXIP_DROP_TX_MISS]		= SKB_DROP_REASON_NEIGH_FAILED,
	[VXIP_DROP_TX_NO_ROUTE]		= SKB_DROP_REASON_IP_OUTNOROUTES,
	[VXIP_DROP_TX_TOO_BIG]		= SKB_DROP_REASON_PKT_TOO_BIG,
	[VXIP_DROP_TX_ERROR]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[VXIP_DROP_TX_NOT_IP]		= SKB_DROP_REASON_UNHANDLED_PROTO,
	[VXIP_DROP_TX_MALFORMED]	= SKB_DROP_REASON_HDR_TRUNC,
	[VXIP_DROP_TX_L3_MISS]		= SKB_DROP_REASON_IP_OUTNOROUTES,
	[VXIP_DROP_RX_BAD_HEADER]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[VXIP_DROP_RX_UNKNOWN_SRC]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[VXIP_DROP_RX_RUNT]		= SKB_DROP_REASON_PKT_TOO_SMALL,
	[VXIP_DROP_RX_BAD_INNER]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[VXIP_DROP_RX_ECN]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[VXIP_DROP_RX_DOWN]		= SKB_DROP_REASON_DEV_READY,
	[VXIP_DROP_RX_INNER_HEADER]	= SKB_DROP_REASON_IP_INHDR,
	[VXIP_DROP_RX_INNER_LENGTH]	= SKB_DROP_REASON_PKT_TOO_SMALL,
	[VXIP_DROP_RX_SPOOFED]		= SKB_DROP_REASON_IP_RPFILTER,
	[VXIP_DROP_RX_POLICY]		= SKB_DROP_REASON_XFRM_POLICY,
	[VXIP_DROP_RX_ZERO_CSUM]	= SKB_DROP_REASON_UDP_CSUM,
};

/* Count and free a dropped packet.  Safe in any context. */
void vxip_drop(struct vxip_dev *vxip, struct sk_buff *skb,
	       enum vxip_drop_reason reason)
{
	vxip_count_drop(vxip, reason);
	kfree_skb_reason(skb, vxip_skb_drop_reasons[reason] ?:
			      SKB_DROP_REASON_NOT_SPECIFIED);
}

/* Softirq, or process context with BH disabled, as every counter update. */
void vxip_count(struct vxip_dev *vxip, enum vxip_event ev, unsigned int n)
{
	struct vxip_pcpu_counters *c = get_cpu_ptr(vxip->counters);

	u64_stats_update_begin(&c->syncp);
	u64_stats_add(&c->events[ev], n);
	u64_stats_update_end(&c->syncp);
	put_cpu_ptr(vxip->counters);
}

/*
 * A packet carried in @encap (VXIP_ENCAP_VXLAN or VXIP_ENCAP_IPIP), @len
 * bytes as vxip_peer_count() counts it.  Context as vxip_count().
 */
void vxip_count_encap(struct vxip_dev *vxip, u8 encap, bool tx,
		      unsigned int len)
{
	enum vxip_event ev = encap == VXIP_ENCAP_IPIP ?
			     VXIP_EV_IPIP_TX_PACKETS : VXIP_EV_VXLAN_TX_PACKETS;
	struct vxip_pcpu_counters *c;

	if (!tx)
		ev += VXIP_EV_VXLAN_RX_PACKETS - VXIP_EV_VXLAN_TX_PACKETS;
	c = get_cpu_ptr(vxip->counters);
	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->events[ev]);
	u64_stats_add(&c->events[ev + 1], len);
	u64_stats_update_end(&c->syncp);
	put_cpu_ptr(vxip->counters);
}

/* Sum drops and events over all CPUs into @out (drops first). */
static void vxip_read_counters(struct vxip_dev *vxip, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * (__VXIP_DROP_MAX + __VXIP_EV_MAX));
	for_each_possible_cpu(cpu) {
		const struct vxip_pcpu_counters *c = per_cpu_ptr(vxip->counters, cpu);
		u64 v[__VXIP_DROP_MAX + __VXIP_EV_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			for (i = 0; i < __VXIP_DROP_MAX; i++)
				v[i] = u64_stats_read(&c->drops[i]);
			for (i = 0; i < __VXIP_EV_MAX; i++)
				v[__VXIP_DROP_MAX + i] = u64_stats_read(&c->events[i]);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		for (i = 0; i < __VXIP_DROP_MAX + __VXIP_EV_MAX; i++)
			out[i] += v[i];
	}
}

u64 vxip_drop_count(struct vxip_dev *vxip, enum vxip_drop_reason reason)
{
	u64 v[__VXIP_DROP_MAX + __VXIP_EV_MAX];

	vxip_read_counters(vxip, v);
	return v[reason];
}

void vxip_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct vxip_dev *vxip = netdev_priv(dev);
	u64 v[__VXIP_DROP_MAX + __VXIP_EV_MAX];
	int r;

	dev_get_tstats64(dev, s);
	vxip_read_counters(vxip, v);
	for (r = 0; r < __VXIP_DROP_MAX; r++) {
		if (vxip_drop_is_rx(r))
			s->rx_dropped += v[r];
		else
			s->tx_dropped += v[r];
	}
}

static int vxip_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? VXIP_N_STATS : -EOPNOTSUPP;
}

static void vxip_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	if (sset != ETH_SS_STATS)
		return;
	memcpy(buf, vxip_drop_names, sizeof(vxip_drop_names));
	buf += sizeof(vxip_drop_names);
	memcpy(buf, vxip_event_names, sizeof(vxip_event_names));
	buf += sizeof(vxip_event_names);
	memcpy(buf, vxip_sock_names, sizeof(vxip_sock_names));
}

static void vxip_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct vxip_dev *vxip = netdev_priv(dev);
	struct vxip_sock *vs;

	vxip_read_counters(vxip, data);
	data += __VXIP_DROP_MAX + __VXIP_EV_MAX;
	rcu_read_lock();
	vs = rcu_dereference(vxip->vs);
	data[0] = vs ? atomic_long_read(&vs->unknown_vni) : 0;
	data[1] = vs ? atomic_long_read(&vs->bad_header) : 0;
	rcu_read_unlock();
}

/*
 * The ABI's attribute for each ethtool -S counter, in ethtool's order
 * (drops, events, the port's): the enums inside may change.
 */
#define VXIP_EV_STAT(ev)	(__VXIP_DROP_MAX + (ev))
#define VXIP_SOCK_STAT(i)	(__VXIP_DROP_MAX + __VXIP_EV_MAX + (i))

static const u16 vxip_stat_attrs[VXIP_N_STATS] = {
	[VXIP_DROP_TX_MISS]		= VXIP_DEV_STATS_A_TX_DROP_MISS,
	[VXIP_DROP_TX_NO_ROUTE]		= VXIP_DEV_STATS_A_TX_DROP_NO_ROUTE,
	[VXIP_DROP_TX_TOO_BIG]		= VXIP_DEV_STATS_A_TX_DROP_TOO_BIG,
	[VXIP_DROP_TX_ERROR]		= VXIP_DEV_STATS_A_TX_DROP_ERROR,
	[VXIP_DROP_TX_NOT_IP]		= VXIP_DEV_STATS_A_TX_DROP_NOT_IP,
	[VXIP_DROP_TX_MALFORMED]	= VXIP_DEV_STATS_A_TX_DROP_MALFORMED,
	[VXIP_DROP_TX_L3_MISS]		= VXIP_DEV_STATS_A_TX_DROP_NO_L3_ROUTE,
	[VXIP_DROP_RX_BAD_HEADER]	= VXIP_DEV_STATS_A_RX_DROP_BAD_HEADER,
	[VXIP_DROP_RX_UNKNOWN_SRC]	= VXIP_DEV_STATS_A_RX_DROP_UNKNOWN_SOURCE,
	[VXIP_DROP_RX_RUNT]		= VXIP_DEV_STATS_A_RX_DROP_RUNT,
	[VXIP_DROP_RX_BAD_INNER]	= VXIP_DEV_STATS_A_RX_DROP_BAD_INNER_MAC,
	[VXIP_DROP_RX_ECN]		= VXIP_DEV_STATS_A_RX_DROP_ECN,
	[VXIP_DROP_RX_DOWN]		= VXIP_DEV_STATS_A_RX_DROP_DOWN,
	[VXIP_DROP_RX_INNER_HEADER]	= VXIP_DEV_STATS_A_RX_DROP_INNER_HEADER,
	[VXIP_DROP_RX_INNER_LENGTH]	= VXIP_DEV_STATS_A_RX_DROP_INNER_LENGTH,
	[VXIP_DROP_RX_SPOOFED]		= VXIP_DEV_STATS_A_RX_DROP_SPOOFED,
	[VXIP_DROP_RX_POLICY]		= VXIP_DEV_STATS_A_RX_DROP_POLICY,
	[VXIP_DROP_RX_ZERO_CSUM]	= VXIP_DEV_STATS_A_RX_DROP_ZERO_CSUM,
	[VXIP_EV_STAT(VXIP_EV_ARP_SUPPRESSED)]	= VXIP_DEV_STATS_A_ARP_SUPPRESSED,
	[VXIP_EV_STAT(VXIP_EV_ND_SUPPRESSED)]	= VXIP_DEV_STATS_A_ND_SUPPRESSED,
	[VXIP_EV_STAT(VXIP_EV_FLOOD_TX)]	= VXIP_DEV_STATS_A_FLOOD_TX,
	[VXIP_EV_STAT(VXIP_EV_LEARNED)]		= VXIP_DEV_STATS_A_FDB_LEARNED,
	[VXIP_EV_STAT(VXIP_EV_AGED)]		= VXIP_DEV_STATS_A_FDB_AGED,
	[VXIP_EV_STAT(VXIP_EV_FDB_FULL)]	= VXIP_DEV_STATS_A_FDB_LEARN_FULL,
	[VXIP_EV_STAT(VXIP_EV_ARP_PROXIED)]	= VXIP_DEV_STATS_A_ARP_PROXIED,
	[VXIP_EV_STAT(VXIP_EV_ND_PROXIED)]	= VXIP_DEV_STATS_A_ND_PROXIED,
	[VXIP_EV_STAT(VXIP_EV_VXLAN_TX_PACKETS)] = VXIP_DEV_STATS_A_VXLAN_TX_PACKETS,
	[VXIP_EV_STAT(VXIP_EV_VXLAN_TX_BYTES)]	= VXIP_DEV_STATS_A_VXLAN_TX_BYTES,
	[VXIP_EV_STAT(VXIP_EV_VXLAN_RX_PACKETS)] = VXIP_DEV_STATS_A_VXLAN_RX_PACKETS,
	[VXIP_EV_STAT(VXIP_EV_VXLAN_RX_BYTES)]	= VXIP_DEV_STATS_A_VXLAN_RX_BYTES,
	[VXIP_EV_STAT(VXIP_EV_IPIP_TX_PACKETS)]	= VXIP_DEV_STATS_A_IPIP_TX_PACKETS,
	[VXIP_EV_STAT(VXIP_EV_IPIP_TX_BYTES)]	= VXIP_DEV_STATS_A_IPIP_TX_BYTES,
	[VXIP_EV_STAT(VXIP_EV_IPIP_RX_PACKETS)]	= VXIP_DEV_STATS_A_IPIP_RX_PACKETS,
	[VXIP_EV_STAT(VXIP_EV_IPIP_RX_BYTES)]	= VXIP_DEV_STATS_A_IPIP_RX_BYTES,
	[VXIP_SOCK_STAT(0)]	= VXIP_DEV_STATS_A_PORT_RX_DROP_UNKNOWN_VNI,
	[VXIP_SOCK_STAT(1)]	= VXIP_DEV_STATS_A_PORT_RX_DROP_BAD_HEADER,
};

/*
 * The counters of ethtool -S as nest VXIP_DEV_A_STATS, for DEV_GET
 * replies.  Under RTNL (the socket cannot go meanwhile) or RCU.
 */
int vxip_nl_stats_fill(struct sk_buff *skb, struct vxip_dev *vxip)
{
	u64 v[VXIP_N_STATS];
	struct nlattr *nest;
	unsigned int i;

	vxip_get_ethtool_stats(vxip->dev, NULL, v);
	nest = nla_nest_start(skb, VXIP_DEV_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < VXIP_N_STATS; i++) {
		if (vxip_stat_attrs[i] &&
		    nla_put_u64_64bit(skb, vxip_stat_attrs[i], v[i],
				      VXIP_DEV_STATS_A_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static void vxip_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, THIS_MODULE->version ?: "", sizeof(info->version));
}

const struct ethtool_ops vxip_ethtool_ops = {
	.get_drvinfo		= vxip_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= vxip_get_sset_count,
	.get_strings		= vxip_get_strings,
	.get_ethtool_stats	= vxip_get_ethtool_stats,
};

DEFINE_PER_CPU(struct vxip_obj_counts, vxip_objects);

static const char *const vxip_obj_names[__VXIP_OBJ_MAX] = {
	[VXIP_OBJ_PEER]		= "peer",
	[VXIP_OBJ_FDB]		= "fdb",
	[VXIP_OBJ_NEIGH]	= "neigh",
	[VXIP_OBJ_SOCK]		= "sock",
	[VXIP_OBJ_ROUTE]	= "route",
};

static struct dentry *vxip_debugfs;

static long vxip_obj_sum(enum vxip_obj o)
{
	long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu(vxip_objects, cpu).n[o];
	return n;
}

/* What tests compare with zero after a flush or a device deletion. */
static int vxip_objects_show(struct seq_file *m, void *v)
{
	int i;

	for (i = 0; i < __VXIP_OBJ_MAX; i++)
		seq_printf(m, "%s %ld\n", vxip_obj_names[i], vxip_obj_sum(i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vxip_objects);

void vxip_debugfs_init(void)
{
	vxip_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("objects", 0444, vxip_debugfs, NULL,
			    &vxip_objects_fops);
}

/*
 * At unload, once every device is gone and rcu_barrier() has run the
 * frees they queued, no object vxip made may be left: one that is was
 * leaked.  A leak check of vxip's own objects that costs nothing, so it
 * runs in every guest, kmemleak or not (with panic_on_warn, the guest
 * stops here).
 */
void vxip_objects_check(void)
{
	long n;
	int i;

	for (i = 0; i < __VXIP_OBJ_MAX; i++) {
		n = vxip_obj_sum(i);
		WARN(n, "vxip: %ld %s object(s) left at unload\n", n,
		     vxip_obj_names[i]);
	}
}

void vxip_debugfs_uninit(void)
{
	debugfs_remove(vxip_debugfs);
}
