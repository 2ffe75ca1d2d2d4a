/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vxip kernel compatibility: every difference between the supported kernels
 * lives here, as small macros and inline wrappers.  No other file tests
 * LINUX_VERSION_CODE.  Supported and built by make compat: Debian's 6.1,
 * 6.12 and 7.2.  Where a change landed between two of them, the cut-off is
 * the release that introduced it upstream, as far as known; kernels in
 * between are not built here.
 */
#ifndef _VXIP_COMPAT_H
#define _VXIP_COMPAT_H

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/version.h>
#include <net/flow.h>
#include <net/genetlink.h>
#include <net/inet_dscp.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>
#include <net/udp_tunnel.h>

/*
 * rtnl_link_ops::newlink takes its arguments packed since 6.15.  The link
 * netns (the underlay) is IFLA_LINK_NETNSID's netns if given, else the
 * requester's: 6.1 passes it as src_net; since 6.15 src_net is always the
 * requester's and rtnl_newlink_link_net() picks.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define VXIP_NEWLINK_ARGS struct net_device *dev,			\
			  struct rtnl_newlink_params *params,		\
			  struct netlink_ext_ack *extack
#define VXIP_NEWLINK_LINK_NET	rtnl_newlink_link_net(params)
#define VXIP_NEWLINK_TB		(params->tb)
#define VXIP_NEWLINK_DATA	(params->data)
#else
#define VXIP_NEWLINK_ARGS struct net *src_net, struct net_device *dev,	\
			  struct nlattr *tb[], struct nlattr *data[],	\
			  struct netlink_ext_ack *extack
#define VXIP_NEWLINK_LINK_NET	src_net
#define VXIP_NEWLINK_TB		tb
#define VXIP_NEWLINK_DATA	data
#endif

/* dev_set_mac_address_user() takes a sockaddr_storage since 6.16. */
static inline int vxip_set_mac(struct net_device *dev, const u8 *mac,
			       struct netlink_ext_ack *extack)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
	struct sockaddr_storage ss = { .ss_family = dev->type };

	memcpy(ss.__data, mac, ETH_ALEN);
#else
	struct sockaddr ss = { .sa_family = dev->type };

	memcpy(ss.sa_data, mac, ETH_ALEN);
#endif
	return dev_set_mac_address_user(dev, &ss, extack);
}

/* Tunnels transmit without the core's TX lock (a flag bit before 6.12). */
static inline void vxip_set_lltx(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* The attributes of a dump request (moved into a genl_info in 6.3). */
static inline struct nlattr **vxip_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* The KUnit suites import the symbols vxip exports for them (a string
 * since 6.13).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define VXIP_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define VXIP_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * The tunnel transmit helpers gained an IPCB flags argument in 6.17 (not in
 * 6.12, in 7.2); vxip sets none.
 */
static inline void vxip_udp_tunnel_xmit(struct rtable *rt, struct sock *sk,
					struct sk_buff *skb, __be32 src,
					__be32 dst, u8 tos, u8 ttl, __be16 df,
					__be16 sport, __be16 dport, bool xnet,
					bool nocheck)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	udp_tunnel_xmit_skb(rt, sk, skb, src, dst, tos, ttl, df, sport, dport,
			    xnet, nocheck, 0);
#else
	udp_tunnel_xmit_skb(rt, sk, skb, src, dst, tos, ttl, df, sport, dport,
			    xnet, nocheck);
#endif
}

/*
 * The IPv6 one too.  6.1's takes addresses that are not const (6.12's
 * are): copies suit both.
 */
static inline void vxip_udp_tunnel6_xmit(struct dst_entry *dst, struct sock *sk,
					 struct sk_buff *skb,
					 struct net_device *dev,
					 const struct in6_addr *saddr,
					 const struct in6_addr *daddr, u8 prio,
					 u8 ttl, __be32 label, __be16 sport,
					 __be16 dport, bool nocheck)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	udp_tunnel6_xmit_skb(dst, sk, skb, dev, saddr, daddr, prio, ttl, label,
			     sport, dport, nocheck, 0);
#else
	struct in6_addr s = *saddr, d = *daddr;

	udp_tunnel6_xmit_skb(dst, sk, skb, dev, &s, &d, prio, ttl, label,
			     sport, dport, nocheck);
#endif
}

static inline void vxip_iptunnel_xmit(struct rtable *rt, struct sk_buff *skb,
				      __be32 src, __be32 dst, u8 proto, u8 tos,
				      u8 ttl, __be16 df, bool xnet)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	iptunnel_xmit(NULL, rt, skb, src, dst, proto, tos, ttl, df, xnet, 0);
#else
	iptunnel_xmit(NULL, rt, skb, src, dst, proto, tos, ttl, df, xnet);
#endif
}

/* ip6tunnel_xmit() for a header the caller built; no socket. */
static inline void vxip_ip6tunnel_xmit(struct sk_buff *skb,
				       struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	ip6tunnel_xmit(NULL, skb, dev, 0);
#else
	ip6tunnel_xmit(NULL, skb, dev);
#endif
}

/*
 * UDP tunnel socket setup and release take the struct sock, not the
 * struct socket, in 7.2 (and setup already in 7.0; 7.0 and 7.1 are not
 * built here).
 */
static inline void vxip_setup_udp_tunnel_sock(struct net *net,
					      struct socket *sock,
					      struct udp_tunnel_sock_cfg *cfg)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	setup_udp_tunnel_sock(net, sock->sk, cfg);
#else
	setup_udp_tunnel_sock(net, sock, cfg);
#endif
}

static inline void vxip_udp_tunnel_sock_release(struct socket *sock)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	udp_tunnel_sock_release(sock->sk);
#else
	udp_tunnel_sock_release(sock);
#endif
}

/* Route lookups key on the DSCP, a dscp_t since 6.14, the TOS before. */
static inline void vxip_flowi4_set_tos(struct flowi4 *fl4, u8 tos)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	fl4->flowi4_dscp = inet_dsfield_to_dscp(tos);
#else
	fl4->flowi4_tos = RT_TOS(tos);
#endif
}

#endif /* _VXIP_COMPAT_H */
