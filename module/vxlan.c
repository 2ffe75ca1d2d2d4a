// SPDX-License-Identifier: GPL-2.0
/* vxip VXLAN encapsulation (RFC 7348): header, transmit and receive. */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <kunit/visibility.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "compat.h"
#include "vxip.h"

/* Bytes pushed in front of the inner Ethernet frame. */
#define VXIP_VXLAN4_ENCAP	(VXIP_VXLAN4_OVERHEAD - ETH_HLEN)
#define VXIP_VXLAN6_ENCAP	(VXIP_VXLAN6_OVERHEAD - ETH_HLEN)

/* Write the 8-byte VXLAN header: the I flag, the VNI, reserved bits zero. */
void vxip_vxlan_build(void *hdr, u32 vni)
{
	__be32 *w = hdr;

	w[0] = htonl(VXIP_VXLAN_FLAG_I);
	w[1] = htonl(vni << 8);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_vxlan_build);

/*
 * Read the VNI from a VXLAN header.  Returns 0, or -EINVAL when the I flag
 * is missing or a reserved bit is set; *vni is filled in either way, so
 * the drop can be counted on the device the VNI names.
 */
int vxip_vxlan_parse(const void *hdr, u32 *vni)
{
	const __be32 *w = hdr;
	u32 flags = ntohl(w[0]);
	u32 word = ntohl(w[1]);

	*vni = word >> 8;
	if (flags != VXIP_VXLAN_FLAG_I || (word & 0xff))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_vxlan_parse);

static __be16 vxip_src_port(struct net *net, const struct vxip_config *cfg,
			    struct sk_buff *skb)
{
	if (cfg->srcport_min && cfg->srcport_min == cfg->srcport_max)
		return htons(cfg->srcport_min);
	/* Hashed from the inner flow: ECMP entropy in the underlay. */
	return udp_flow_src_port(net, skb, cfg->srcport_min, cfg->srcport_max,
				 true);
}

/* Push the VXLAN header and mark the inner protocol, with room for @needed. */
static int vxip_vxlan_push(struct sk_buff *skb, unsigned int needed,
			   bool csum, u32 vni)
{
	int err;

	err = skb_cow_head(skb, needed);
	if (err)
		return err;
	err = iptunnel_handle_offloads(skb, csum ? SKB_GSO_UDP_TUNNEL_CSUM :
						   SKB_GSO_UDP_TUNNEL);
	if (err)
		return err;
	vxip_vxlan_build(__skb_push(skb, VXIP_VXLAN_HLEN), vni);
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	return 0;
}

/*
 * The IPv4 half of vxip_vxlan_xmit().  Returns 0 once sent, -1 if the PMTU
 * check consumed @skb, else the drop reason (never TX_MISS, which is 0).
 */
static int vxip_vxlan4_xmit(struct vxip_dev *vxip, const struct vxip_config *cfg,
			    struct vxip_peer *peer, struct vxip_sock *vs,
			    struct sk_buff *skb, u32 vni, u8 tos,
			    __be16 sport, __be16 dport)
{
	struct net_device *dev = vxip->dev;
	__be32 saddr = 0;
	struct rtable *rt;
	__be16 df;
	u8 ttl;

	rt = vxip_route4(vxip, cfg, peer, skb, tos, IPPROTO_UDP, dport, &saddr);
	if (IS_ERR(rt))
		return VXIP_DROP_TX_NO_ROUTE;
	if (vxip_pmtu_check(vxip, peer, skb, &rt->dst, VXIP_VXLAN4_OVERHEAD))
		return -1;
	ttl = vxip_ttl(cfg, skb, &rt->dst);
	df = vxip_df(cfg, skb);
	if (vxip_vxlan_push(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			    rt->dst.header_len + VXIP_VXLAN4_ENCAP,
			    cfg->udp_csum, vni)) {
		ip_rt_put(rt);
		return VXIP_DROP_TX_ERROR;
	}
	vxip_udp_tunnel_xmit(rt, vs->sock->sk, skb, saddr,
			     vxip_addr4(&peer->addr), tos, ttl, df, sport, dport,
			     !net_eq(vxip->net, dev_net(dev)), !cfg->udp_csum);
	return 0;
}

/*
 * The IPv6 half: UDP checksums unless udp6-zero-csum-tx is on (RFC 6935
 * allows zero ones only where both ends agree), a flow label from the
 * inner flow, and no DF (an IPv6 router never fragments).
 */
static int vxip_vxlan6_xmit(struct vxip_dev *vxip, const struct vxip_config *cfg,
			    struct vxip_peer *peer, struct vxip_sock *vs,
			    struct sk_buff *skb, u32 vni, u8 tos,
			    __be16 sport, __be16 dport)
{
	struct net_device *dev = vxip->dev;
	struct in6_addr saddr;
	struct dst_entry *dst;
	__be32 label;
	u8 ttl;

	if (!vs->sock6)
		return VXIP_DROP_TX_NO_ROUTE;
	dst = vxip_route6(vxip, cfg, peer, vs->sock6->sk, skb, tos, IPPROTO_UDP,
			  dport, &saddr, &label);
	if (IS_ERR(dst))
		return VXIP_DROP_TX_NO_ROUTE;
	if (vxip_pmtu_check(vxip, peer, skb, dst, VXIP_VXLAN6_OVERHEAD))
		return -1;
	ttl = vxip_ttl(cfg, skb, dst);
	if (vxip_vxlan_push(skb, LL_RESERVED_SPACE(dst->dev) +
			    dst->header_len + VXIP_VXLAN6_ENCAP,
			    !cfg->udp6_zero_csum_tx, vni)) {
		dst_release(dst);
		return VXIP_DROP_TX_ERROR;
	}
	/* As iptunnel_xmit() does for IPv4: the inner packet's state stays. */
	skb_scrub_packet(skb, !net_eq(vxip->net, dev_net(dev)));
	vxip_udp_tunnel6_xmit(dst, vs->sock6->sk, skb, dev, &saddr, &peer->addr,
			      tos, ttl, label, sport, dport, cfg->udp6_zero_csum_tx);
	return 0;
}

