// SPDX-License-Identifier: GPL-2.0
/*
 * vxip IP-in-IP: IPv4 and IPv6 in IPv4 (RFC 2003, 6in4) and in IPv6
 * (RFC 2473): transmit, and receive via tunnel4 and tunnel6.
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/rhashtable.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netns/hash.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "compat.h"
#include "vxip.h"

/*
 * The source MAC of frames decapsulated from an IPIP peer: a locally
 * administered prefix and the peer's IPv4 address (the last 32 bits of an
 * IPv6 one), so tcpdump on the device tells peers apart.
 */
#define VXIP_IPIP_MAC0	0x02	/* locally administered, unicast */
#define VXIP_IPIP_MAC1	0x5a

static void vxip_ipip_peer_mac(const struct vxip_peer *peer, u8 *mac)
{
	mac[0] = VXIP_IPIP_MAC0;
	mac[1] = VXIP_IPIP_MAC1;
	memcpy(mac + 2, &peer->addr.s6_addr32[3], 4);
}

/* Into IPv4: RFC 2003 (proto 4) and 6in4 (proto 41). */
static int vxip_ipip4_xmit(struct vxip_dev *vxip, const struct vxip_config *cfg,
			   struct vxip_peer *peer, struct sk_buff *skb,
			   u8 proto, u8 tos)
{
	struct net_device *dev = vxip->dev;
	struct rtable *rt;
	__be32 saddr = 0;
	__be16 df;
	u8 ttl;

	rt = vxip_route4(vxip, cfg, peer, skb, tos, proto, 0, &saddr);
	if (IS_ERR(rt))
		return VXIP_DROP_TX_NO_ROUTE;
	/* IPIP costs 20 bytes where VXLAN costs 50: its own PMTU answer. */
	if (vxip_pmtu_check(vxip, peer, skb, &rt->dst, sizeof(struct iphdr)))
		return -1;
	ttl = vxip_ttl(cfg, skb, &rt->dst);
	df = vxip_df(cfg, skb);

	/* From here on the packet is the inner IP packet. */
	__skb_pull(skb, skb_network_offset(skb));
	/* The outer header is IPv4 for both: IPXIP4, as sit marks 6in4 (the
	 * GSO type names the outer header; sit_gso_segment() refuses the rest).
	 */
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 rt->dst.header_len + sizeof(struct iphdr)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_IPXIP4)) {
		ip_rt_put(rt);
		return VXIP_DROP_TX_ERROR;
	}
	skb_set_inner_ipproto(skb, proto);
	vxip_iptunnel_xmit(rt, skb, saddr, vxip_addr4(&peer->addr), proto,
			   tos, ttl, df, !net_eq(vxip->net, dev_net(dev)));
	return 0;
}

/*
 * Into IPv6 (RFC 2473): IPv4 in IPv6 (proto 4) and IPv6 in IPv6 (41), as
 * ip6tnl's modes ipip6 and ip6ip6 send them, without the encapsulation
 * limit option (ip6tnl's encaplimit none).  No DF: IPv6 routers never
 * fragment.
 */
static int vxip_ipip6_xmit(struct vxip_dev *vxip, const struct vxip_config *cfg,
			   struct vxip_peer *peer, struct sk_buff *skb,
			   u8 proto, u8 tos)
{
	struct net_device *dev = vxip->dev;
	struct in6_addr saddr;
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	__be32 label;
	u8 ttl;

	dst = vxip_route6(vxip, cfg, peer, NULL, skb, tos, proto, 0, &saddr,
			  &label);
	if (IS_ERR(dst))
		return VXIP_DROP_TX_NO_ROUTE;
	if (vxip_pmtu_check(vxip, peer, skb, dst, sizeof(struct ipv6hdr)))
		return -1;
	ttl = vxip_ttl(cfg, skb, dst);

	__skb_pull(skb, skb_network_offset(skb));
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len +
			 sizeof(struct ipv6hdr)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6)) {
		dst_release(dst);
		return VXIP_DROP_TX_ERROR;
	}
	skb_set_inner_ipproto(skb, proto);
	/* As iptunnel_xmit() does for IPv4: the inner packet's state stays. */
	skb_scrub_packet(skb, !net_eq(vxip->net, dev_net(dev)));
	skb_clear_hash_if_not_l4(skb);
	skb_dst_set(skb, dst);

	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, tos, label);
	ip6h->nexthdr = proto;
	ip6h->hop_limit = ttl;
	ip6h->saddr = saddr;
	ip6h->daddr = peer->addr;
	skb->protocol = htons(ETH_P_IPV6);
	vxip_ip6tunnel_xmit(skb, dev);
	return 0;
}

