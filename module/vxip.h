/* SPDX-License-Identifier: GPL-2.0 */
/* vxip private header: per-device and per-netns state shared between files. */
#ifndef _VXIP_H
#define _VXIP_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rhashtable-types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>
#include <net/gro_cells.h>
#include <net/netlink.h>
#include <net/netns/generic.h>
#include <uapi/linux/vxip.h>

/* VXLAN: the 8-byte header after UDP (RFC 7348 section 5). */
#define VXIP_VXLAN_HLEN		8
#define VXIP_VXLAN_FLAG_I	0x08000000U	/* host order, first word */

/* Outer headers in front of the inner Ethernet frame's payload. */
#define VXIP_VXLAN4_OVERHEAD	(sizeof(struct iphdr) + sizeof(struct udphdr) + \
				 VXIP_VXLAN_HLEN + ETH_HLEN)
#define VXIP_VXLAN6_OVERHEAD	(sizeof(struct ipv6hdr) + sizeof(struct udphdr) + \
				 VXIP_VXLAN_HLEN + ETH_HLEN)

#define VXIP_AGEING_DEFAULT	300

/*
 * Device configuration.  Replaced as a whole under RTNL and the device
 * lock, read by the datapath under RCU, so a reader always sees one
 * consistent version.
 */
struct vxip_config {
	u32 vni;		/* VXIP_VNI_NONE or 0..VXIP_VNI_MAX */
	__be32 local4;		/* 0: chosen by route lookup */
	struct in6_addr local6;	/* ::, chosen by route lookup */
	u16 port;		/* UDP destination port, host order */
	u16 srcport_min;	/* 0/0: kernel's ephemeral range */
	u16 srcport_max;
	u8 ttl;			/* 0: route's hop limit */
	u8 tos;
	u8 df;			/* enum vxip_df */
	bool ttl_inherit;
	bool tos_inherit;
	bool udp_csum;		/* over IPv4 */
	bool udp6_zero_csum_tx;	/* over IPv6: send zero checksums */
	bool udp6_zero_csum_rx;	/* over IPv6: accept zero checksums */
	bool learning;
	bool strict;
	u32 ageing;		/* seconds */
	u32 max_fdb;		/* 0: unlimited */
	u32 max_routes;		/* 0: unlimited */
	struct rcu_head rcu;
};

/* Why a packet was dropped; each reason has its own per-CPU counter. */
enum vxip_drop_reason {
	VXIP_DROP_TX_MISS,	/* no FDB entry and an empty flood list */
	VXIP_DROP_TX_NO_ROUTE,	/* no underlay route to the peer */
	VXIP_DROP_TX_TOO_BIG,	/* larger than the path MTU, with DF */
	VXIP_DROP_TX_ERROR,	/* no memory, or the underlay refused it */
	VXIP_DROP_TX_NOT_IP,	/* not IP, to an IPIP peer */
	VXIP_DROP_TX_MALFORMED,	/* marked IPv4/IPv6, but the header is cut */
	VXIP_DROP_TX_L3_MISS,	/* IP to the device's MAC, and no route for it */
	VXIP_DROP_RX_BAD_HEADER, /* VXLAN flags or reserved bits wrong */
	VXIP_DROP_RX_UNKNOWN_SRC, /* strict mode: not from a known peer */
	VXIP_DROP_RX_RUNT,	/* inner frame shorter than an Ethernet header */
	VXIP_DROP_RX_BAD_INNER,	/* inner source MAC invalid or our own */
	VXIP_DROP_RX_ECN,	/* outer CE on a not-ECT inner packet */
	VXIP_DROP_RX_DOWN,	/* the device is down */
	VXIP_DROP_RX_INNER_HEADER, /* IPIP: inner IP version or IHL wrong */
	VXIP_DROP_RX_INNER_LENGTH, /* IPIP: inner total length wrong */
	VXIP_DROP_RX_SPOOFED,	/* IPIP strict: inner source not routed to the peer */
	VXIP_DROP_RX_POLICY,	/* IPIP: refused by IPsec input policy */
	VXIP_DROP_RX_ZERO_CSUM,	/* VXLAN/IPv6, zero UDP checksum, not accepted */

