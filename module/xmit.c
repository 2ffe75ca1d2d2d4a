// SPDX-License-Identifier: GPL-2.0
/*
 * vxip transmit: suppression, routes, FDB, head-end replication, misses.
 * The encaps (vxlan.c, ipip.c) below; what they share in tunnel.c.
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "compat.h"
#include "vxip.h"

static netdev_tx_t vxip_xmit_peer(struct vxip_dev *vxip,
				  const struct vxip_config *cfg,
				  struct vxip_peer *peer, struct sk_buff *skb,
				  bool flood)
{
	switch (VXIP_PEER_TX_ENCAP(READ_ONCE(peer->tx))) {
	case VXIP_ENCAP_VXLAN:
		return vxip_vxlan_xmit(vxip, cfg, peer, skb, VXIP_VNI_NONE, flood);
	case VXIP_ENCAP_IPIP:
		return vxip_ipip_xmit(vxip, cfg, peer, skb);
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
		struct vxip_peer *peer = READ_ONCE(fl->peers[i]);
		struct sk_buff *copy;

		if (!peer || READ_ONCE(peer->dead))	/* a hole, or going */
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

/* The route for the inner destination of an IP frame, or NULL.  RCU. */
static struct vxip_route *vxip_l3_lookup(struct vxip_dev *vxip,
					 struct sk_buff *skb)
{
	u8 key[16] = {};

	if (skb->protocol == htons(ETH_P_IP)) {
		if (!pskb_network_may_pull(skb, sizeof(struct iphdr)))
			return NULL;
		memcpy(key, &ip_hdr(skb)->daddr, 4);
		return vxip_route_lookup(&vxip->t.routes, AF_INET, key);
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		if (!pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
			return NULL;
		return vxip_route_lookup(&vxip->t.routes, AF_INET6,
					 ipv6_hdr(skb)->daddr.s6_addr);
	}
	return NULL;
}

/*
 * An IP packet addressed to the device found no route: an L3 miss, for
 * unicast destinations beyond the link (not link-local, as NUD probes
 * are).  Rate-limited with the L2 misses.  RCU.
 */
static void vxip_miss_l3(struct vxip_dev *vxip, struct sk_buff *skb)
{
	struct vxip_miss m = {};

	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr))) {
		m.dst4 = ip_hdr(skb)->daddr;
		if (ipv4_is_multicast(m.dst4) || ipv4_is_lbcast(m.dst4) ||
		    ipv4_is_linklocal_169(m.dst4))
			return;
		m.family = AF_INET;
	} else if (skb->protocol == htons(ETH_P_IPV6) &&
		   pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) {
		m.dst6 = ipv6_hdr(skb)->daddr;
		if (ipv6_addr_type(&m.dst6) &
		    (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL))
			return;
		m.family = AF_INET6;
	} else {
		return;
	}
	if (__ratelimit(&vxip->miss_rs))
		vxip_nl_notify_miss(vxip, &m);
}

/*
 * A route carries traffic to @peer, one of its peers, if the peer lives
 * and, in VXLAN, the route knows the router MAC; otherwise the packet is
 * dropped (TX_L3_MISS).
 */
static bool vxip_route_usable(const struct vxip_route *r,
			      const struct vxip_peer *peer)
{
	u32 tx = READ_ONCE(peer->tx);

	if (READ_ONCE(peer->dead))
		return false;
	return (r->encap ?: VXIP_PEER_TX_ENCAP(tx)) == VXIP_ENCAP_IPIP ||
	       !is_zero_ether_addr(r->rmac);
}

/*
 * Send an IP packet the stack routed to this device by the route entry:
 * IPIP, or VXLAN to the peer's router MAC in the route's L3 VNI (EVPN
 * type 5).
 */
static netdev_tx_t vxip_xmit_route(struct vxip_dev *vxip,
				   const struct vxip_config *cfg,
				   const struct vxip_route *r,
				   struct vxip_peer *peer, struct sk_buff *skb)
{
	u8 encap = r->encap ?: VXIP_PEER_TX_ENCAP(READ_ONCE(peer->tx));
	struct ethhdr *eth;

