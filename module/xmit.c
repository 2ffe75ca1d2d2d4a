// SPDX-License-Identifier: GPL-2.0
/* vxip transmit: suppression, FDB lookup, head-end replication, misses. */

#include <linux/etherdevice.h>

#include "vxip.h"

static netdev_tx_t vxip_xmit_peer(struct vxip_dev *vxip,
				  const struct vxip_config *cfg,
				  struct vxip_peer *peer, struct sk_buff *skb,
				  bool flood)
{
	switch (VXIP_PEER_TX_ENCAP(READ_ONCE(peer->tx))) {
	case VXIP_ENCAP_VXLAN:
		return vxip_vxlan_xmit(vxip, cfg, peer, skb, flood);
	default:
		vxip_peer_count_drop(peer);
		vxip_drop(vxip, skb, VXIP_DROP_TX_ERROR);
		return NETDEV_TX_OK;
	}
}

/*
 * Head-end replication: a copy to every live peer on the flood list.
 * Returns false if there was nobody to send to; @skb is then untouched.
 */
static bool vxip_flood(struct vxip_dev *vxip, const struct vxip_config *cfg,
		       struct sk_buff *skb)
{
	struct vxip_flood *fl = rcu_dereference(vxip->t.flood);
	struct vxip_peer *last = NULL;
	unsigned int i, copies = 0;

	for (i = 0; fl && i < fl->n; i++) {
		struct vxip_peer *peer = fl->peers[i];
		struct sk_buff *copy;

		if (READ_ONCE(peer->dead))
			continue;
		if (last) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (copy) {
				vxip_xmit_peer(vxip, cfg, last, copy, true);
				copies++;
			} else {
				vxip_peer_count_drop(last);
				vxip_count_drop(vxip, VXIP_DROP_TX_ERROR);
			}
		}
		last = peer;
	}
	if (!last)
		return false;
	vxip_xmit_peer(vxip, cfg, last, skb, true);
	vxip_count(vxip, VXIP_EV_FLOOD_TX, copies + 1);
	return true;
}

netdev_tx_t vxip_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vxip_dev *vxip = netdev_priv(dev);
	const struct vxip_config *cfg;
	const struct ethhdr *eth;
	struct vxip_fdb *f;

	if (!pskb_may_pull(skb, ETH_HLEN)) {
		vxip_drop(vxip, skb, VXIP_DROP_TX_ERROR);
		return NETDEV_TX_OK;
	}
	cfg = rcu_dereference_bh(vxip->cfg);
	eth = eth_hdr(skb);

	if (is_multicast_ether_addr(eth->h_dest)) {
		/* ARP requests and NS whose answer is known never leave. */
		if (vxip_neigh_suppress(vxip, skb))
			return NETDEV_TX_OK;
		eth = eth_hdr(skb);	/* the header may have moved */
	} else {
		f = vxip_fdb_lookup(&vxip->t, eth->h_dest);
		if (f && !READ_ONCE(f->peer->dead))
			return vxip_xmit_peer(vxip, cfg, f->peer, skb, false);
	}

	/* Broadcast, multicast and unknown unicast. */
	if (vxip_flood(vxip, cfg, skb))
		return NETDEV_TX_OK;

	if (!is_multicast_ether_addr(eth->h_dest) && __ratelimit(&vxip->miss_rs))
		vxip_nl_notify_miss(vxip, eth->h_dest);
	vxip_drop(vxip, skb, VXIP_DROP_TX_MISS);
	return NETDEV_TX_OK;
}