/*
 * Send @skb, an Ethernet frame, to @peer in VXLAN, over IPv4 or IPv6 as
 * the peer's address is.  Consumes @skb.  Called from ndo_start_xmit,
 * under RCU.
 */
netdev_tx_t vxip_vxlan_xmit(struct vxip_dev *vxip,
			    const struct vxip_config *cfg,
			    struct vxip_peer *peer, struct sk_buff *skb,
			    u32 vni, bool flood)
{
	struct vxip_sock *vs = rcu_dereference(vxip->vs);
	struct net_device *dev = vxip->dev;
	u32 tx = READ_ONCE(peer->tx);
	unsigned int len = skb->len;
	__be16 sport, dport;
	int drop;
	u8 tos;

	if (vni == VXIP_VNI_NONE)
		vni = cfg->vni;
	if (!vs || vni == VXIP_VNI_NONE) {
		/* No VNI: the device carries no VXLAN traffic. */
		vxip_peer_count_drop(peer);
		vxip_drop(vxip, skb, VXIP_DROP_TX_MISS);
		return NETDEV_TX_OK;
	}
	dport = htons(VXIP_PEER_TX_PORT(tx) ?: cfg->port);
	sport = vxip_src_port(dev_net(dev), cfg, skb);
	tos = vxip_tos(cfg, skb);

	if (vxip_addr_is4(&peer->addr))
		drop = vxip_vxlan4_xmit(vxip, cfg, peer, vs, skb, vni, tos,
					sport, dport);
	else
		drop = vxip_vxlan6_xmit(vxip, cfg, peer, vs, skb, vni, tos,
					sport, dport);
	if (drop > 0) {
		vxip_peer_count_drop(peer);
		vxip_drop(vxip, skb, drop);
	} else if (!drop) {
		vxip_peer_count(peer, true, len, flood);
		vxip_count_encap(vxip, VXIP_ENCAP_VXLAN, true, len);
	}
	return NETDEV_TX_OK;
}

/* RFC 6040 decapsulation.  Returns false if the packet must be dropped. */
static bool vxip_ecn_decap(struct sk_buff *skb, u8 outer_tos)
{
	u8 inner;

	if (skb->protocol == htons(ETH_P_IP)) {
		if (!pskb_network_may_pull(skb, sizeof(struct iphdr)))
			return true;
		inner = ip_hdr(skb)->tos;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		if (!pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
			return true;
		inner = ipv6_get_dsfield(ipv6_hdr(skb));
	} else {
		return true;
	}
	return INET_ECN_decapsulate(skb, outer_tos, inner) <= 1;
}

/*
 * Receive a VXLAN packet for @vxip, its header already validated.
 * skb->data is at the UDP header.  Consumes @skb; returns 0 (the UDP layer
 * must not deliver it to the socket).  Softirq, under RCU.
 */
int vxip_vxlan_rcv(struct vxip_dev *vxip, struct sk_buff *skb)
{
	const struct vxip_config *cfg = rcu_dereference(vxip->cfg);
	struct net_device *dev = vxip->dev;
	struct vxip_peer *peer;
	struct in6_addr src;
	struct ethhdr *eth;
	unsigned int len;
	u8 outer_tos;

	if (!netif_running(dev)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_DOWN);
		return 0;
	}
	/* The UDP layer delivered it: the outer header is there. */
	if (ip_hdr(skb)->version == 6) {
		/* The IPv6 socket takes zero checksums (RFC 6936); each
		 * device says whether it does.
		 */
		if (!udp_hdr(skb)->check && !cfg->udp6_zero_csum_rx) {
			vxip_drop(vxip, skb, VXIP_DROP_RX_ZERO_CSUM);
			return 0;
		}
		src = ipv6_hdr(skb)->saddr;
		outer_tos = ipv6_get_dsfield(ipv6_hdr(skb));
	} else {
		vxip_addr_set4(&src, ip_hdr(skb)->saddr);
		outer_tos = ip_hdr(skb)->tos;
	}
	peer = vxip_peer_lookup(&vxip->t, &src);
	if (!peer && cfg->strict) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_UNKNOWN_SRC);
		return 0;
	}

	if (skb->len < sizeof(struct udphdr) + VXIP_VXLAN_HLEN + ETH_HLEN) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_RUNT);
		return 0;
	}
	if (__iptunnel_pull_header(skb, sizeof(struct udphdr) + VXIP_VXLAN_HLEN,
				   htons(ETH_P_TEB), false,
				   !net_eq(vxip->net, dev_net(dev)))) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_RUNT);
		return 0;
	}

	skb_reset_mac_header(skb);
	eth = eth_hdr(skb);
	if (!is_valid_ether_addr(eth->h_source) ||
	    ether_addr_equal(eth->h_source, dev->dev_addr)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_BAD_INNER);
		return 0;
	}
	if (peer && cfg->learning)
		vxip_fdb_learn(vxip, eth->h_source, peer);

	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	skb_reset_network_header(skb);
	if (!vxip_ecn_decap(skb, outer_tos)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_ECN);
		return 0;
	}

	len = skb->len + ETH_HLEN;
	dev_sw_netstats_rx_add(dev, len);
	if (peer)
		vxip_peer_count(peer, false, len, false);
	vxip_count_encap(vxip, VXIP_ENCAP_VXLAN, false, len);
	gro_cells_receive(&vxip->gro_cells, skb);
	return 0;
}