	if (encap == VXIP_ENCAP_IPIP)
		return vxip_ipip_xmit(vxip, cfg, peer, skb);
	if (skb_ensure_writable(skb, ETH_HLEN)) {
		vxip_drop(vxip, skb, VXIP_DROP_TX_ERROR);
		return NETDEV_TX_OK;
	}
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_source, vxip->dev->dev_addr);
	ether_addr_copy(eth->h_dest, r->rmac);
	return vxip_vxlan_xmit(vxip, cfg, peer, skb, r->vni, false);
}

static netdev_tx_t vxip_xmit_rcu(struct vxip_dev *vxip, struct sk_buff *skb)
{
	struct net_device *dev = vxip->dev;
	const struct vxip_config *cfg;
	const struct ethhdr *eth;
	struct vxip_peer *peer;
	struct vxip_route *r;
	struct vxip_fdb *f;

	if (!pskb_may_pull(skb, ETH_HLEN)) {
		vxip_drop(vxip, skb, VXIP_DROP_TX_ERROR);
		return NETDEV_TX_OK;
	}
	/* An AF_PACKET sender may mark a bare Ethernet header as IP: the
	 * encaps read the inner header (TOS, TTL, DF, IPIP's protocol).
	 */
	if (!pskb_inet_may_pull(skb)) {
		vxip_drop(vxip, skb, VXIP_DROP_TX_MALFORMED);
		return NETDEV_TX_OK;
	}
	cfg = rcu_dereference(vxip->cfg);

	/* ARP requests and NS whose answer is known never leave: the
	 * broadcast and multicast ones, and the unicast probes of a
	 * neighbour entry in PROBE, sent to the MAC the entry holds (the
	 * device's own, for an address a route covers).
	 */
	if (vxip_neigh_suppress(vxip, skb))
		return NETDEV_TX_OK;
	eth = eth_hdr(skb);	/* the header may have moved */

	/* Routed to us: the L3 table decides, else the FDB. */
	/* An IP packet to the device's MAC is routed: by a route, or not
	 * at all (flooding a frame addressed to this device helps nobody).
	 */
	if (ether_addr_equal(eth->h_dest, dev->dev_addr) &&
	    (skb->protocol == htons(ETH_P_IP) ||
	     skb->protocol == htons(ETH_P_IPV6))) {
		r = vxip->t.routes.n ? vxip_l3_lookup(vxip, skb) : NULL;
		peer = r ? vxip_nh_pick(r->peer, r->nhs, skb) : NULL;
		if (r && vxip_route_usable(r, peer))
			return vxip_xmit_route(vxip, cfg, r, peer, skb);
		if (!r)
			vxip_miss_l3(vxip, skb);
		vxip_drop(vxip, skb, VXIP_DROP_TX_L3_MISS);
		return NETDEV_TX_OK;
	}

	if (!is_multicast_ether_addr(eth->h_dest)) {
		f = vxip_fdb_lookup(&vxip->t, eth->h_dest);
		peer = f ? vxip_nh_pick(f->peer, f->nhs, skb) : NULL;
		if (peer && !READ_ONCE(peer->dead))
			return vxip_xmit_peer(vxip, cfg, peer, skb, false);
		/* Unknown unicast: a control plane may know the MAC, even
		 * if the frame is flooded meanwhile.
		 */
		if (__ratelimit(&vxip->miss_rs)) {
			struct vxip_miss m = { .mac = eth->h_dest };

			vxip_nl_notify_miss(vxip, &m);
		}
	}

	/* Broadcast, multicast and unknown unicast. */
	if (vxip_flood(vxip, cfg, skb))
		return NETDEV_TX_OK;

	vxip_drop(vxip, skb, VXIP_DROP_TX_MISS);
	return NETDEV_TX_OK;
}

/*
 * ndo_start_xmit.  The core holds rcu_read_lock_bh(), which lockdep does
 * not count for rcu_dereference(): take the RCU read lock the tables and
 * the configuration are published under, as vxlan and geneve do.
 */
netdev_tx_t vxip_xmit(struct sk_buff *skb, struct net_device *dev)
{
	netdev_tx_t ret;

	rcu_read_lock();
	ret = vxip_xmit_rcu(netdev_priv(dev), skb);
	rcu_read_unlock();
	return ret;
}