	__VXIP_DROP_MAX
};

/* Events that are counted but are not drops. */
enum vxip_event {
	VXIP_EV_ARP_SUPPRESSED,	/* ARP requests answered locally */
	VXIP_EV_ND_SUPPRESSED,	/* neighbour solicitations answered locally */
	VXIP_EV_FLOOD_TX,	/* copies sent by head-end replication */
	VXIP_EV_LEARNED,	/* FDB entries created or moved by learning */
	VXIP_EV_AGED,		/* learned FDB entries that expired */
	VXIP_EV_FDB_FULL,	/* learned entries refused: max-fdb, or the cap */
	VXIP_EV_ARP_PROXIED,	/* ARP answered with our MAC for a routed address */
	VXIP_EV_ND_PROXIED,	/* NS answered with our MAC for a routed address */
	/* Traffic by encap: packets and bytes, as the per-peer counters
	 * count them (so the sums over peers of an encap match), tx then rx,
	 * VXLAN then IPIP; in this order for vxip_count_encap().
	 */
	VXIP_EV_VXLAN_TX_PACKETS,
	VXIP_EV_VXLAN_TX_BYTES,
	VXIP_EV_VXLAN_RX_PACKETS,
	VXIP_EV_VXLAN_RX_BYTES,
	VXIP_EV_IPIP_TX_PACKETS,
	VXIP_EV_IPIP_TX_BYTES,
	VXIP_EV_IPIP_RX_PACKETS,
	VXIP_EV_IPIP_RX_BYTES,

	__VXIP_EV_MAX
};

struct vxip_pcpu_counters {
	u64_stats_t drops[__VXIP_DROP_MAX];
	u64_stats_t events[__VXIP_EV_MAX];
	struct u64_stats_sync syncp;
};

struct vxip_peer_pcpu_stats {
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_flood;
	u64_stats_t drops;
	struct u64_stats_sync syncp;
};

/* Peer encap and port, packed so the datapath reads both in one load. */
#define VXIP_PEER_TX(encap, port)	((u32)(encap) << 16 | (port))
#define VXIP_PEER_TX_ENCAP(tx)		((tx) >> 16)
#define VXIP_PEER_TX_PORT(tx)		((u16)(tx))

/* What a claim holds. */
#define VXIP_CLAIM_PEER		BIT(0)	/* the peer itself */
#define VXIP_CLAIM_FLOOD	BIT(1)	/* its flood-list membership */

/*
 * One owner's hold on a peer, each part with its own generation.  Written
 * under the device lock; GETs and dumps read it under RCU with READ_ONCE.
 */
struct vxip_claim {
	u8 owner;		/* 0: a free slot */
	u8 what;		/* VXIP_CLAIM_* */
	u32 gen;		/* of the VXIP_CLAIM_PEER part */
	u32 flood_gen;		/* of the VXIP_CLAIM_FLOOD part */
};

/*
 * A remote node.  Keyed by its underlay address, IPv4 stored v4-mapped so
 * that IPv6 peers can share the table later.  It lives while an owner
 * claims it or an FDB entry, route or flood-list claim uses it (see
 * vxip_peer_gc()), or until a flush that matches everything it holds; it
 * is freed after an RCU grace period.  The peer lists its FDB entries and
 * routes, and removing it removes exactly those, before it is freed.
 */
