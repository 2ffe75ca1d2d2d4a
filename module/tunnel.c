// SPDX-License-Identifier: GPL-2.0
/*
 * What both encaps share: the outer header's fields (TOS, DF, TTL), the
 * underlay route, the path MTU check, and handing a frame the device built
 * to the stack.  The bottom of the transmit path: it calls nothing above.
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/route.h>

#include "compat.h"
#include "vxip.h"

/*
 * Hand a frame the device built (an ARP reply, a neighbour advertisement,
 * a frag-needed) to the stack as if it came in on the device.
 */
void vxip_reply_rx(struct vxip_dev *vxip, struct sk_buff *reply)
{
	reply->dev = vxip->dev;
	reply->protocol = eth_type_trans(reply, vxip->dev);
	reply->ip_summed = CHECKSUM_UNNECESSARY;
	netif_rx(reply);
}

/*
 * The outer TOS.  The inner IP header, if any, was pulled by vxip_xmit()
 * (pskb_inet_may_pull()).
 */
u8 vxip_tos(const struct vxip_config *cfg, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	u8 tos = cfg->tos;

	if (cfg->tos_inherit)
		tos = ip_tunnel_get_dsfield(iph, skb);
	/* RFC 6040: copy the inner ECN field (normal mode). */
	return ip_tunnel_ecn_encap(tos, iph, skb);
}

/*
 * The outer DF bit.  Inherited as vxlan does: from an IPv4 inner packet's
 * DF, and always set for IPv6, which routers never fragment.
 */
__be16 vxip_df(const struct vxip_config *cfg, struct sk_buff *skb)
{
	switch (cfg->df) {
	case VXIP_DF_SET:
		return htons(IP_DF);
	case VXIP_DF_INHERIT:
		if (skb->protocol == htons(ETH_P_IPV6))
			return htons(IP_DF);
		if (skb->protocol == htons(ETH_P_IP))
			return ip_hdr(skb)->frag_off & htons(IP_DF);
		return 0;
	default:
		return 0;
	}
}

/* The route to @peer, from its cache when the cache still holds. */
struct rtable *vxip_route4(struct vxip_dev *vxip, const struct vxip_config *cfg,
			   struct vxip_peer *peer, struct sk_buff *skb, u8 tos,
			   u8 proto, __be16 dport, __be32 *saddr)
{
	/* A mark may select another route (policy routing): no cache, as
	 * ip_tunnel_dst_cache_usable() decides upstream.
	 */
	bool use_cache = !cfg->tos_inherit && !skb->mark;
	struct flowi4 fl4;
	struct rtable *rt;

	if (use_cache) {
		rt = dst_cache_get_ip4(&peer->dst_cache, saddr);
		if (rt && (!cfg->local4 || *saddr == cfg->local4))
			return rt;
		if (rt)
			ip_rt_put(rt);
	}

	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = vxip_addr4(&peer->addr);
	fl4.saddr = cfg->local4;
	vxip_flowi4_set_tos(&fl4, tos);
	fl4.flowi4_proto = proto;
	fl4.flowi4_mark = skb->mark;
	fl4.fl4_dport = dport;
	rt = ip_route_output_key(vxip->net, &fl4);
	if (IS_ERR(rt))
		return rt;
	if (rt->dst.dev == vxip->dev) {
		/* The underlay route points back into the overlay. */
		ip_rt_put(rt);
		return ERR_PTR(-ELOOP);
	}
	*saddr = fl4.saddr;
	if (use_cache)
		dst_cache_set_ip4(&peer->dst_cache, &rt->dst, fl4.saddr);
	return rt;
}

/*
 * The IPv6 route to @peer, from its cache when the cache still holds; the
 * flow label of the inner flow in *@label.  @sk may be NULL (IP-in-IPv6).
 */
struct dst_entry *vxip_route6(struct vxip_dev *vxip,
			      const struct vxip_config *cfg,
			      struct vxip_peer *peer, struct sock *sk,
			      struct sk_buff *skb, u8 tos, u8 proto,
			      __be16 dport, struct in6_addr *saddr,
			      __be32 *label)
{
	bool use_cache = !cfg->tos_inherit && !skb->mark;
	struct dst_entry *dst;
	struct flowi6 fl6;

	memset(&fl6, 0, sizeof(fl6));
	fl6.daddr = peer->addr;
	fl6.saddr = cfg->local6;
	fl6.flowi6_proto = proto;
	fl6.flowi6_mark = skb->mark;
	fl6.fl6_dport = dport;
	/* From the inner flow's hash: ECMP entropy, as the source port. */
	*label = ip6_make_flowlabel(vxip->net, skb, 0, true, &fl6);
	fl6.flowlabel = ip6_make_flowinfo(tos, *label);

	if (use_cache) {
		dst = dst_cache_get_ip6(&peer->dst_cache, saddr);
		if (dst && (ipv6_addr_any(&cfg->local6) ||
			    ipv6_addr_equal(saddr, &cfg->local6)))
			return dst;
		dst_release(dst);
	}

	dst = ip6_dst_lookup_flow(vxip->net, sk, &fl6, NULL);
	if (IS_ERR(dst))
		return dst;
	if (dst->dev == vxip->dev) {
		/* The underlay route points back into the overlay. */
		dst_release(dst);
		return ERR_PTR(-ELOOP);
	}
	*saddr = fl6.saddr;
	if (use_cache)
		dst_cache_set_ip6(&peer->dst_cache, dst, &fl6.saddr);
	return dst;
}

/*
 * Is @skb too big for the path over @dst once @overhead bytes are added,
 * with DF set?  Then answer with frag-needed (PTB) ourselves and consume
 * it: a forwarding node would not, as it ignores learned path MTUs by
 * default (ip_forward_use_pmtu), and a bridge never looks.  Returns true
 * if @skb (and @dst) were consumed.
 */
bool vxip_pmtu_check(struct vxip_dev *vxip, struct vxip_peer *peer,
		     struct sk_buff *skb, struct dst_entry *dst, int overhead)
{
	int err = skb_tunnel_check_pmtu(skb, dst, overhead, true);

	if (!err)
		return false;
	dst_release(dst);
	vxip_peer_count_drop(peer);
	if (err < 0) {
		vxip_drop(vxip, skb, VXIP_DROP_TX_ERROR);
		return true;
	}
	vxip_count_drop(vxip, VXIP_DROP_TX_TOO_BIG);
	vxip_reply_rx(vxip, skb);
	return true;
}

/* Outer TTL: configured, inherited from the inner packet, or the route's. */
u8 vxip_ttl(const struct vxip_config *cfg, struct sk_buff *skb,
	    struct dst_entry *dst)
{
	u8 ttl = cfg->ttl;

	if (cfg->ttl_inherit)
		ttl = ip_tunnel_get_ttl(ip_hdr(skb), skb);
	if (ttl)
		return ttl;
	return dst->ops->family == AF_INET6 ? ip6_dst_hoplimit(dst) :
					      ip4_dst_hoplimit(dst);
}
