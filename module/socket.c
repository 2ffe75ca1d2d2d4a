// SPDX-License-Identifier: GPL-2.0
/*
 * vxip UDP tunnel sockets: one per (netns, port, family), demultiplexed by
 * VNI.
 */

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/gro.h>
#include <net/ipv6.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "compat.h"
#include "vxip.h"

/* Any non-zero encap type marks the socket as a tunnel's; vxlan uses 1. */
#define VXIP_UDP_ENCAP	1

static struct hlist_head *vni_bucket(struct vxip_sock *vs, u32 vni)
{
	return &vs->vni_hash[hash_32(vni, VXIP_VNI_HASH_BITS)];
}

/* The device bound to @vni on @vs, if any.  RCU, or RTNL (binding). */
static struct vxip_dev *vxip_sock_lookup(struct vxip_sock *vs, u32 vni)
{
	struct vxip_dev *vxip;

	hlist_for_each_entry_rcu(vxip, vni_bucket(vs, vni), vni_node,
				 lockdep_rtnl_is_held())
		if (vxip->bound_vni == vni)
			return vxip;
	return NULL;
}

static int vxip_udp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct vxip_sock *vs = rcu_dereference_sk_user_data(sk);
	struct vxip_dev *vxip;
	u32 vni;
	int bad;

	if (!vs)
		goto drop;
	/* skb->data is at the UDP header. */
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + VXIP_VXLAN_HLEN)) {
		atomic_long_inc(&vs->bad_header);
		goto drop;
	}
	bad = vxip_vxlan_parse(udp_hdr(skb) + 1, &vni);
	vxip = vxip_sock_lookup(vs, vni);
	if (!vxip) {
		atomic_long_inc(bad ? &vs->bad_header : &vs->unknown_vni);
		goto drop;
	}
	if (bad) {
		vxip_drop(vxip, skb, VXIP_DROP_RX_BAD_HEADER);
		return 0;
	}
	return vxip_vxlan_rcv(vxip, skb);

drop:
	kfree_skb(skb);
	return 0;
}

/*
 * An ICMP error quotes a packet we sent to a peer's port, which is also
 * ours: claim it if its VNI is one of ours, so that the UDP layer applies
 * PMTU updates to the route towards the peer.
 */
static int vxip_udp_err_lookup(struct sock *sk, struct sk_buff *skb)
{
	struct vxip_sock *vs = rcu_dereference_sk_user_data(sk);
	u32 vni;

	if (!vs)
		return -ENOENT;
	if (!pskb_may_pull(skb, skb_transport_offset(skb) +
			   sizeof(struct udphdr) + VXIP_VXLAN_HLEN))
		return -EINVAL;
	if (vxip_vxlan_parse(udp_hdr(skb) + 1, &vni))
		return -EINVAL;
	return vxip_sock_lookup(vs, vni) ? 0 : -ENOENT;
}

/*
 * Outer GRO, called by the UDP layer's GRO (udp4_gro_receive) for packets
 * to our port when the underlay device does GRO, as a NIC's driver does.
 * Only a valid header whose VNI has a running device takes part: anything
 * else is flushed and reaches vxip_udp_encap_rcv() alone, which counts it.
 * A packet merges with those held of the same VNI, and then by its inner
 * Ethernet frame (eth_gro_receive(), then the inner IP and TCP layers).
 * Under RCU, in NAPI.
 */
static struct sk_buff *vxip_gro_receive(struct sock *sk, struct list_head *head,
					struct sk_buff *skb)
{
	struct vxip_sock *vs = rcu_dereference_sk_user_data(sk);
	unsigned int off = skb_gro_offset(skb);
	struct vxip_dev *vxip;
	struct sk_buff *pp = NULL;
	struct sk_buff *p;
	const __be32 *vh;
	int flush = 1;
	u32 vni;

	vh = skb_gro_header(skb, off + VXIP_VXLAN_HLEN, off);
	if (!vh || !vs || vxip_vxlan_parse(vh, &vni))
		goto out;
	vxip = vxip_sock_lookup(vs, vni);
	if (!vxip || !netif_running(vxip->dev))
		goto out;

	/* Held packets of another VNI are of another flow. */
	list_for_each_entry(p, head, list) {
		const __be32 *vh2 = (const __be32 *)(p->data + off);

		if (NAPI_GRO_CB(p)->same_flow && vh2[1] != vh[1])
			NAPI_GRO_CB(p)->same_flow = 0;
	}
	skb_gro_postpull_rcsum(skb, vh, VXIP_VXLAN_HLEN);
	skb_gro_pull(skb, VXIP_VXLAN_HLEN);
	pp = call_gro_receive(eth_gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

/* The merged packet's inner headers, past the VXLAN header at @nhoff. */
static int vxip_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	return eth_gro_complete(skb, nhoff + VXIP_VXLAN_HLEN);
}

/* A UDP socket of @family on @port, set up as a tunnel's for @vs. */
static struct socket *vxip_udp_sock(struct net *net, struct vxip_sock *vs,
				    int family, u16 port,
				    struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data	= vs,
		.encap_type	= VXIP_UDP_ENCAP,
		.encap_rcv	= vxip_udp_encap_rcv,
		.encap_err_lookup = vxip_udp_err_lookup,
		.gro_receive	= vxip_gro_receive,
		.gro_complete	= vxip_gro_complete,
	};
	/* IPv6: its own socket (v6only).  It takes zero UDP checksums
	 * (RFC 6936), and vxip_vxlan_rcv() drops them for a device without
	 * udp6-zero-csum-rx (the default, as Linux vxlan's): one socket
	 * serves every device on the port, each with its own setting.  What
	 * it sends is decided per packet.
	 */
	struct udp_port_cfg ucfg = {
		.family		= family,
		.local_udp_port	= htons(port),
		.ipv6_v6only	= 1,
		.use_udp6_tx_checksums = 1,
	};
	struct socket *sock;
	int err;