struct vxip_peer {
	struct rhash_head node;
	struct in6_addr addr;
	u32 tx;			/* VXIP_PEER_TX(): read with READ_ONCE */
	bool dead;		/* being deleted: the datapath treats it as absent */
	bool flood;		/* on the flood list (under the device lock) */
	struct vxip_claim claims[VXIP_PEER_CLAIMS];
	atomic_t n_fdb;		/* FDB entries using it (any of their peers) */
	atomic_t n_routes;	/* routes using it */
	atomic_t n_ipip_routes;	/* of which in IPIP, whatever the peer's default */
	/* FDB entries whose first peer this is: */
	struct hlist_head fdbs;	/* vxip_fdb::peer_node, fdb_lock */
	struct list_head list;	/* vxip_dev::peer_list, under the device lock */
	/* The IPIP receive hash (ipip.c): in it while the peer uses IPIP;
	 * ipip_dev, its device, is set from the first time on.
	 */
	struct rhlist_head ipip_node;
	struct vxip_dev *ipip_dev;
	bool ipip_hashed;	/* under the device lock */
	struct dst_cache dst_cache;
	struct vxip_peer_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

/*
 * The peers of an FDB entry or route that has more than one (EVPN
 * aliasing, ECMP): flows are spread over them by the inner flow's hash.
 * peer[0] is also the entry's ->peer.  Immutable once the entry is
 * published; freed with it.
 */
struct vxip_nhs {
	unsigned int n;		/* 2..VXIP_PEERS_MAX */
	struct vxip_peer *peer[];
};

/* The peers a request names, or an entry had: a value, copied. */
struct vxip_nh {
	unsigned int n;
	struct vxip_peer *peer[VXIP_PEERS_MAX];
};

static inline unsigned int vxip_nh_count(const struct vxip_nhs *nhs)
{
	return nhs ? nhs->n : 1;
}

/* The @i-th peer of an entry whose first is @first. */
static inline struct vxip_peer *vxip_nh_at(struct vxip_peer *first,
					   const struct vxip_nhs *nhs,
					   unsigned int i)
{
	return nhs ? nhs->peer[i] : first;
}

/* The IP addresses of an EVPN MAC/IP entry. */
struct vxip_fdb_ips {
	unsigned int n;
	struct rcu_head rcu;
	struct in6_addr ip[];
};

/* MAC -> peer.  Allocated from vxip_fdb_cache; kept small (see bench). */
struct vxip_fdb {
	struct rhash_head node;
	u8 mac[ETH_ALEN];
	u8 flags;		/* VXIP_FDB_F_* */
	u8 owner;		/* enum vxip_owner */
	u32 gen;
	struct vxip_peer *peer;	/* valid while the entry is in the table */
	const struct vxip_nhs *nhs;	/* NULL: @peer alone */
	struct hlist_node peer_node;	/* @peer's ::fdbs, under fdb_lock */
	unsigned long updated;	/* jiffies, for ageing; READ/WRITE_ONCE */
	struct vxip_fdb_ips __rcu *ips;
	struct rcu_head rcu;
};

/* IP -> MAC, for ARP/ND suppression; one per address of a MAC/IP entry. */
struct vxip_neigh {
	struct rhash_head node;
	struct in6_addr ip;
	u8 mac[ETH_ALEN];
	struct rcu_head rcu;
};

/*
 * The flood list, rebuilt and swapped whole on every change.  A peer taken
 * off leaves a hole (NULL), which readers skip, until the list is rebuilt
 * without it: right away if memory allows, else at the next change.
 */
struct vxip_flood {
	unsigned int n;		/* slots, holes included */
	unsigned int holes;
	struct rcu_head rcu;
	struct vxip_peer *peers[];
};

/* What a route is found by: the masked prefix, its family and length. */
struct vxip_route_key {
	u8 addr[16];
	u8 family;
	u8 plen;
	u8 pad[2];		/* zero */
};

/*
 * An L3 route: prefix -> peer, sent in the route's encap or the peer's
 * (EVPN route type 5 when VXLAN: the L3 VNI and the peer's router MAC).
 * 80 bytes, in a cache of its own (kmalloc's next size is 96): the hash
 * table is its only index, which dumps and sweeps walk too.
 */
struct vxip_route {
	struct rhash_head node;	/* vxip_rtable::ht, by @key */
	struct vxip_peer *peer;	/* valid while the route is in the table */
	const struct vxip_nhs *nhs;	/* NULL: @peer alone */
	struct rcu_head rcu;
	u32 vni;		/* VXLAN: L3 VNI, VXIP_VNI_NONE for the device's */
	u32 gen;
	u8 rmac[ETH_ALEN];	/* VXLAN: inner destination MAC */
	u8 encap;		/* VXIP_ENCAP_*, UNSPEC for the peer's */
	u8 owner;
	union {
		struct vxip_route_key key;	/* the hash key */
		struct {			/* its fields, by name */
			u8 addr[16];	/* the prefix, zero past plen bits */
			u8 family;	/* AF_INET or AF_INET6 */
			u8 plen;
		};
	};
};

#define VXIP_RLEN4	33	/* prefix lengths 0..32 */
#define VXIP_RLEN6	129	/* 0..128 */

/*
 * Longest-prefix-match tables: one hash table of the prefixes of both
 * families, and per family the prefix lengths that have routes, so that a
 * lookup probes only those, longest first.  Bit i of lens4 (lens6) stands
 * for length 32 - i (128 - i).
 */
struct vxip_rtable {
	struct rhashtable ht;
	unsigned int n;
	atomic_t gen;		/* bumped on every change, for dumps */
	DECLARE_BITMAP(lens4, VXIP_RLEN4);
	DECLARE_BITMAP(lens6, VXIP_RLEN6);
	u32 n_len4[VXIP_RLEN4];	/* routes per length, device lock */
	u32 n_len6[VXIP_RLEN6];
};

#define VXIP_VNI_HASH_BITS	8

/*
 * One UDP socket per (underlay netns, port), shared by the vxip devices
 * that listen on the port; received packets are demultiplexed by VNI.
 * Created by the first device bound to the port, released with the last.
 */
struct vxip_sock {
	struct list_head list;		/* vxip_net::socks, under RTNL */
	struct socket *sock;
	struct socket *sock6;		/* NULL where IPv6 is disabled */
	u16 port;
	unsigned int refcnt;		/* devices bound, under RTNL */
	struct hlist_head vni_hash[1 << VXIP_VNI_HASH_BITS];
	/* Drops no device can be blamed for. */
	atomic_long_t unknown_vni;
	atomic_long_t bad_header;
	struct rcu_head rcu;
};

/*
 * The lookup tables of one device.  Readers use RCU.  Writers hold
 * vxip_dev::lock (a mutex; netlink and the ageing work); changes to the FDB
 * and neighbour tables additionally take fdb_lock, which the receive path
 * takes to learn.
 */
struct vxip_tables {
	struct rhashtable peers;
	struct rhashtable fdb;
	struct rhashtable neigh;
	struct list_head peer_list;	/* all peers, in creation order */
	struct vxip_rtable routes;
	struct vxip_flood __rcu *flood;
	spinlock_t fdb_lock;		/* FDB and neigh changes; BH-safe */
	atomic_t n_fdb;
	atomic_t n_dynamic;	/* FDB entries without VXIP_FDB_F_STATIC */
	unsigned int n_peers;
	/* Bumped on every change, so that a dump over several messages
	 * knows when the table it walks changed under it; one per table, so
	 * that learning doesn't interrupt a dump of the peers.
	 */
	atomic_t peer_gen;		/* peers and the flood list */
	atomic_t fdb_gen;
	struct vxip_dev *vxip;	/* the owner; NULL for KUnit's bare tables */
};

struct vxip_dev {
	struct net_device *dev;
	/* The underlay netns: the link netns given at creation, else the
	 * creator's; it owns the underlay sockets and routes.  Devices die
	 * with it (see vxip_net_exit_batch).
	 */
	struct net *net;
	struct list_head net_list;	/* vxip_net::devs: RTNL, RCU readers */
	struct vxip_config __rcu *cfg;
	struct vxip_pcpu_counters __percpu *counters;
	struct gro_cells gro_cells;

