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
#define VXIP_VXLAN4_ENCAP	(sizeof(struct iphdr) + sizeof(struct udphdr) + \
				 VXIP_VXLAN_HLEN)

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

/*
 * Send @skb, an Ethernet frame, to @peer in VXLAN.  Consumes @skb.  Called
 * from ndo_start_xmit, under RCU.
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
	__be16 sport, dport, df;
	__be32 saddr = 0;
	struct rtable *rt;
	int needed, err;
	u8 tos, ttl;
	void *vxh;

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

	rt = vxip_route4(vxip, cfg, peer, skb, tos, IPPROTO_UDP, dport, &saddr);
	if (IS_ERR(rt)) {
		vxip_peer_count_drop(peer);
		vxip_drop(vxip, skb, VXIP_DROP_TX_NO_ROUTE);
		return NETDEV_TX_OK;
	}

	if (vxip_pmtu_check(vxip, peer, skb, rt, VXIP_VXLAN4_OVERHEAD))
		return NETDEV_TX_OK;

	ttl = vxip_ttl(cfg, skb, &rt->dst);
	df = vxip_df(cfg, skb);

	needed = LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len +
		 VXIP_VXLAN4_ENCAP;
	err = skb_cow_head(skb, needed);
	if (err)
		goto tx_error;
	err = iptunnel_handle_offloads(skb, cfg->udp_csum ?
				       SKB_GSO_UDP_TUNNEL_CSUM :
				       SKB_GSO_UDP_TUNNEL);
	if (err)
		goto tx_error;

	vxh = __skb_push(skb, VXIP_VXLAN_HLEN);
	vxip_vxlan_build(vxh, vni);
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));

	vxip_udp_tunnel_xmit(rt, vs->sock->sk, skb, saddr,
			     vxip_addr4(&peer->addr), tos, ttl, df, sport, dport,
			     !net_eq(vxip->net, dev_net(dev)), !cfg->udp_csum);
	vxip_peer_count(peer, true, len, flood);
	vxip_count_encap(vxip, VXIP_ENCAP_VXLAN, true, len);
	return NETDEV_TX_OK;

tx_error:
	ip_rt_put(rt);
	vxip_peer_count_drop(peer);
	vxip_drop(vxip, skb, VXIP_DROP_TX_ERROR);
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
	const struct iphdr *oiph = ip_hdr(skb);
	u8 outer_tos = oiph->tos;
	struct vxip_peer *peer;
	struct in6_addr src;
	struct ethhdr *eth;
	unsigned int len;

	if (!netif_running(dev)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_DOWN);
		return 0;
	}
	vxip_addr_set4(&src, oiph->saddr);
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
