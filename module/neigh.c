// SPDX-License-Identifier: GPL-2.0
/* vxip ARP and IPv6 ND suppression: answer locally from EVPN MAC/IP entries. */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <net/arp.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>

#include "vxip.h"

/* Is @addr covered by a route whose peer is alive?  RCU. */
static bool vxip_neigh_routed(struct vxip_dev *vxip, u8 family, const u8 *addr)
{
	u8 key[16] = {};
	struct vxip_route *r;

	memcpy(key, addr, family == AF_INET ? 4 : 16);
	r = vxip_route_lookup(&vxip->t.routes, family, key);
	return r && !READ_ONCE(r->peer->dead);
}

static bool vxip_arp_suppress(struct vxip_dev *vxip, struct sk_buff *skb)
{
	struct net_device *dev = vxip->dev;
	const u8 *sha, *mac;
	enum vxip_event ev;
	struct in6_addr key;
	struct arphdr *arp;
	__be32 sip, tip;
	struct sk_buff *reply;
	u8 *p;

	if (!pskb_may_pull(skb, ETH_HLEN + arp_hdr_len(dev)))
		return false;
	arp = (struct arphdr *)(skb->data + ETH_HLEN);
	if (arp->ar_op != htons(ARPOP_REQUEST) ||
	    arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return false;

	p = (u8 *)(arp + 1);
	sha = p;
	memcpy(&sip, p + ETH_ALEN, 4);
	memcpy(&tip, p + 2 * ETH_ALEN + 4, 4);
	if (ipv4_is_multicast(tip) || ipv4_is_loopback(tip) || !tip ||
	    tip == sip)
		return false;

	vxip_addr_set4(&key, tip);
	mac = vxip_neigh_lookup(&vxip->t, &key);
	ev = VXIP_EV_ARP_SUPPRESSED;
	if (!mac && vxip_neigh_routed(vxip, AF_INET, (const u8 *)&tip)) {
		/* Proxy: the device routes it, so its own MAC is the answer. */
		mac = dev->dev_addr;
		ev = VXIP_EV_ARP_PROXIED;
	}
	if (!mac)
		return false;

	reply = arp_create(ARPOP_REPLY, ETH_P_ARP, sip, dev, tip, sha, mac, sha);
	if (!reply)
		return false;	/* flood the request instead */
	vxip_reply_rx(vxip, reply);
	vxip_count(vxip, ev, 1);
	consume_skb(skb);
	return true;
}

/* Build a neighbour advertisement for @target at @mac, to the solicitor. */
static struct sk_buff *vxip_na_create(struct net_device *dev,
				      const struct ethhdr *eth,
				      const struct ipv6hdr *ip6,
				      const struct in6_addr *target,
				      const u8 *mac)
{
	unsigned int opt_len = ndisc_opt_addr_space(dev, NDISC_NEIGHBOUR_ADVERTISEMENT);
	unsigned int len = sizeof(struct nd_msg) + opt_len;
	bool dad = ipv6_addr_any(&ip6->saddr);
	struct nd_msg *na;
	struct ipv6hdr *h;
	struct sk_buff *skb;
	struct ethhdr *e;
	u8 *opt;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*h) + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));

	skb_reset_mac_header(skb);
	e = skb_put(skb, ETH_HLEN);
	ether_addr_copy(e->h_dest, eth->h_source);
	ether_addr_copy(e->h_source, mac);
	e->h_proto = htons(ETH_P_IPV6);

	skb_set_network_header(skb, skb->len);
	h = skb_put_zero(skb, sizeof(*h));
	ip6_flow_hdr(h, 0, 0);
	h->payload_len = htons(len);
	h->nexthdr = IPPROTO_ICMPV6;
	h->hop_limit = 255;
	h->saddr = *target;
	if (dad)
		ipv6_addr_set(&h->daddr, htonl(0xff020000), 0, 0, htonl(1));
	else
		h->daddr = ip6->saddr;

	na = skb_put_zero(skb, len);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_override = 1;
	na->icmph.icmp6_solicited = !dad;
	na->target = *target;
	opt = na->opt;
	opt[0] = ND_OPT_TARGET_LL_ADDR;
	opt[1] = opt_len >> 3;
	memcpy(opt + 2, mac, ETH_ALEN);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&h->saddr, &h->daddr, len,
						IPPROTO_ICMPV6,
						csum_partial(na, len, 0));
	return skb;
}

static bool vxip_nd_suppress(struct vxip_dev *vxip, struct sk_buff *skb)
{
	const unsigned int hlen = ETH_HLEN + sizeof(struct ipv6hdr);
	const struct ipv6hdr *ip6;
	const struct nd_msg *ns;
	struct sk_buff *reply;
	enum vxip_event ev;
	const u8 *mac;

	/* Unicast IPv6 traffic comes here too: look at the fixed header,
	 * which vxip_xmit() pulled, before pulling anything more.
	 */
	if (!pskb_may_pull(skb, hlen))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	if (ip6->nexthdr != IPPROTO_ICMPV6 || ip6->hop_limit != 255)
		return false;
	if (!pskb_may_pull(skb, hlen + sizeof(struct nd_msg)))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	ns = (const struct nd_msg *)(skb->data + hlen);
	if (ns->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION ||
	    ns->icmph.icmp6_code ||
	    ipv6_addr_is_multicast(&ns->target) ||
	    ipv6_addr_loopback(&ns->target))
		return false;

	mac = vxip_neigh_lookup(&vxip->t, &ns->target);
	ev = VXIP_EV_ND_SUPPRESSED;
	if (!mac && vxip_neigh_routed(vxip, AF_INET6, ns->target.s6_addr)) {
		mac = vxip->dev->dev_addr;
		ev = VXIP_EV_ND_PROXIED;
	}
	if (!mac)
		return false;
	reply = vxip_na_create(vxip->dev, eth_hdr(skb), ip6, &ns->target, mac);
	if (!reply)
		return false;
	vxip_reply_rx(vxip, reply);
	vxip_count(vxip, ev, 1);
	consume_skb(skb);
	return true;
}

/*
 * Answer an ARP request or a neighbour solicitation locally when an FDB
 * entry binds the target address to a MAC, or a route covers it (the
 * device's MAC answers).  Broadcast, multicast and unicast ones alike: a
 * neighbour entry in PROBE asks the MAC it holds.  Returns true if it did
 * (and consumed @skb).  Called from ndo_start_xmit under RCU.
 */
bool vxip_neigh_suppress(struct vxip_dev *vxip, struct sk_buff *skb)
{
	if (!atomic_read(&vxip->t.n_fdb) && !READ_ONCE(vxip->t.routes.n))
		return false;
	switch (eth_hdr(skb)->h_proto) {
	case htons(ETH_P_ARP):
		return vxip_arp_suppress(vxip, skb);
	case htons(ETH_P_IPV6):
		return vxip_nd_suppress(vxip, skb);
	default:
		return false;
	}
}
