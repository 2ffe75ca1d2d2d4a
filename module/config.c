// SPDX-License-Identifier: GPL-2.0
/* vxip device configuration: defaults, netlink policy and netlink fill. */

#include <kunit/visibility.h>
#include <net/netlink.h>

#include "vxip.h"

/*
 * Ranges beyond what the s16 bounds of a plain policy can hold.  Not const:
 * 6.1's struct nla_policy points to them without the qualifier.
 */
static struct netlink_range_validation vni_range = {
	.max = VXIP_VNI_MAX,
};

static struct netlink_range_validation port_range = {
	.min = 1,
	.max = U16_MAX,
};

static struct netlink_range_validation srcport_range = {
	.max = U16_MAX,
};

static struct netlink_range_validation ageing_range = {
	.min = 1,
	.max = VXIP_AGEING_MAX,
};

/* Every attribute a DEV_SET may carry, with its range. */
const struct nla_policy vxip_dev_policy[VXIP_DEV_A_MAX + 1] = {
	[VXIP_DEV_A_VNI]	 = NLA_POLICY_FULL_RANGE(NLA_U32, &vni_range),
	[VXIP_DEV_A_LOCAL4]	 = { .type = NLA_BE32 },
	[VXIP_DEV_A_PORT]	 = NLA_POLICY_FULL_RANGE(NLA_U32, &port_range),
	[VXIP_DEV_A_SRCPORT_MIN] = NLA_POLICY_FULL_RANGE(NLA_U32, &srcport_range),
	[VXIP_DEV_A_SRCPORT_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &srcport_range),
	[VXIP_DEV_A_TTL]	 = NLA_POLICY_MAX(NLA_U32, U8_MAX),
	[VXIP_DEV_A_TTL_INHERIT] = NLA_POLICY_MAX(NLA_U32, 1),
	[VXIP_DEV_A_TOS]	 = NLA_POLICY_MAX(NLA_U32, U8_MAX),
	[VXIP_DEV_A_TOS_INHERIT] = NLA_POLICY_MAX(NLA_U32, 1),
	[VXIP_DEV_A_DF]		 = NLA_POLICY_MAX(NLA_U32, VXIP_DF_MAX),
	[VXIP_DEV_A_UDP_CSUM]	 = NLA_POLICY_MAX(NLA_U32, 1),
	[VXIP_DEV_A_LEARNING]	 = NLA_POLICY_MAX(NLA_U32, 1),
	[VXIP_DEV_A_AGEING]	 = NLA_POLICY_FULL_RANGE(NLA_U32, &ageing_range),
	[VXIP_DEV_A_MAX_FDB]	 = { .type = NLA_U32 },
	[VXIP_DEV_A_STRICT]	 = NLA_POLICY_MAX(NLA_U32, 1),
};
EXPORT_SYMBOL_IF_KUNIT(vxip_dev_policy);

/* The configuration of a new device, as documented in uapi/linux/vxip.h. */
void vxip_config_init(struct vxip_config *cfg)
{
	*cfg = (struct vxip_config) {
		.vni		= VXIP_VNI_NONE,
		.port		= VXIP_VXLAN_PORT,
		.df		= VXIP_DF_UNSET,
		.udp_csum	= true,
		.strict		= true,
		.ageing		= VXIP_AGEING_DEFAULT,
	};
}
EXPORT_SYMBOL_IF_KUNIT(vxip_config_init);

/* Put @cfg's attributes into the currently open VXIP_A_DEV nest of @skb. */
int vxip_config_fill(struct sk_buff *skb, const struct vxip_config *cfg)
{
	if (cfg->vni != VXIP_VNI_NONE &&
	    nla_put_u32(skb, VXIP_DEV_A_VNI, cfg->vni))
		return -EMSGSIZE;
	if (cfg->local4 && nla_put_in_addr(skb, VXIP_DEV_A_LOCAL4, cfg->local4))
		return -EMSGSIZE;
	if (nla_put_u32(skb, VXIP_DEV_A_PORT, cfg->port) ||
	    nla_put_u32(skb, VXIP_DEV_A_SRCPORT_MIN, cfg->srcport_min) ||
	    nla_put_u32(skb, VXIP_DEV_A_SRCPORT_MAX, cfg->srcport_max) ||
	    nla_put_u32(skb, VXIP_DEV_A_TTL, cfg->ttl) ||
	    nla_put_u32(skb, VXIP_DEV_A_TTL_INHERIT, cfg->ttl_inherit) ||
	    nla_put_u32(skb, VXIP_DEV_A_TOS, cfg->tos) ||
	    nla_put_u32(skb, VXIP_DEV_A_TOS_INHERIT, cfg->tos_inherit) ||
	    nla_put_u32(skb, VXIP_DEV_A_DF, cfg->df) ||
	    nla_put_u32(skb, VXIP_DEV_A_UDP_CSUM, cfg->udp_csum) ||
	    nla_put_u32(skb, VXIP_DEV_A_LEARNING, cfg->learning) ||
	    nla_put_u32(skb, VXIP_DEV_A_AGEING, cfg->ageing) ||
	    nla_put_u32(skb, VXIP_DEV_A_MAX_FDB, cfg->max_fdb) ||
	    nla_put_u32(skb, VXIP_DEV_A_STRICT, cfg->strict))
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_config_fill);