/*
 * Send @skb, an Ethernet frame carrying IPv4 or IPv6, to @peer in IP-in-IP,
 * over IPv4 or IPv6 as the peer's address is: the Ethernet header is
 * dropped, an outer IP header added.  Consumes @skb.  Called from
 * ndo_start_xmit, under RCU.
 */
netdev_tx_t vxip_ipip_xmit(struct vxip_dev *vxip, const struct vxip_config *cfg,
			   struct vxip_peer *peer, struct sk_buff *skb)
{
	unsigned int len;
	u8 proto, tos;
	int drop;

	/* vxip_xmit() pulled the inner IP header (pskb_inet_may_pull()). */
	if (skb->protocol == htons(ETH_P_IP)) {
		proto = IPPROTO_IPIP;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		proto = IPPROTO_IPV6;
	} else {
		/* Only IP travels in IP: ARP and the like have no meaning here. */
		vxip_peer_count_drop(peer);
		vxip_drop(vxip, skb, VXIP_DROP_TX_NOT_IP);
		return NETDEV_TX_OK;
	}
	/* What is counted is the inner IP packet. */
	len = skb->len - skb_network_offset(skb);
	tos = vxip_tos(cfg, skb);
	if (vxip_addr_is4(&peer->addr))
		drop = vxip_ipip4_xmit(vxip, cfg, peer, skb, proto, tos);
	else
		drop = vxip_ipip6_xmit(vxip, cfg, peer, skb, proto, tos);
	if (drop > 0) {
		vxip_peer_count_drop(peer);
		vxip_drop(vxip, skb, drop);
	} else if (!drop) {
		vxip_peer_count(peer, true, len, false);
		vxip_count_encap(vxip, VXIP_ENCAP_IPIP, true, len);
	}
	return NETDEV_TX_OK;
}

/*
 * The IPIP receive hash: every peer that uses IPIP (vxip_peer_uses_ipip()),
 * of every vxip device, keyed by the device's underlay netns and the peer's
 * address.  A received packet finds its device and peer in one lookup,
 * however many devices the netns has.  The same address may be a peer of
 * several devices: the list holds them all, the newest first.
 */
struct vxip_ipip_key {
	const struct net *net;
	struct in6_addr addr;	/* IPv4 v4-mapped, as in struct vxip_peer */
};

static struct rhltable vxip_ipip_peers;

static u32 vxip_ipip_hash(const struct net *net, const struct in6_addr *addr,
			  u32 seed)
{
	return jhash2((const u32 *)addr->s6_addr32, 4,
		      seed ^ net_hash_mix(net));
}

static u32 vxip_ipip_key_hashfn(const void *data, u32 len, u32 seed)
{
	const struct vxip_ipip_key *key = data;

	return vxip_ipip_hash(key->net, &key->addr, seed);
}

static u32 vxip_ipip_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct vxip_peer *peer = data;

	return vxip_ipip_hash(peer->ipip_dev->net, &peer->addr, seed);
}

static int vxip_ipip_obj_cmpfn(struct rhashtable_compare_arg *arg,
			       const void *obj)
{
	const struct vxip_ipip_key *key = arg->key;
	const struct vxip_peer *peer = obj;

	return !(net_eq(key->net, peer->ipip_dev->net) &&
		 ipv6_addr_equal(&key->addr, &peer->addr));
}

static const struct rhashtable_params vxip_ipip_params = {
	.key_len	= sizeof(struct vxip_ipip_key),
	.head_offset	= offsetof(struct vxip_peer, ipip_node),
	.hashfn		= vxip_ipip_key_hashfn,
	.obj_hashfn	= vxip_ipip_obj_hashfn,
	.obj_cmpfn	= vxip_ipip_obj_cmpfn,
	.automatic_shrinking = true,
};

