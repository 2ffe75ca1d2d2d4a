// SPDX-License-Identifier: GPL-2.0
/* vxip per-CPU counters: drops by reason, folded into rtnl stats64. */

#include <linux/netdevice.h>

#include "vxip.h"

static bool vxip_drop_is_rx(enum vxip_drop_reason reason)
{
	switch (reason) {
	case VXIP_DROP_TX_NO_DEST:
		return false;
	default:
		return true;
	}
}

/* Count and free a dropped packet.  Safe in any context. */
void vxip_drop(struct vxip_dev *vxip, struct sk_buff *skb,
	       enum vxip_drop_reason reason)
{
	struct vxip_pcpu_drops *d = get_cpu_ptr(vxip->drops);

	u64_stats_update_begin(&d->syncp);
	u64_stats_inc(&d->cnt[reason]);
	u64_stats_update_end(&d->syncp);
	put_cpu_ptr(vxip->drops);
	kfree_skb(skb);
}

u64 vxip_drop_count(struct vxip_dev *vxip, enum vxip_drop_reason reason)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct vxip_pcpu_drops *d = per_cpu_ptr(vxip->drops, cpu);
		unsigned int start;
		u64 v;

		do {
			start = u64_stats_fetch_begin(&d->syncp);
			v = u64_stats_read(&d->cnt[reason]);
		} while (u64_stats_fetch_retry(&d->syncp, start));
		sum += v;
	}
	return sum;
}

void vxip_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct vxip_dev *vxip = netdev_priv(dev);
	int r;

	dev_get_tstats64(dev, s);
	for (r = 0; r < __VXIP_DROP_MAX; r++) {
		u64 n = vxip_drop_count(vxip, r);

		if (vxip_drop_is_rx(r))
			s->rx_dropped += n;
		else
			s->tx_dropped += n;
	}
}