	struct mutex lock;		/* table and config writers */
	bool dying;			/* unregistering: refuse changes */
	bool mtu_user;			/* MTU set by hand (RTNL) */
	bool mtu_auto_update;		/* the MTU is following the underlay */
	struct vxip_tables t;
	struct delayed_work ageing_work;
	struct ratelimit_state miss_rs;

	/* VXLAN binding: changed under RTNL, read by the datapath. */
	struct vxip_sock __rcu *vs;
	struct hlist_node vni_node;	/* vxip_sock::vni_hash */
	u32 bound_vni;
};

/* Per-netns state, keyed by the underlay netns. */
struct vxip_net {
	struct list_head devs;		/* vxip_dev::net_list, under RTNL */
	struct list_head socks;		/* vxip_sock::list, under RTNL */
};

static inline const struct vxip_config *vxip_cfg(const struct vxip_dev *vxip)
{
	return rcu_dereference_check(vxip->cfg, lockdep_rtnl_is_held() ||
				     lockdep_is_held(&vxip->lock));
}

/* Does @peer send (so may receive) IPIP, by default or on some route? */
static inline bool vxip_peer_uses_ipip(const struct vxip_peer *peer)
{
	return VXIP_PEER_TX_ENCAP(READ_ONCE(peer->tx)) == VXIP_ENCAP_IPIP ||
	       atomic_read(&peer->n_ipip_routes);
}

static inline void vxip_addr_set4(struct in6_addr *a, __be32 v4)
{
	ipv6_addr_set_v4mapped(v4, a);
}

static inline __be32 vxip_addr4(const struct in6_addr *a)
{
	return a->s6_addr32[3];
}

/* An IPv4 underlay address (stored v4-mapped), or an IPv6 one? */
static inline bool vxip_addr_is4(const struct in6_addr *a)
{
	return ipv6_addr_v4mapped(a);
}

/* device.c */
extern unsigned int vxip_net_id;
int vxip_device_init(void);
void vxip_device_uninit(void);
int vxip_device_link_init(void);
void vxip_device_link_uninit(void);
struct vxip_dev *vxip_dev_from_netdev(struct net_device *dev);
int vxip_dev_set_config(struct vxip_dev *vxip, struct vxip_config *cfg,
			struct netlink_ext_ack *extack);
int vxip_dev_change(struct vxip_dev *vxip, struct nlattr **tb,
		    struct netlink_ext_ack *extack);

/* config.c */
void vxip_config_init(struct vxip_config *cfg);
int vxip_config_fill(struct sk_buff *skb, const struct vxip_config *cfg);
int vxip_config_apply(struct vxip_config *cfg, struct nlattr **tb,
		      struct netlink_ext_ack *extack);
extern const struct nla_policy vxip_dev_policy[VXIP_DEV_A_MAX + 1];
extern const struct nla_policy vxip_link_policy[IFLA_VXIP_MAX + 1];
int vxip_config_link_validate(struct nlattr *tb[], struct netlink_ext_ack *extack);
void vxip_config_link_attrs(struct nlattr *data[], struct nlattr **tb);
int vxip_config_fill_link(struct sk_buff *skb, const struct vxip_config *cfg);
size_t vxip_config_link_size(void);

struct vxip_flush_filter;
struct vxip_flush_result;

/* peer.c */
int vxip_tables_init(struct vxip_tables *t);
void vxip_tables_destroy(struct vxip_tables *t);
struct vxip_peer *vxip_peer_lookup(struct vxip_tables *t,
				   const struct in6_addr *addr);
struct vxip_peer *vxip_peer_create(const struct in6_addr *addr, u8 encap,
				   u16 port, u8 owner, u32 gen, gfp_t gfp);
int vxip_peer_insert(struct vxip_tables *t, struct vxip_peer *peer);
void vxip_peer_free(struct vxip_peer *peer);
void vxip_peer_collect(struct vxip_dev *vxip, struct vxip_peer *peer);
void vxip_peers_collect(struct vxip_dev *vxip, const struct vxip_nh *old,
			const struct vxip_nh *now);
int vxip_nhs_make(const struct vxip_nh *nh, const struct vxip_nhs **out,
		  gfp_t gfp);
void vxip_nh_get(struct vxip_peer *first, const struct vxip_nhs *nhs,
		 struct vxip_nh *nh);
bool vxip_nh_has(const struct vxip_nh *nh, const struct vxip_peer *peer);
bool vxip_nhs_has(const struct vxip_peer *first, const struct vxip_nhs *nhs,
		  const struct vxip_peer *peer);
bool vxip_nhs_equal(const struct vxip_peer *a, const struct vxip_nhs *an,
		    const struct vxip_peer *b, const struct vxip_nhs *bn);
struct vxip_peer *vxip_nh_pick(struct vxip_peer *first,
			       const struct vxip_nhs *nhs, struct sk_buff *skb);
void vxip_peer_set_tx(struct vxip_tables *t, struct vxip_peer *peer, u8 encap,
		      u16 port);
void vxip_peer_remove(struct vxip_tables *t, struct vxip_peer *peer,
		      struct vxip_flush_result *res);
struct vxip_claim *vxip_claim_find(struct vxip_peer *peer, u8 owner, u8 what);
int vxip_peer_claim(struct vxip_peer *peer, u8 owner, u8 what, u32 gen);
int vxip_peer_unclaim(struct vxip_tables *t, struct vxip_peer *peer, u8 owner,
		      u8 what);
bool vxip_peer_held(struct vxip_peer *peer);
bool vxip_peer_gc(struct vxip_tables *t, struct vxip_peer *peer,
		  struct vxip_flush_result *res);
int vxip_flood_set(struct vxip_tables *t, struct vxip_peer *peer, bool on);
void vxip_flood_punch(struct vxip_tables *t, struct vxip_peer *peer);
void vxip_flood_compact(struct vxip_tables *t);
unsigned int vxip_flood_len(struct vxip_tables *t);
void vxip_peer_count(struct vxip_peer *peer, bool tx, unsigned int len,
		     bool flood);
void vxip_peer_count_drop(struct vxip_peer *peer);
void vxip_peer_read_stats(struct vxip_peer *peer,
			  struct vxip_peer_pcpu_stats *sum);

/* fdb.c */
int vxip_fdb_init(void);
void vxip_fdb_uninit(void);
int vxip_fdb_tables_init(struct vxip_tables *t);
void vxip_fdb_tables_destroy(struct vxip_tables *t);
struct vxip_fdb *vxip_fdb_lookup(struct vxip_tables *t, const u8 *mac);
bool vxip_fdb_lookup_nh(struct vxip_tables *t, const u8 *mac,
			struct vxip_nh *nh);
struct vxip_fdb *vxip_fdb_create(const u8 *mac, struct vxip_peer *peer,
				 u8 flags, u8 owner, u32 gen, gfp_t gfp);
int vxip_fdb_set_ips(struct vxip_fdb *f, const struct in6_addr *ips,
		     unsigned int n, gfp_t gfp);
int vxip_fdb_insert(struct vxip_tables *t, struct vxip_fdb *f, bool replace,
		    u32 max, struct netlink_ext_ack *extack);
void vxip_fdb_free(struct vxip_fdb *f);
int vxip_fdb_delete(struct vxip_tables *t, const u8 *mac, u8 owner,
		    struct vxip_fdb *gone, struct vxip_nh *gone_nh);
const u8 *vxip_neigh_lookup(struct vxip_tables *t, const struct in6_addr *ip);
bool vxip_fdb_learn(struct vxip_dev *vxip, const u8 *mac,
		    struct vxip_peer *peer);
void vxip_fdb_age(struct vxip_dev *vxip, unsigned long now);

struct vxip_flush_filter {
	u32 scope;		/* VXIP_FLUSH_* */
	u8 owner;		/* 0: any */
	bool has_gen;		/* only with an owner (netlink refuses it alone) */
	u32 gen_below;
	const struct vxip_peer *peer;	/* NULL: any */
};

struct vxip_flush_result {
	u32 n_fdb;
	u32 n_peers;
	u32 n_flood;
	u32 n_routes;
};

bool vxip_flush_match(const struct vxip_flush_filter *f, u8 owner, u32 gen,
		      const struct vxip_peer *peer, const struct vxip_nhs *nhs);
unsigned int vxip_fdb_flush(struct vxip_tables *t,
			    const struct vxip_flush_filter *f);
unsigned int vxip_fdb_flush_peer(struct vxip_tables *t, struct vxip_peer *peer);
void vxip_flush(struct vxip_tables *t, const struct vxip_flush_filter *f,
		struct vxip_flush_result *res);

/* route.c */
void vxip_prefix_mask(u8 *out, const u8 *key, unsigned int cidr);
int vxip_route_init(void);
void vxip_route_uninit(void);
int vxip_rtable_init(struct vxip_rtable *rt);
void vxip_rtable_destroy(struct vxip_rtable *rt);
bool vxip_rtable_empty(struct vxip_rtable *rt);
struct vxip_route *vxip_route_lookup(struct vxip_rtable *rt, u8 family,
				     const u8 *addr);
struct vxip_route *vxip_route_find(struct vxip_rtable *rt, u8 family,
				   const u8 *key, unsigned int cidr);
struct vxip_route *vxip_route_create(u8 family, const u8 *addr, u8 plen,
				     struct vxip_peer *peer, gfp_t gfp);
void vxip_route_free(struct vxip_route *r);
int vxip_route_insert(struct vxip_rtable *rt, struct vxip_route *r,
		      bool replace, u32 max);
int vxip_route_delete(struct vxip_rtable *rt, u8 family, const u8 *key,
		      unsigned int cidr);
unsigned int vxip_route_sweep(struct vxip_rtable *rt,
			      bool (*match)(const struct vxip_route *r, const void *arg),
			      const void *arg);
unsigned int vxip_route_flush(struct vxip_rtable *rt,
			      const struct vxip_flush_filter *f);
unsigned int vxip_route_flush_peer(struct vxip_rtable *rt,
				   struct vxip_peer *peer);

/* socket.c */
int vxip_sock_bind(struct vxip_dev *vxip, const struct vxip_config *cfg,
		   struct netlink_ext_ack *extack);
void vxip_sock_unbind(struct vxip_dev *vxip, bool wait);

/* vxlan.c */
void vxip_vxlan_build(void *hdr, u32 vni);
int vxip_vxlan_parse(const void *hdr, u32 *vni);
int vxip_vxlan_rcv(struct vxip_dev *vxip, struct sk_buff *skb);
netdev_tx_t vxip_vxlan_xmit(struct vxip_dev *vxip,
			    const struct vxip_config *cfg,
			    struct vxip_peer *peer, struct sk_buff *skb,
			    u32 vni, bool flood);

/* xmit.c */
netdev_tx_t vxip_xmit(struct sk_buff *skb, struct net_device *dev);

/* tunnel.c */
void vxip_reply_rx(struct vxip_dev *vxip, struct sk_buff *reply);
u8 vxip_tos(const struct vxip_config *cfg, struct sk_buff *skb);
u8 vxip_ttl(const struct vxip_config *cfg, struct sk_buff *skb,
	    struct dst_entry *dst);
bool vxip_pmtu_check(struct vxip_dev *vxip, struct vxip_peer *peer,
		     struct sk_buff *skb, struct dst_entry *dst, int overhead);
__be16 vxip_df(const struct vxip_config *cfg, struct sk_buff *skb);
struct rtable *vxip_route4(struct vxip_dev *vxip, const struct vxip_config *cfg,
			   struct vxip_peer *peer, struct sk_buff *skb, u8 tos,
			   u8 proto, __be16 dport, __be32 *saddr);
struct dst_entry *vxip_route6(struct vxip_dev *vxip,
			      const struct vxip_config *cfg,
			      struct vxip_peer *peer, struct sock *sk,
			      struct sk_buff *skb, u8 tos, u8 proto,
			      __be16 dport, struct in6_addr *saddr,
			      __be32 *label);

/* ipip.c */
int vxip_ipip_init(void);
void vxip_ipip_uninit(void);
void vxip_ipip_peer_sync(struct vxip_tables *t, struct vxip_peer *peer);
void vxip_ipip_dev_unhash(struct vxip_dev *vxip);
netdev_tx_t vxip_ipip_xmit(struct vxip_dev *vxip, const struct vxip_config *cfg,
			   struct vxip_peer *peer, struct sk_buff *skb);

/* neigh.c */
bool vxip_neigh_suppress(struct vxip_dev *vxip, struct sk_buff *skb);

/* netlink.c */
extern const struct nla_policy vxip_genl_policy[VXIP_A_MAX + 1];
int vxip_genl_init(void);
void vxip_genl_uninit(void);

/* events.c: what the tables and the datapath announce */
void vxip_nl_notify_learned(struct vxip_dev *vxip, const struct vxip_fdb *f);
void vxip_nl_notify_aged(struct vxip_dev *vxip, const struct vxip_fdb *f);

/* What a miss notification says: a MAC (L2), or a destination (L3). */
struct vxip_miss {
	const u8 *mac;		/* L2: the unicast destination; else NULL */
	u8 family;		/* L3: AF_INET or AF_INET6; else 0 */
	__be32 dst4;
	struct in6_addr dst6;
};

void vxip_nl_notify_miss(struct vxip_dev *vxip, const struct vxip_miss *m);
void vxip_nl_notify_dev(struct vxip_dev *vxip);

/* Live objects of each kind, module-wide, in debugfs vxip/objects. */
enum vxip_obj {
	VXIP_OBJ_PEER,
	VXIP_OBJ_FDB,
	VXIP_OBJ_NEIGH,
	VXIP_OBJ_SOCK,
	VXIP_OBJ_ROUTE,