/*
 * Put @peer in the receive hash if it uses IPIP, or take it out if it no
 * longer does (or is being removed, or its device is).  Called wherever
 * that may change, with the device lock held.
 */
void vxip_ipip_peer_sync(struct vxip_tables *t, struct vxip_peer *peer)
{
	struct vxip_dev *vxip = t->vxip;
	bool use;

	if (!vxip)
		return;		/* KUnit's bare tables: nothing to receive */
	use = !READ_ONCE(peer->dead) && !vxip->dying &&
	      vxip_peer_uses_ipip(peer);
	if (use == peer->ipip_hashed)
		return;
	if (!use) {
		rhltable_remove(&vxip_ipip_peers, &peer->ipip_node,
				vxip_ipip_params);
		peer->ipip_hashed = false;
		return;
	}
	peer->ipip_dev = vxip;
	/* Fails only if no memory is left to grow the table. */
	if (rhltable_insert(&vxip_ipip_peers, &peer->ipip_node,
			    vxip_ipip_params)) {
		net_warn_ratelimited("%s: peer %pI6c cannot receive IPIP: no memory\n",
				     vxip->dev->name, &peer->addr);
		return;
	}
	peer->ipip_hashed = true;
}

/* The device is unregistering: no IPIP packet may find it any more. */
void vxip_ipip_dev_unhash(struct vxip_dev *vxip)
{
	struct vxip_peer *peer;

	lockdep_assert_held(&vxip->lock);
	list_for_each_entry(peer, &vxip->t.peer_list, list)
		vxip_ipip_peer_sync(&vxip->t, peer);
}

/*
 * The vxip device that has @saddr (IPv4 v4-mapped, or IPv6) as an IPIP
 * peer in @net, with the peer.  RCU.
 */
static struct vxip_dev *vxip_ipip_find(struct net *net,
				       const struct in6_addr *saddr,
				       struct vxip_peer **peerp)
{
	struct vxip_ipip_key key = { .net = net, .addr = *saddr };
	struct rhlist_head *list, *pos;
	struct vxip_peer *peer;

	list = rhltable_lookup(&vxip_ipip_peers, &key, vxip_ipip_params);
	rhl_for_each_entry_rcu(peer, pos, list, ipip_node) {
		if (READ_ONCE(peer->dead) || !vxip_peer_uses_ipip(peer))
			continue;
		*peerp = peer;
		return peer->ipip_dev;
	}
	return NULL;
}

/*
 * Check the inner header; returns the drop reason, or -1 if it is fine.
 * skb->data is at the inner header.
 */
static int vxip_ipip_check_inner(struct sk_buff *skb, __be16 proto)
{
	if (proto == htons(ETH_P_IP)) {
		const struct iphdr *iph;
		unsigned int tot;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return VXIP_DROP_RX_RUNT;
		iph = ip_hdr(skb);
		if (iph->version != 4 || iph->ihl < 5)
			return VXIP_DROP_RX_INNER_HEADER;
		if (!pskb_may_pull(skb, iph->ihl * 4))
			return VXIP_DROP_RX_RUNT;
		iph = ip_hdr(skb);
		tot = ntohs(iph->tot_len);
		if (tot < iph->ihl * 4 || tot > skb->len)
			return VXIP_DROP_RX_INNER_LENGTH;
	} else {
		const struct ipv6hdr *ip6;

		if (!pskb_may_pull(skb, sizeof(*ip6)))
			return VXIP_DROP_RX_RUNT;
		ip6 = ipv6_hdr(skb);
		if (ip6->version != 6)
			return VXIP_DROP_RX_INNER_HEADER;
		if (sizeof(*ip6) + ntohs(ip6->payload_len) > skb->len)
			return VXIP_DROP_RX_INNER_LENGTH;
	}
	return -1;
}

/*
 * WireGuard's reverse check: the inner source must fall in a prefix that
 * is routed to the peer the packet came from (one of its peers).
 */
static bool vxip_ipip_src_ok(struct vxip_dev *vxip, struct sk_buff *skb,
			     struct vxip_peer *peer, __be16 proto)
{
	struct vxip_route *r;
	u8 key[16] = {};