	err = udp_sock_create(net, &ucfg, &sock);
	if (err) {
		if (err == -EADDRINUSE && family == AF_INET6)
			NL_SET_ERR_MSG(extack,
				       "UDP port is already in use for IPv6 in this netns, by a socket vxip does not own (a Linux vxlan device?)");
		else if (err == -EADDRINUSE)
			NL_SET_ERR_MSG(extack,
				       "UDP port is already in use in this netns, by a socket vxip does not own (a Linux vxlan device?)");
		else if (family == AF_INET6)
			NL_SET_ERR_MSG(extack, "Cannot create the IPv6 UDP socket");
		else
			NL_SET_ERR_MSG(extack, "Cannot create the UDP socket");
		return ERR_PTR(err);
	}
	vxip_setup_udp_tunnel_sock(net, sock, &tcfg);
	return sock;
}

static struct vxip_sock *vxip_sock_create(struct net *net, u16 port,
					  struct netlink_ext_ack *extack)
{
	struct vxip_sock *vs;
	struct socket *sock;
	unsigned int i;

	vs = kzalloc(sizeof(*vs), GFP_KERNEL);
	if (!vs)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < ARRAY_SIZE(vs->vni_hash); i++)
		INIT_HLIST_HEAD(&vs->vni_hash[i]);
	vs->port = port;

	sock = vxip_udp_sock(net, vs, AF_INET, port, extack);
	if (IS_ERR(sock))
		goto err;
	vs->sock = sock;
	/* Booted with ipv6.disable=1: IPv4 alone. */
	if (ipv6_mod_enabled()) {
		sock = vxip_udp_sock(net, vs, AF_INET6, port, extack);
		if (IS_ERR(sock)) {
			vxip_udp_tunnel_sock_release(vs->sock);
			goto err;
		}
		vs->sock6 = sock;
	}
	vxip_obj_inc(VXIP_OBJ_SOCK);
	pr_debug("socket port %u created\n", port);
	return vs;

err:
	kfree(vs);
	return ERR_CAST(sock);
}

static void vxip_sock_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct vxip_sock, rcu));
	vxip_obj_dec(VXIP_OBJ_SOCK);
}

static void vxip_sock_put(struct vxip_sock *vs)
{
	ASSERT_RTNL();
	if (--vs->refcnt)
		return;
	list_del(&vs->list);
	vxip_udp_tunnel_sock_release(vs->sock);
	if (vs->sock6)
		vxip_udp_tunnel_sock_release(vs->sock6);
	pr_debug("socket port %u destroyed\n", vs->port);
	call_rcu(&vs->rcu, vxip_sock_free_rcu);
}

static struct vxip_sock *vxip_sock_get(struct vxip_dev *vxip, u16 port,
				       struct netlink_ext_ack *extack)
{
	struct vxip_net *vn = net_generic(vxip->net, vxip_net_id);
	struct vxip_sock *vs;

	list_for_each_entry(vs, &vn->socks, list)
		if (vs->port == port)
			goto found;
	vs = vxip_sock_create(vxip->net, port, extack);
	if (IS_ERR(vs))
		return vs;
	list_add(&vs->list, &vn->socks);
found:
	vs->refcnt++;
	return vs;
}

/*
 * Take the device off its socket's VNI table and release the socket.  With
 * @wait, wait until no receiver may still walk the old bucket through the
 * device's node, which may then be linked again.  Without, the caller
 * waits before the node is reused or freed (unregistration: the core
 * waits once for a batch of devices).
 */
void vxip_sock_unbind(struct vxip_dev *vxip, bool wait)
{
	struct vxip_sock *vs = rtnl_dereference(vxip->vs);

	if (!vs)
		return;
	hlist_del_init_rcu(&vxip->vni_node);
	RCU_INIT_POINTER(vxip->vs, NULL);
	if (wait)
		synchronize_net();
	vxip->bound_vni = VXIP_VNI_NONE;
	vxip_sock_put(vs);
}

/*
 * Make the device receive @cfg's VNI on @cfg's port, or nothing if it has
 * no VNI.  Fails, changing nothing, if another vxip device already has
 * that VNI on that port or if the port belongs to another socket.
 * Called under RTNL.
 */
int vxip_sock_bind(struct vxip_dev *vxip, const struct vxip_config *cfg,
		   struct netlink_ext_ack *extack)
{
	struct vxip_sock *old = rtnl_dereference(vxip->vs);
	struct vxip_dev *other;
	struct vxip_sock *vs;

	ASSERT_RTNL();
	if (cfg->vni == VXIP_VNI_NONE) {
		vxip_sock_unbind(vxip, true);
		return 0;
	}
	if (old && old->port == cfg->port && vxip->bound_vni == cfg->vni)
		return 0;

	vs = vxip_sock_get(vxip, cfg->port, extack);
	if (IS_ERR(vs))
		return PTR_ERR(vs);
	other = vxip_sock_lookup(vs, cfg->vni);
	if (other && other != vxip) {
		NL_SET_ERR_MSG(extack,
			       "Another vxip device in this netns already uses this VNI on this UDP port");
		vxip_sock_put(vs);
		return -EEXIST;
	}
	vxip_sock_unbind(vxip, true);
	vxip->bound_vni = cfg->vni;
	hlist_add_head_rcu(&vxip->vni_node, vni_bucket(vs, cfg->vni));
	rcu_assign_pointer(vxip->vs, vs);
	return 0;
}