	__VXIP_OBJ_MAX
};

/*
 * Per CPU, so that learning on the datapath bumps no shared cache line;
 * an object freed on another CPU than the one that made it leaves one
 * count negative, and only the sum means anything.
 */
struct vxip_obj_counts {
	long n[__VXIP_OBJ_MAX];
};

DECLARE_PER_CPU(struct vxip_obj_counts, vxip_objects);

static inline void vxip_obj_inc(enum vxip_obj o)
{
	this_cpu_inc(vxip_objects.n[o]);
}

static inline void vxip_obj_dec(enum vxip_obj o)
{
	this_cpu_dec(vxip_objects.n[o]);
}

/* stats.c */
void vxip_debugfs_init(void);
void vxip_debugfs_uninit(void);
void vxip_objects_check(void);
void vxip_drop(struct vxip_dev *vxip, struct sk_buff *skb,
	       enum vxip_drop_reason reason);
void vxip_count_drop(struct vxip_dev *vxip, enum vxip_drop_reason reason);
void vxip_count(struct vxip_dev *vxip, enum vxip_event ev, unsigned int n);
void vxip_count_encap(struct vxip_dev *vxip, u8 encap, bool tx,
		      unsigned int len);
u64 vxip_drop_count(struct vxip_dev *vxip, enum vxip_drop_reason reason);
void vxip_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s);
int vxip_nl_stats_fill(struct sk_buff *skb, struct vxip_dev *vxip);
extern const struct ethtool_ops vxip_ethtool_ops;

#endif /* _VXIP_H */