	if (proto == htons(ETH_P_IP)) {
		memcpy(key, &ip_hdr(skb)->saddr, 4);
		r = vxip_route_lookup(&vxip->t.routes, AF_INET, key);
	} else {
		r = vxip_route_lookup(&vxip->t.routes, AF_INET6,
				      ipv6_hdr(skb)->saddr.s6_addr);
	}
	return r && vxip_nhs_has(r->peer, r->nhs, peer);
}

/*
 * tunnel4 and tunnel6 receive, for IPv4 and IPv6 in IPv4 or IPv6.  A
 * packet whose outer source is not an IPIP peer of a vxip device is not
 * ours: a non-zero return hands it to the next handler (ipip.ko, sit.ko,
 * ip6_tunnel.ko), so tunl0, sit0, ip6tnl0 and other tunnels keep working.
 * skb->data is at the inner header.
 */
static int vxip_ipip_rcv(struct sk_buff *skb, __be16 proto)
{
	const struct vxip_config *cfg;
	struct in6_addr outer_saddr;
	struct vxip_peer *peer;
	struct vxip_dev *vxip;
	struct net_device *dev;
	unsigned int len;
	struct ethhdr *eth;
	u8 outer_tos;
	bool outer4;
	int reason;
	u8 inner;

	outer4 = ip_hdr(skb)->version == 4;
	if (outer4) {
		vxip_addr_set4(&outer_saddr, ip_hdr(skb)->saddr);
		outer_tos = ip_hdr(skb)->tos;
	} else {
		outer_saddr = ipv6_hdr(skb)->saddr;
		outer_tos = ipv6_get_dsfield(ipv6_hdr(skb));
	}
	vxip = vxip_ipip_find(dev_net(skb->dev), &outer_saddr, &peer);
	if (!vxip)
		return -ENOENT;
	dev = vxip->dev;
	cfg = rcu_dereference(vxip->cfg);

	if (!netif_running(dev)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_DOWN);
		return 0;
	}
	/* tunnel4 and tunnel6 set no_policy: IPsec input policy is the
	 * tunnel's check.
	 */
	if (outer4 ? !xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb) :
		     !xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_POLICY);
		return 0;
	}
	if (iptunnel_pull_header(skb, 0, proto, !net_eq(vxip->net, dev_net(dev)))) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_RUNT);
		return 0;
	}
	skb_reset_network_header(skb);
	reason = vxip_ipip_check_inner(skb, proto);
	if (reason >= 0) {
		vxip_drop(vxip, skb, reason);
		return 0;
	}
	if (cfg->strict && !vxip_ipip_src_ok(vxip, skb, peer, proto)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_SPOOFED);
		return 0;
	}
	inner = proto == htons(ETH_P_IP) ? ip_hdr(skb)->tos :
					   ipv6_get_dsfield(ipv6_hdr(skb));
	if (INET_ECN_decapsulate(skb, outer_tos, inner) > 1) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_ECN);
		return 0;
	}

	/* An Ethernet header, so the device shows ordinary frames. */
	if (skb_cow_head(skb, ETH_HLEN)) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_RUNT);
		return 0;
	}
	eth = skb_push(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dev->dev_addr);
	vxip_ipip_peer_mac(peer, eth->h_source);
	eth->h_proto = proto;
	skb_reset_mac_header(skb);
	len = skb->len;
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);

	dev_sw_netstats_rx_add(dev, len);
	vxip_peer_count(peer, false, len, false);
	vxip_count_encap(vxip, VXIP_ENCAP_IPIP, false, len);
	gro_cells_receive(&vxip->gro_cells, skb);
	return 0;
}

static int vxip_ipip4_rcv(struct sk_buff *skb)
{
	return vxip_ipip_rcv(skb, htons(ETH_P_IP));
}

static int vxip_ipip6_rcv(struct sk_buff *skb)
{
	return vxip_ipip_rcv(skb, htons(ETH_P_IPV6));
}

/*
 * An ICMP error about a packet we sent to an IPIP peer over IPv4: apply
 * the path MTU, or the redirect, to the route towards the peer.
 * skb->data is at the quoted header.
 */
