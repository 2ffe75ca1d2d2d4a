/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vxip: an overlay net_device that carries traffic between nodes in VXLAN
 * (RFC 7348) or IP-in-IP (RFC 2003), chosen per peer or per route.
 *
 * It is configured over the generic netlink family "vxip" (VXIP_GENL_NAME,
 * version VXIP_GENL_VERSION).  The ABI's source of truth is the YNL spec,
 * Documentation/netlink/specs/vxip.yaml; this header matches it.
 *
 * Every request names its device at the top level, by VXIP_A_IFINDEX or
 * VXIP_A_IFNAME (the index wins if both are given), resolved in the netns
 * of the requesting socket.  Each object is carried in one nest.
 *
 * Every underlay address (a peer's, the device's local one, and the peer
 * of an FDB entry, route, flood membership or flush) has an IPv4 form
 * (be32, *4) and an IPv6 form (16 bytes, *6).  A peer of either family
 * takes either encap: VXLAN over UDP, or IPIP (IP-in-IPv6, RFC 2473, to an
 * IPv6 peer).
 *
 * VXIP_CMD_DEV_GET
 *   do:   request  { VXIP_A_IFINDEX | VXIP_A_IFNAME }
 *         reply    { VXIP_A_IFINDEX, VXIP_A_IFNAME, VXIP_A_DEV { VXIP_DEV_A_* } }
 *   dump: request  { }
 *         replies  one message per vxip device in the caller's netns,
 *                  shaped like the do reply.
 *
 * Readers need no privilege.  Commands that change state require
 * CAP_NET_ADMIN in the user namespace owning the device's netns, so a
 * container's root can program the device in its own netns; DEV_SET of
 * the port or the local address (the underlay's) also requires it over
 * the underlay netns.  Binding a notification group requires CAP_NET_ADMIN.
 *
 * Enums only grow at their end; nothing is ever renumbered.
 */
#ifndef _UAPI_LINUX_VXIP_H
#define _UAPI_LINUX_VXIP_H

#define VXIP_GENL_NAME		"vxip"
#define VXIP_GENL_VERSION	2
/*
 * Notifications, in three multicast groups (binding needs CAP_NET_ADMIN):
 *   changes  every change a request makes, with the command of the change
 *            and the GET layout of the object after it; deletions carry
 *            the key, owner and generation.  A peer that goes because
 *            nothing holds it any more sends PEER_DEL.  A flush sends one
 *            VXIP_CMD_FLUSH: its filter and counts, not one per entry.
 *   learn    what the datapath changes: FDB entries learned or moved
 *            (FDB_NEW, owner learned) and entries aged out (FDB_DEL).
 *   miss     VXIP_CMD_MISS, rate-limited per device.
 */
#define VXIP_MCGRP_CHANGES	"changes"
#define VXIP_MCGRP_LEARN	"learn"
#define VXIP_MCGRP_MISS		"miss"

/* The VNI has 24 bits; this value above them means "no VNI configured". */
#define VXIP_VNI_MAX		0xffffffU
#define VXIP_VNI_NONE		0xffffffffU

#define VXIP_VXLAN_PORT		4789

enum vxip_cmd {
	VXIP_CMD_UNSPEC,
	VXIP_CMD_DEV_GET,
	VXIP_CMD_DEV_SET,
	VXIP_CMD_PEER_NEW,
	VXIP_CMD_PEER_DEL,
	VXIP_CMD_PEER_GET,
	VXIP_CMD_FDB_NEW,
	VXIP_CMD_FDB_DEL,
	VXIP_CMD_FDB_GET,
	VXIP_CMD_FLOOD_NEW,
	VXIP_CMD_FLOOD_DEL,
	VXIP_CMD_FLOOD_GET,
	VXIP_CMD_FLUSH,
	VXIP_CMD_MISS,		/* notification only */
	VXIP_CMD_ROUTE_NEW,
	VXIP_CMD_ROUTE_DEL,
	VXIP_CMD_ROUTE_GET,

	__VXIP_CMD_MAX
};

#define VXIP_CMD_MAX (__VXIP_CMD_MAX - 1)

/* Top-level attributes. */
enum vxip_attr {
	VXIP_A_UNSPEC,
	VXIP_A_PAD,
	VXIP_A_IFINDEX,		/* u32 */
	VXIP_A_IFNAME,		/* string, < IFNAMSIZ */
	VXIP_A_DEV,		/* nest: enum vxip_dev_attr */
	VXIP_A_PEER,		/* nest: enum vxip_peer_attr */
	VXIP_A_FDB,		/* nest: enum vxip_fdb_attr */
	VXIP_A_FLOOD,		/* nest: enum vxip_flood_attr */
	VXIP_A_FLUSH,		/* nest: enum vxip_flush_attr */
	VXIP_A_MISS,		/* nest: enum vxip_miss_attr */
	VXIP_A_ROUTE,		/* nest: enum vxip_route_attr */
	VXIP_A_REQ_FLAGS,	/* u32, VXIP_REQ_F_* (NEW commands) */

	__VXIP_A_MAX
};

#define VXIP_A_MAX (__VXIP_A_MAX - 1)

/*
 * VXIP_A_REQ_FLAGS of a NEW command, with rtnetlink's meanings (the
 * genetlink core refuses NLM_F_CREATE, _EXCL and _REPLACE in nlmsg_flags
 * for new families, so they travel here).  Absent, it is CREATE:
 *   CREATE   make the object if it doesn't exist; else ENOENT.
 *   EXCL     an existing object is EEXIST (FLOOD_NEW: without it, a
 *            membership that exists is refreshed).
 *   REPLACE  change an existing object; without it, an existing peer
 *            claim, FDB entry or route is EEXIST.
 * NLM_F_ECHO returns the object as made, in the changes event's shape.
 * Each command takes only its own attributes; others are refused.
 */
enum vxip_req_flags {
	VXIP_REQ_F_CREATE = 1,
	VXIP_REQ_F_EXCL = 2,
	VXIP_REQ_F_REPLACE = 4,

	VXIP_REQ_F_ALL = VXIP_REQ_F_CREATE | VXIP_REQ_F_EXCL |
			 VXIP_REQ_F_REPLACE
};

/* Don't-fragment bit of the outer IPv4 header. */
enum vxip_df {
	VXIP_DF_UNSET,		/* never set DF */
	VXIP_DF_SET,		/* always set DF */
	VXIP_DF_INHERIT,	/* copy DF from the inner IPv4 header */

	__VXIP_DF_END
};

#define VXIP_DF_MAX (__VXIP_DF_END - 1)

/*
 * Device configuration (nest VXIP_A_DEV).  Booleans are u32 0 or 1.
 * Defaults, as a new device reports them:
 *   VNI none, local address chosen by route lookup, port 4789, source ports
 *   from the kernel's ephemeral range (0-0 here), TTL from the route
 *   (ttl 0), TOS 0, DF unset, UDP checksum on, learning off, ageing 300 s,
 *   FDB size unlimited (max-fdb 0), strict source check on, no zero UDP
 *   checksums over IPv6.
 */
enum vxip_dev_attr {
	VXIP_DEV_A_UNSPEC,
	VXIP_DEV_A_PAD,
	VXIP_DEV_A_VNI,		/* u32, 0..VXIP_VNI_MAX; absent when none */
	VXIP_DEV_A_LOCAL4,	/* be32 IPv4 address; absent when automatic */
	VXIP_DEV_A_PORT,	/* u32, UDP destination port, 1..65535 */
	VXIP_DEV_A_SRCPORT_MIN,	/* u32, 0 (automatic) or 1..65535 */
	VXIP_DEV_A_SRCPORT_MAX,	/* u32, 0 (automatic) or 1..65535 */
	VXIP_DEV_A_TTL,		/* u32, 0 (route's hop limit) or 1..255 */
	VXIP_DEV_A_TTL_INHERIT,	/* u32 bool: copy TTL from the inner header */
	VXIP_DEV_A_TOS,		/* u32, 0..255 */
	VXIP_DEV_A_TOS_INHERIT,	/* u32 bool: copy TOS from the inner header */
	VXIP_DEV_A_DF,		/* u32, enum vxip_df */
	VXIP_DEV_A_UDP_CSUM,	/* u32 bool */
	VXIP_DEV_A_LEARNING,	/* u32 bool */
	VXIP_DEV_A_AGEING,	/* u32, seconds, 1..VXIP_AGEING_MAX */
	VXIP_DEV_A_MAX_FDB,	/* u32, 0 = unlimited */
	VXIP_DEV_A_STRICT,	/* u32 bool: accept only from known peers */
	VXIP_DEV_A_N_PEERS,	/* u32, read-only */
	VXIP_DEV_A_N_FDB,	/* u32, read-only */
	VXIP_DEV_A_N_FLOOD,	/* u32, read-only: peers on the flood list */
	VXIP_DEV_A_MAX_ROUTES,	/* u32, 0 = unlimited */
	VXIP_DEV_A_N_ROUTES,	/* u32, read-only */
	VXIP_DEV_A_MAC,		/* binary, ETH_ALEN: the device's unicast MAC */
	VXIP_DEV_A_LOCAL6,	/* binary, 16 bytes; absent when automatic */
	VXIP_DEV_A_STATS,	/* nest: enum vxip_dev_stats_attr; DEV_GET replies only */
	/* u32 bools, RFC 6935/6936: VXLAN over IPv6 with a zero UDP checksum,
	 * sent (TX) and accepted (RX; else counted rx_drop_zero_csum).  Off
	 * by default, as Linux vxlan's udp6zerocsumtx and udp6zerocsumrx.
	 */
	VXIP_DEV_A_UDP6_ZERO_CSUM_TX,
	VXIP_DEV_A_UDP6_ZERO_CSUM_RX,

	__VXIP_DEV_A_MAX
};

#define VXIP_DEV_A_MAX (__VXIP_DEV_A_MAX - 1)

/*
 * A device's counters (nest VXIP_DEV_A_STATS, in DEV_GET replies, not in
 * notifications): one u64 each, the counters ethtool -S shows under the
 * same names (tx_drop_miss is TX_DROP_MISS).  Drops by direction and
 * reason, datapath events, drops on the device's UDP port before a
 * device was found, and packets and bytes by encap and direction.
 */
enum vxip_dev_stats_attr {
	VXIP_DEV_STATS_A_UNSPEC,
	VXIP_DEV_STATS_A_PAD,
	VXIP_DEV_STATS_A_TX_DROP_MISS,		/* no FDB entry, nobody to flood to */
	VXIP_DEV_STATS_A_TX_DROP_NO_ROUTE,	/* no underlay route to the peer */
	VXIP_DEV_STATS_A_TX_DROP_TOO_BIG,	/* DF and over the path MTU */
	VXIP_DEV_STATS_A_TX_DROP_ERROR,
	VXIP_DEV_STATS_A_TX_DROP_NOT_IP,
	VXIP_DEV_STATS_A_TX_DROP_MALFORMED,
	VXIP_DEV_STATS_A_TX_DROP_NO_L3_ROUTE,	/* routed to the device, no route */
	VXIP_DEV_STATS_A_RX_DROP_BAD_HEADER,
	VXIP_DEV_STATS_A_RX_DROP_UNKNOWN_SOURCE, /* strict, not a peer */
	VXIP_DEV_STATS_A_RX_DROP_RUNT,
	VXIP_DEV_STATS_A_RX_DROP_BAD_INNER_MAC,
	VXIP_DEV_STATS_A_RX_DROP_ECN,		/* RFC 6040's drop case */
	VXIP_DEV_STATS_A_RX_DROP_DOWN,
	VXIP_DEV_STATS_A_RX_DROP_INNER_HEADER,
	VXIP_DEV_STATS_A_RX_DROP_INNER_LENGTH,
	VXIP_DEV_STATS_A_RX_DROP_SPOOFED,	/* IPIP source not behind the peer */
	VXIP_DEV_STATS_A_RX_DROP_POLICY,	/* IPsec input policy */
	VXIP_DEV_STATS_A_ARP_SUPPRESSED,
	VXIP_DEV_STATS_A_ND_SUPPRESSED,
	VXIP_DEV_STATS_A_FLOOD_TX,		/* copies of flooded frames */
	VXIP_DEV_STATS_A_FDB_LEARNED,
	VXIP_DEV_STATS_A_FDB_AGED,
	VXIP_DEV_STATS_A_FDB_LEARN_FULL,
	VXIP_DEV_STATS_A_ARP_PROXIED,
	VXIP_DEV_STATS_A_ND_PROXIED,
	VXIP_DEV_STATS_A_PORT_RX_DROP_UNKNOWN_VNI,
	VXIP_DEV_STATS_A_PORT_RX_DROP_BAD_HEADER,
	/* Packets and bytes by encap and direction, counted as the per-peer
	 * counters are (VXLAN from a source that is no peer too).
	 */
	VXIP_DEV_STATS_A_VXLAN_TX_PACKETS,
	VXIP_DEV_STATS_A_VXLAN_TX_BYTES,
	VXIP_DEV_STATS_A_VXLAN_RX_PACKETS,
	VXIP_DEV_STATS_A_VXLAN_RX_BYTES,
	VXIP_DEV_STATS_A_IPIP_TX_PACKETS,
	VXIP_DEV_STATS_A_IPIP_TX_BYTES,
	VXIP_DEV_STATS_A_IPIP_RX_PACKETS,
	VXIP_DEV_STATS_A_IPIP_RX_BYTES,
	VXIP_DEV_STATS_A_RX_DROP_ZERO_CSUM,	/* IPv6, zero UDP checksum, not accepted */

	__VXIP_DEV_STATS_A_MAX
};

#define VXIP_DEV_STATS_A_MAX (__VXIP_DEV_STATS_A_MAX - 1)

#define VXIP_AGEING_MAX		(7 * 24 * 3600)

/* How a peer is reached. */
enum vxip_encap {
	VXIP_ENCAP_UNSPEC,
	VXIP_ENCAP_VXLAN,	/* RFC 7348, the default */
	VXIP_ENCAP_IPIP,	/* RFC 2003 IPv4-in-IPv4; IPv6 inner as 6in4 */

	__VXIP_ENCAP_END
};

#define VXIP_ENCAP_MAX (__VXIP_ENCAP_END - 1)

/*
 * Who programmed an entry: an open number 1..VXIP_OWNERS_MAX, like
 * rtnetlink's RTPROT_*, of which these are named; a second EVPN instance
 * or a CNI plugin may take another.  Every FDB entry and route has one
 * owner; a peer and its flood-list membership may be claimed by several
 * owners at once (VXIP_PEER_A_CLAIM), each with its own generation.
 *
 * A writer changes and deletes only its own: the DEL commands act for the
 * owner they name (static if none), and a flush matches owners it is
 * given.  A control plane that restarts bumps its generation, programs
 * everything again, then flushes its owner's entries with a generation
 * below the new one.  Learned entries come from the datapath and never
 * override the others.
 */
enum vxip_owner {
	VXIP_OWNER_UNSPEC,
	VXIP_OWNER_STATIC,	/* an operator; the default */
	VXIP_OWNER_EVPN,
	VXIP_OWNER_GOSSIP,
	VXIP_OWNER_LEARNED,	/* read-only: the datapath's */
	VXIP_OWNER_CNI,

	__VXIP_OWNER_END
};

#define VXIP_OWNER_MAX (__VXIP_OWNER_END - 1)	/* the last named one */
#define VXIP_OWNERS_MAX		255		/* the last valid one */

/*
 * Peers (nest VXIP_A_PEER): remote nodes, keyed by underlay address.  A
 * peer lives while an owner claims it or an FDB entry, route or flood-list
 * membership uses it; the last of these to go takes it along.
 *
 * VXIP_CMD_PEER_NEW  { dev, PEER { ADDR4, [ENCAP], [PORT], [OWNER], [GEN] } }
 *                    OWNER (static if absent) claims the peer, creating it
 *                    if need be; another owner may claim an existing peer
 *                    as it is.  REQ_F_REPLACE changes the owner's claim
 *                    (GEN) and the settings given, keeping the others;
 *                    without it the owner's existing claim, or other
 *                    settings, are EEXIST.  At most VXIP_PEER_CLAIMS owners.
 * VXIP_CMD_PEER_DEL  { dev, PEER { ADDR4, [OWNER] } }: drops OWNER's claim
 *                    (static if absent).  It never removes FDB entries or
 *                    routes: if anything still holds the peer, it stays,
 *                    and the ACK carries a warning saying so.
 * VXIP_CMD_PEER_GET  do { dev, PEER { ADDR4 } } or dump { [dev] }; OWNER
 *                    and GEN report the first owner's claim, CLAIM all.
 */
enum vxip_peer_attr {
	VXIP_PEER_A_UNSPEC,
	VXIP_PEER_A_PAD,
	VXIP_PEER_A_ADDR4,	/* be32, the key */
	VXIP_PEER_A_ENCAP,	/* u32, enum vxip_encap */
	VXIP_PEER_A_PORT,	/* u32, 0 (the device's port) or 1..65535 */
	VXIP_PEER_A_OWNER,	/* u32, 1..VXIP_OWNERS_MAX; static if absent */
	VXIP_PEER_A_GEN,	/* u32 */
	VXIP_PEER_A_FLOOD,	/* u32 bool, read-only: on the flood list */
	VXIP_PEER_A_N_FDB,	/* u32, read-only: FDB entries using the peer */
	VXIP_PEER_A_STATS,	/* nest: enum vxip_peer_stats_attr, read-only */
	VXIP_PEER_A_CLAIM,	/* nest: enum vxip_claim_attr, repeated, read-only */
	VXIP_PEER_A_N_ROUTES,	/* u32, read-only: routes using the peer */
	VXIP_PEER_A_ADDR6,	/* binary, 16 bytes: IPv6 form */

	__VXIP_PEER_A_MAX
};

#define VXIP_PEER_A_MAX (__VXIP_PEER_A_MAX - 1)

#define VXIP_PEER_CLAIMS	8

/* One owner's claim on a peer (nest VXIP_PEER_A_CLAIM). */
enum vxip_claim_attr {
	VXIP_CLAIM_A_UNSPEC,
	VXIP_CLAIM_A_OWNER,	/* u32, 1..VXIP_OWNERS_MAX */
	VXIP_CLAIM_A_GEN,	/* u32: present if the owner claims the peer */
	VXIP_CLAIM_A_FLOOD_GEN,	/* u32: present if it wants it on the flood list */

	__VXIP_CLAIM_A_MAX
};

#define VXIP_CLAIM_A_MAX (__VXIP_CLAIM_A_MAX - 1)

enum vxip_peer_stats_attr {
	VXIP_PEER_STATS_A_UNSPEC,
	VXIP_PEER_STATS_A_PAD,
	VXIP_PEER_STATS_A_TX_PACKETS,	/* u64, including flood copies */
	VXIP_PEER_STATS_A_TX_BYTES,	/* u64 */
	VXIP_PEER_STATS_A_RX_PACKETS,	/* u64 */
	VXIP_PEER_STATS_A_RX_BYTES,	/* u64 */
	VXIP_PEER_STATS_A_TX_FLOOD,	/* u64, copies of flooded frames */
	VXIP_PEER_STATS_A_DROPS,	/* u64, lost on the way to this peer */

	__VXIP_PEER_STATS_A_MAX
};

#define VXIP_PEER_STATS_A_MAX (__VXIP_PEER_STATS_A_MAX - 1)

/* FDB entry flags (VXIP_FDB_A_FLAGS). */
enum vxip_fdb_flags {
	VXIP_FDB_F_STATIC = 1,	/* never aged */
	VXIP_FDB_F_STICKY = 2,	/* another owner cannot move it */

	VXIP_FDB_F_ALL = VXIP_FDB_F_STATIC | VXIP_FDB_F_STICKY
};

#define VXIP_FDB_MAX_IPS	8

/*
 * An FDB entry or a route may name up to this many peers (EVPN aliasing
 * and ECMP): its PEER4 attribute repeats, and flows are spread over the
 * peers by the hash of the inner flow.  Replies list them in order.
 */
#define VXIP_PEERS_MAX		8

/*
 * FDB (nest VXIP_A_FDB): MAC -> peer, with the IP addresses bound to the
 * MAC (EVPN route type 2), which the device uses to answer ARP requests and
 * neighbour solicitations itself.
 *
 * VXIP_CMD_FDB_NEW  { dev, FDB { MAC, PEER4..., [IP4]..., [IP6]..., [FLAGS],
 *                   [OWNER], [GEN] } }, at most VXIP_FDB_MAX_IPS addresses
 *                   and VXIP_PEERS_MAX peers.
 *                   Entries made over netlink are static unless FLAGS says
 *                   otherwise.  REQ_F_REPLACE swaps an existing entry
 *                   atomically.
 * VXIP_CMD_FDB_DEL  { dev, FDB { MAC, [OWNER] } }: only OWNER's entry
 *                   (static if absent); another owner's is ENOENT.
 * VXIP_CMD_FDB_GET  do { dev, FDB { MAC } } or
 *                   dump { [dev], [FDB { [PEER4], [OWNER] }] }
 */
enum vxip_fdb_attr {
	VXIP_FDB_A_UNSPEC,
	VXIP_FDB_A_PAD,
	VXIP_FDB_A_MAC,		/* binary, ETH_ALEN, the key */
	VXIP_FDB_A_PEER4,	/* be32, repeated (VXIP_PEERS_MAX) */
	VXIP_FDB_A_IP4,		/* be32, repeated */
	VXIP_FDB_A_IP6,		/* binary, 16 bytes, repeated */
	VXIP_FDB_A_FLAGS,	/* u32, VXIP_FDB_F_* */
	VXIP_FDB_A_OWNER,	/* u32, 1..VXIP_OWNERS_MAX; static if absent */
	VXIP_FDB_A_GEN,		/* u32 */
	VXIP_FDB_A_AGE,		/* u32, read-only: seconds since last seen */
	VXIP_FDB_A_PEER6,	/* binary, 16 bytes: IPv6 form */

	__VXIP_FDB_A_MAX
};

#define VXIP_FDB_A_MAX (__VXIP_FDB_A_MAX - 1)

/*
 * Flood list (nest VXIP_A_FLOOD): peers that get a copy of broadcast,
 * multicast and unknown-unicast frames (EVPN route type 3).  Each owner
 * has its own membership of a peer; the peer is on the list while any
 * owner wants it there.
 *
 * VXIP_CMD_FLOOD_NEW  { dev, FLOOD { PEER4, [OWNER], [GEN] } }; the peer
 *                     must exist.  On an existing membership it refreshes
 *                     GEN (no EEXIST: a resync repeats it).
 * VXIP_CMD_FLOOD_DEL  { dev, FLOOD { PEER4, [OWNER] } }: OWNER's membership
 *                     (static if absent).
 * VXIP_CMD_FLOOD_GET  dump { [dev] }: one message per owner's membership.
 */
enum vxip_flood_attr {
	VXIP_FLOOD_A_UNSPEC,
	VXIP_FLOOD_A_PEER4,	/* be32 */
	VXIP_FLOOD_A_OWNER,	/* u32, 1..VXIP_OWNERS_MAX; static if absent */
	VXIP_FLOOD_A_GEN,	/* u32 */
	VXIP_FLOOD_A_PEER6,	/* binary, 16 bytes: IPv6 form */

	__VXIP_FLOOD_A_MAX
};

#define VXIP_FLOOD_A_MAX (__VXIP_FLOOD_A_MAX - 1)

/* What a flush removes (VXIP_FLUSH_A_SCOPE). */
enum vxip_flush_scope {
	VXIP_FLUSH_FDB = 1,
	VXIP_FLUSH_PEER = 2,
	VXIP_FLUSH_FLOOD = 4,
	VXIP_FLUSH_ROUTE = 8,

	VXIP_FLUSH_ALL = VXIP_FLUSH_FDB | VXIP_FLUSH_PEER | VXIP_FLUSH_FLOOD |
			 VXIP_FLUSH_ROUTE
};

/*
 * VXIP_CMD_FLUSH { dev, [FLUSH { [SCOPE], [OWNER], [GEN_BELOW], [PEER4] }] }
 * removes the entries of SCOPE (default all) that match every filter given:
 * FDB entries and routes, and claims on peers and flood-list memberships
 * (each with its own owner and generation).  GEN_BELOW needs OWNER.  It
 * removes nothing it does not match: a peer goes when nothing holds it any
 * more.  The reply carries the counts of what was removed, in the same
 * nest (N_PEERS: peers that went, N_FLOOD: memberships dropped).
 */
enum vxip_flush_attr {
	VXIP_FLUSH_A_UNSPEC,
	VXIP_FLUSH_A_SCOPE,	/* u32, VXIP_FLUSH_* */
	VXIP_FLUSH_A_OWNER,	/* u32, 1..VXIP_OWNERS_MAX */
	VXIP_FLUSH_A_GEN_BELOW,	/* u32: entries with a generation below it */
	VXIP_FLUSH_A_PEER4,	/* be32: entries using this peer */
	VXIP_FLUSH_A_N_FDB,	/* u32, reply: FDB entries removed */
	VXIP_FLUSH_A_N_PEERS,	/* u32, reply: peers removed */
	VXIP_FLUSH_A_N_FLOOD,	/* u32, reply: flood-list members removed */
	VXIP_FLUSH_A_N_ROUTES,	/* u32, reply: routes removed */
	VXIP_FLUSH_A_PEER6,	/* binary, 16 bytes: IPv6 form */

	__VXIP_FLUSH_A_MAX
};

#define VXIP_FLUSH_A_MAX (__VXIP_FLUSH_A_MAX - 1)

/*
 * VXIP_CMD_MISS, sent to the "miss" group, rate-limited per device:
 *   L2: a unicast frame had no FDB entry (it was flooded if the flood list
 *       has peers, else dropped): { IFINDEX, IFNAME, MISS { MAC } }
 *   L3: an IP packet addressed to the device matched no route:
 *       { IFINDEX, IFNAME, MISS { DST4 | DST6 } }
 */
enum vxip_miss_attr {
	VXIP_MISS_A_UNSPEC,
	VXIP_MISS_A_MAC,	/* binary, ETH_ALEN: the destination */
	VXIP_MISS_A_DST4,	/* be32: the inner destination */
	VXIP_MISS_A_DST6,	/* binary, 16 bytes: the inner destination */

	__VXIP_MISS_A_MAX
};

#define VXIP_MISS_A_MAX (__VXIP_MISS_A_MAX - 1)

/*
 * L3 routes (nest VXIP_A_ROUTE): inner prefix -> peer, sent in IPIP or
 * VXLAN (EVPN route type 5: the L3 VNI and the peer's router MAC).  The
 * device routes an IP packet addressed to its own MAC by the longest
 * matching prefix, and answers ARP and NS for covered addresses itself.
 *
 * VXIP_CMD_ROUTE_NEW  { dev, ROUTE { DST4 | DST6, PLEN, PEER4..., [ENCAP],
 *                     [VNI], [RMAC], [OWNER], [GEN] } }; a VXLAN route
 *                     needs RMAC.  REQ_F_REPLACE swaps an existing route.
 * VXIP_CMD_ROUTE_DEL  { dev, ROUTE { DST4 | DST6, PLEN, [OWNER] } }: only
 *                     OWNER's route (static if absent).
 * VXIP_CMD_ROUTE_GET  do { dev, ROUTE { DST4 | DST6, [PLEN] } }: without
 *                     PLEN, the route a packet to that address would take.
 *                     dump { [dev], [ROUTE { [PEER4], [OWNER] }] }
 */
enum vxip_route_attr {
	VXIP_ROUTE_A_UNSPEC,
	VXIP_ROUTE_A_PAD,
	VXIP_ROUTE_A_DST4,	/* be32 */
	VXIP_ROUTE_A_DST6,	/* binary, 16 bytes */
	VXIP_ROUTE_A_PLEN,	/* u32, 0..32 or 0..128 */
	VXIP_ROUTE_A_PEER4,	/* be32, repeated (VXIP_PEERS_MAX) */
	VXIP_ROUTE_A_ENCAP,	/* u32, enum vxip_encap; UNSPEC: the peer's */
	VXIP_ROUTE_A_VNI,	/* u32, VXLAN L3 VNI; absent: the device's */
	VXIP_ROUTE_A_RMAC,	/* binary, ETH_ALEN: the peer's router MAC */
	VXIP_ROUTE_A_OWNER,	/* u32, 1..VXIP_OWNERS_MAX; static if absent */
	VXIP_ROUTE_A_GEN,	/* u32 */
	VXIP_ROUTE_A_PEER6,	/* binary, 16 bytes: IPv6 form */

	__VXIP_ROUTE_A_MAX
};

#define VXIP_ROUTE_A_MAX (__VXIP_ROUTE_A_MAX - 1)

/*
 * rtnetlink: the IFLA_INFO_DATA attributes of a vxip link, for
 * "ip link add/set DEV type vxip ..." and reported in RTM_NEWLINK.  Each has
 * the type, range, default and checks of the VXIP_DEV_A_* attribute of the
 * same name, and a change goes the way of a DEV_SET.  The MAC is
 * IFLA_ADDRESS; the underlay netns, at creation only, IFLA_LINK_NETNSID.
 */
enum vxip_link_attr {
	IFLA_VXIP_UNSPEC,
	IFLA_VXIP_VNI,
	IFLA_VXIP_LOCAL4,
	IFLA_VXIP_PORT,
	IFLA_VXIP_SRCPORT_MIN,
	IFLA_VXIP_SRCPORT_MAX,
	IFLA_VXIP_TTL,
	IFLA_VXIP_TTL_INHERIT,
	IFLA_VXIP_TOS,
	IFLA_VXIP_TOS_INHERIT,
	IFLA_VXIP_DF,
	IFLA_VXIP_UDP_CSUM,
	IFLA_VXIP_LEARNING,
	IFLA_VXIP_AGEING,
	IFLA_VXIP_MAX_FDB,
	IFLA_VXIP_STRICT,
	IFLA_VXIP_MAX_ROUTES,
	IFLA_VXIP_LOCAL6,	/* binary, 16 bytes; absent when automatic */
	IFLA_VXIP_UDP6_ZERO_CSUM_TX,
	IFLA_VXIP_UDP6_ZERO_CSUM_RX,

	__IFLA_VXIP_MAX
};

#define IFLA_VXIP_MAX (__IFLA_VXIP_MAX - 1)

#endif /* _UAPI_LINUX_VXIP_H */
