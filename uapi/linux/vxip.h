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
 * VXIP_CMD_DEV_GET
 *   do:   request  { VXIP_A_IFINDEX | VXIP_A_IFNAME }
 *         reply    { VXIP_A_IFINDEX, VXIP_A_IFNAME, VXIP_A_DEV { VXIP_DEV_A_* } }
 *   dump: request  { }
 *         replies  one message per vxip device in the caller's netns,
 *                  shaped like the do reply.
 *
 * Readers need no privilege.  Commands that change state require
 * CAP_NET_ADMIN in the user namespace owning the device's netns.
 *
 * Enums only grow at their end; nothing is ever renumbered.
 */
#ifndef _UAPI_LINUX_VXIP_H
#define _UAPI_LINUX_VXIP_H

#define VXIP_GENL_NAME		"vxip"
#define VXIP_GENL_VERSION	1
#define VXIP_MCGRP_EVENTS	"events"

/* The VNI has 24 bits; this value above them means "no VNI configured". */
#define VXIP_VNI_MAX		0xffffffU
#define VXIP_VNI_NONE		0xffffffffU

#define VXIP_VXLAN_PORT		4789

enum vxip_cmd {
	VXIP_CMD_UNSPEC,
	VXIP_CMD_DEV_GET,

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

	__VXIP_A_MAX
};

#define VXIP_A_MAX (__VXIP_A_MAX - 1)

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
 *   FDB size unlimited (max-fdb 0), strict source check on.
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

	__VXIP_DEV_A_MAX
};

#define VXIP_DEV_A_MAX (__VXIP_DEV_A_MAX - 1)

#define VXIP_AGEING_MAX		(7 * 24 * 3600)

#endif /* _UAPI_LINUX_VXIP_H */
