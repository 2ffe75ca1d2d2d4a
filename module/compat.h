/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vxip kernel compatibility: every difference between the supported kernels
 * (6.1 and later) lives here, as small macros and inline wrappers.  No other
 * file tests LINUX_VERSION_CODE.
 */
#ifndef _VXIP_COMPAT_H
#define _VXIP_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>
#include <net/rtnetlink.h>

/* rtnl_link_ops::newlink */
#define VXIP_NEWLINK_ARGS struct net *src_net, struct net_device *dev,	\
			  struct nlattr *tb[], struct nlattr *data[],	\
			  struct netlink_ext_ack *extack
#define VXIP_NEWLINK_SRC_NET src_net

/* Tunnels transmit without the core's TX lock. */
static inline void vxip_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}

/* The KUnit suites import the symbols vxip exports for them. */
#define VXIP_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)

#endif /* _VXIP_COMPAT_H */
