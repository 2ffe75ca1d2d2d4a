// SPDX-License-Identifier: GPL-2.0
/* vxip device configuration: defaults, netlink policy and netlink fill. */

#include <kunit/visibility.h>
#include <linux/in.h>
#include <net/netlink.h>

#include "vxip.h"

/*
 * Ranges beyond what the s16 bounds of a plain policy can hold.  Not const:
 * 6.1's struct nla_policy points to them without the qualifier.
 */
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
	/* VXIP_VNI_NONE is allowed too: vxip_config_apply() checks. */
	[VXIP_DEV_A_VNI]	 = { .type = NLA_U32 },
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
	[VXIP_DEV_A_N_PEERS]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_N_FDB]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_N_FLOOD]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_MAX_ROUTES]	 = { .type = NLA_U32 },
	[VXIP_DEV_A_N_ROUTES]	 = { .type = NLA_REJECT },
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
	    nla_put_u32(skb, VXIP_DEV_A_STRICT, cfg->strict) ||
	    nla_put_u32(skb, VXIP_DEV_A_MAX_ROUTES, cfg->max_routes))
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_config_fill);

static bool vxip_attr_bool(const struct nlattr *a)
{
	return nla_get_u32(a);
}

/*
 * Apply the attributes of a DEV_SET request (already validated against
 * vxip_dev_policy) to @cfg, a private copy, and check the result as a
 * whole.  On error @cfg may be partly changed; the caller discards it.
 */
int vxip_config_apply(struct vxip_config *cfg, struct nlattr **tb,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	a = tb[VXIP_DEV_A_VNI];
	if (a) {
		cfg->vni = nla_get_u32(a);
		if (cfg->vni > VXIP_VNI_MAX && cfg->vni != VXIP_VNI_NONE) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "VNI must be 0-16777215, or 0xffffffff for none");
			return -ERANGE;
		}
	}
	a = tb[VXIP_DEV_A_LOCAL4];
	if (a) {
		__be32 local = nla_get_in_addr(a);

		if (ipv4_is_multicast(local) || ipv4_is_lbcast(local) ||
		    (ipv4_is_zeronet(local) && local)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Local address must be a unicast address, or 0.0.0.0 for automatic");
			return -EINVAL;
		}
		cfg->local4 = local;
	}
	if (tb[VXIP_DEV_A_PORT])
		cfg->port = nla_get_u32(tb[VXIP_DEV_A_PORT]);
	if (tb[VXIP_DEV_A_SRCPORT_MIN])
		cfg->srcport_min = nla_get_u32(tb[VXIP_DEV_A_SRCPORT_MIN]);
	if (tb[VXIP_DEV_A_SRCPORT_MAX])
		cfg->srcport_max = nla_get_u32(tb[VXIP_DEV_A_SRCPORT_MAX]);
	if (!cfg->srcport_min != !cfg->srcport_max ||
	    cfg->srcport_min > cfg->srcport_max) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VXIP_DEV_A_SRCPORT_MIN] ?:
				    tb[VXIP_DEV_A_SRCPORT_MAX],
				    "Source port range must be MIN <= MAX, both non-zero, or 0-0 for automatic");
		return -EINVAL;
	}
	if (tb[VXIP_DEV_A_TTL])
		cfg->ttl = nla_get_u32(tb[VXIP_DEV_A_TTL]);
	if (tb[VXIP_DEV_A_TTL_INHERIT])
		cfg->ttl_inherit = vxip_attr_bool(tb[VXIP_DEV_A_TTL_INHERIT]);
	if (tb[VXIP_DEV_A_TOS])
		cfg->tos = nla_get_u32(tb[VXIP_DEV_A_TOS]);
	if (tb[VXIP_DEV_A_TOS_INHERIT])
		cfg->tos_inherit = vxip_attr_bool(tb[VXIP_DEV_A_TOS_INHERIT]);
	if (tb[VXIP_DEV_A_DF])
		cfg->df = nla_get_u32(tb[VXIP_DEV_A_DF]);
	if (tb[VXIP_DEV_A_UDP_CSUM])
		cfg->udp_csum = vxip_attr_bool(tb[VXIP_DEV_A_UDP_CSUM]);
	if (tb[VXIP_DEV_A_LEARNING])
		cfg->learning = vxip_attr_bool(tb[VXIP_DEV_A_LEARNING]);
	if (tb[VXIP_DEV_A_AGEING])
		cfg->ageing = nla_get_u32(tb[VXIP_DEV_A_AGEING]);
	if (tb[VXIP_DEV_A_MAX_FDB])
		cfg->max_fdb = nla_get_u32(tb[VXIP_DEV_A_MAX_FDB]);
	if (tb[VXIP_DEV_A_STRICT])
		cfg->strict = vxip_attr_bool(tb[VXIP_DEV_A_STRICT]);
	if (tb[VXIP_DEV_A_MAX_ROUTES])
		cfg->max_routes = nla_get_u32(tb[VXIP_DEV_A_MAX_ROUTES]);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_config_apply);