static int vxip_ipip_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct net *net = dev_net(skb->dev);
	struct in6_addr daddr;
	struct vxip_peer *peer;
	u8 type, code;

	vxip_addr_set4(&daddr, iph->daddr);
	if (!vxip_ipip_find(net, &daddr, &peer))
		return -ENOENT;
	type = icmp_hdr(skb)->type;
	code = icmp_hdr(skb)->code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		ipv4_update_pmtu(skb, net, info, 0, iph->protocol);
	else if (type == ICMP_REDIRECT)
		ipv4_redirect(skb, net, 0, iph->protocol);
	return 0;
}

/* The same over IPv6: Packet Too Big, or a redirect. */
static int vxip_ipip6_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
			  u8 type, u8 code, int offset, __be32 info)
{
	const struct ipv6hdr *ip6h = (const struct ipv6hdr *)skb->data;
	struct net *net = dev_net(skb->dev);
	struct vxip_peer *peer;

	if (!vxip_ipip_find(net, &ip6h->daddr, &peer))
		return -ENOENT;
	if (type == ICMPV6_PKT_TOOBIG)
		ip6_update_pmtu(skb, net, info, 0, 0, sock_net_uid(net, NULL));
	else if (type == NDISC_REDIRECT)
		ip6_redirect(skb, net, 0, 0, sock_net_uid(net, NULL));
	return 0;
}

/* Ahead of ipip.ko and sit.ko (priority 1) and ip_vti (0). */
static struct xfrm_tunnel vxip_ipip4_handler __read_mostly = {
	.handler	= vxip_ipip4_rcv,
	.err_handler	= vxip_ipip_err,
	.priority	= -1,
};

static struct xfrm_tunnel vxip_ipip6_handler __read_mostly = {
	.handler	= vxip_ipip6_rcv,
	.err_handler	= vxip_ipip_err,
	.priority	= -1,
};

/* Ahead of ip6_tunnel.ko (priority 1) and xfrm6_tunnel.ko (2). */
static struct xfrm6_tunnel vxip_ip4ip6_handler __read_mostly = {
	.handler	= vxip_ipip4_rcv,
	.err_handler	= vxip_ipip6_err,
	.priority	= -1,
};

static struct xfrm6_tunnel vxip_ip6ip6_handler __read_mostly = {
	.handler	= vxip_ipip6_rcv,
	.err_handler	= vxip_ipip6_err,
	.priority	= -1,
};

int vxip_ipip_init(void)
{
	int err;

	err = rhltable_init(&vxip_ipip_peers, &vxip_ipip_params);
	if (err)
		return err;
	err = xfrm4_tunnel_register(&vxip_ipip4_handler, AF_INET);
	if (err)
		goto err_destroy;
	err = xfrm4_tunnel_register(&vxip_ipip6_handler, AF_INET6);
	if (err)
		goto err_deregister4;
	err = xfrm6_tunnel_register(&vxip_ip4ip6_handler, AF_INET);
	if (err)
		goto err_deregister6;
	err = xfrm6_tunnel_register(&vxip_ip6ip6_handler, AF_INET6);
	if (err)
		goto err_deregister46;
	return 0;

err_deregister46:
	xfrm6_tunnel_deregister(&vxip_ip4ip6_handler, AF_INET);
err_deregister6:
	xfrm4_tunnel_deregister(&vxip_ipip6_handler, AF_INET6);
err_deregister4:
	xfrm4_tunnel_deregister(&vxip_ipip4_handler, AF_INET);
err_destroy:
	rhltable_destroy(&vxip_ipip_peers);
	return err;
}

/* After the last device: the receive hash is empty. */
void vxip_ipip_uninit(void)
{
	/* Each waits for receivers still inside the handler. */
	xfrm6_tunnel_deregister(&vxip_ip6ip6_handler, AF_INET6);
	xfrm6_tunnel_deregister(&vxip_ip4ip6_handler, AF_INET);
	xfrm4_tunnel_deregister(&vxip_ipip6_handler, AF_INET6);
	xfrm4_tunnel_deregister(&vxip_ipip4_handler, AF_INET);
	rhltable_destroy(&vxip_ipip_peers);
}
