// SPDX-License-Identifier: GPL-2.0
/* vxip device configuration: defaults, netlink policies and netlink fill. */

#include <kunit/visibility.h>
#include <linux/if_link.h>
#include <linux/in.h>
#include <net/ipv6.h>
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

/*
 * The policy of each setting, shared by DEV_SET's VXIP_DEV_A_* and
 * rtnetlink's IFLA_VXIP_* attributes.
 */
#define POLICY_VNI	{ .type = NLA_U32 }	/* vxip_config_apply() checks */
#define POLICY_LOCAL4	{ .type = NLA_BE32 }
#define POLICY_PORT	NLA_POLICY_FULL_RANGE(NLA_U32, &port_range)
#define POLICY_SRCPORT	NLA_POLICY_FULL_RANGE(NLA_U32, &srcport_range)
#define POLICY_U8	NLA_POLICY_MAX(NLA_U32, U8_MAX)
#define POLICY_BOOL	NLA_POLICY_MAX(NLA_U32, 1)
#define POLICY_DF	NLA_POLICY_MAX(NLA_U32, VXIP_DF_MAX)
#define POLICY_AGEING	NLA_POLICY_FULL_RANGE(NLA_U32, &ageing_range)
#define POLICY_LIMIT	{ .type = NLA_U32 }
#define POLICY_LOCAL6	NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr))

/* Every attribute a DEV_SET may carry, with its range. */
const struct nla_policy vxip_dev_policy[VXIP_DEV_A_MAX + 1] = {
	[VXIP_DEV_A_VNI]	 = POLICY_VNI,
	[VXIP_DEV_A_LOCAL4]	 = POLICY_LOCAL4,
	[VXIP_DEV_A_PORT]	 = POLICY_PORT,
	[VXIP_DEV_A_SRCPORT_MIN] = POLICY_SRCPORT,
	[VXIP_DEV_A_SRCPORT_MAX] = POLICY_SRCPORT,
	[VXIP_DEV_A_TTL]	 = POLICY_U8,
	[VXIP_DEV_A_TTL_INHERIT] = POLICY_BOOL,
	[VXIP_DEV_A_TOS]	 = POLICY_U8,
	[VXIP_DEV_A_TOS_INHERIT] = POLICY_BOOL,
	[VXIP_DEV_A_DF]		 = POLICY_DF,
	[VXIP_DEV_A_UDP_CSUM]	 = POLICY_BOOL,
	[VXIP_DEV_A_LEARNING]	 = POLICY_BOOL,
	[VXIP_DEV_A_AGEING]	 = POLICY_AGEING,
	[VXIP_DEV_A_MAX_FDB]	 = POLICY_LIMIT,
	[VXIP_DEV_A_STRICT]	 = POLICY_BOOL,
	[VXIP_DEV_A_N_PEERS]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_N_FDB]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_N_FLOOD]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_MAX_ROUTES]	 = POLICY_LIMIT,
	[VXIP_DEV_A_N_ROUTES]	 = { .type = NLA_REJECT },
	/* Multicast and zero refused by vxip_dev_change(). */
	[VXIP_DEV_A_MAC]	 = NLA_POLICY_ETH_ADDR,
	[VXIP_DEV_A_LOCAL6]	 = POLICY_LOCAL6,
	[VXIP_DEV_A_STATS]	 = { .type = NLA_REJECT },
	[VXIP_DEV_A_UDP6_ZERO_CSUM_TX] = POLICY_BOOL,
	[VXIP_DEV_A_UDP6_ZERO_CSUM_RX] = POLICY_BOOL,
};
EXPORT_SYMBOL_IF_KUNIT(vxip_dev_policy);

/*
 * IFLA_INFO_DATA's, strict from the first attribute on: there is no old
 * userspace to be lenient with.
 */
const struct nla_policy vxip_link_policy[IFLA_VXIP_MAX + 1] = {
	[IFLA_VXIP_UNSPEC]	= { .strict_start_type = IFLA_VXIP_UNSPEC + 1 },
	[IFLA_VXIP_VNI]		= POLICY_VNI,
	[IFLA_VXIP_LOCAL4]	= POLICY_LOCAL4,
	[IFLA_VXIP_PORT]	= POLICY_PORT,
	[IFLA_VXIP_SRCPORT_MIN]	= POLICY_SRCPORT,
	[IFLA_VXIP_SRCPORT_MAX]	= POLICY_SRCPORT,
	[IFLA_VXIP_TTL]		= POLICY_U8,
	[IFLA_VXIP_TTL_INHERIT]	= POLICY_BOOL,
	[IFLA_VXIP_TOS]		= POLICY_U8,
	[IFLA_VXIP_TOS_INHERIT]	= POLICY_BOOL,
	[IFLA_VXIP_DF]		= POLICY_DF,
	[IFLA_VXIP_UDP_CSUM]	= POLICY_BOOL,
	[IFLA_VXIP_LEARNING]	= POLICY_BOOL,
	[IFLA_VXIP_AGEING]	= POLICY_AGEING,
	[IFLA_VXIP_MAX_FDB]	= POLICY_LIMIT,
	[IFLA_VXIP_STRICT]	= POLICY_BOOL,
	[IFLA_VXIP_MAX_ROUTES]	= POLICY_LIMIT,
	[IFLA_VXIP_LOCAL6]	= POLICY_LOCAL6,
	[IFLA_VXIP_UDP6_ZERO_CSUM_TX] = POLICY_BOOL,
	[IFLA_VXIP_UDP6_ZERO_CSUM_RX] = POLICY_BOOL,
};

/* The DEV_SET attribute each IFLA_VXIP_* attribute stands for... */
static const u8 link_to_dev[IFLA_VXIP_MAX + 1] = {
	[IFLA_VXIP_VNI]		= VXIP_DEV_A_VNI,
	[IFLA_VXIP_LOCAL4]	= VXIP_DEV_A_LOCAL4,
	[IFLA_VXIP_PORT]	= VXIP_DEV_A_PORT,
	[IFLA_VXIP_SRCPORT_MIN]	= VXIP_DEV_A_SRCPORT_MIN,
	[IFLA_VXIP_SRCPORT_MAX]	= VXIP_DEV_A_SRCPORT_MAX,
	[IFLA_VXIP_TTL]		= VXIP_DEV_A_TTL,
	[IFLA_VXIP_TTL_INHERIT]	= VXIP_DEV_A_TTL_INHERIT,
	[IFLA_VXIP_TOS]		= VXIP_DEV_A_TOS,
	[IFLA_VXIP_TOS_INHERIT]	= VXIP_DEV_A_TOS_INHERIT,
	[IFLA_VXIP_DF]		= VXIP_DEV_A_DF,
	[IFLA_VXIP_UDP_CSUM]	= VXIP_DEV_A_UDP_CSUM,
	[IFLA_VXIP_LEARNING]	= VXIP_DEV_A_LEARNING,
	[IFLA_VXIP_AGEING]	= VXIP_DEV_A_AGEING,
	[IFLA_VXIP_MAX_FDB]	= VXIP_DEV_A_MAX_FDB,
	[IFLA_VXIP_STRICT]	= VXIP_DEV_A_STRICT,
	[IFLA_VXIP_MAX_ROUTES]	= VXIP_DEV_A_MAX_ROUTES,
	[IFLA_VXIP_LOCAL6]	= VXIP_DEV_A_LOCAL6,
	[IFLA_VXIP_UDP6_ZERO_CSUM_TX] = VXIP_DEV_A_UDP6_ZERO_CSUM_TX,
	[IFLA_VXIP_UDP6_ZERO_CSUM_RX] = VXIP_DEV_A_UDP6_ZERO_CSUM_RX,
};

/* ...and back, for the fill. */
static const u8 dev_to_link[VXIP_DEV_A_MAX + 1] = {
	[VXIP_DEV_A_VNI]	 = IFLA_VXIP_VNI,
	[VXIP_DEV_A_LOCAL4]	 = IFLA_VXIP_LOCAL4,
	[VXIP_DEV_A_PORT]	 = IFLA_VXIP_PORT,
	[VXIP_DEV_A_SRCPORT_MIN] = IFLA_VXIP_SRCPORT_MIN,
	[VXIP_DEV_A_SRCPORT_MAX] = IFLA_VXIP_SRCPORT_MAX,
	[VXIP_DEV_A_TTL]	 = IFLA_VXIP_TTL,
	[VXIP_DEV_A_TTL_INHERIT] = IFLA_VXIP_TTL_INHERIT,
	[VXIP_DEV_A_TOS]	 = IFLA_VXIP_TOS,
	[VXIP_DEV_A_TOS_INHERIT] = IFLA_VXIP_TOS_INHERIT,
	[VXIP_DEV_A_DF]		 = IFLA_VXIP_DF,
	[VXIP_DEV_A_UDP_CSUM]	 = IFLA_VXIP_UDP_CSUM,
	[VXIP_DEV_A_LEARNING]	 = IFLA_VXIP_LEARNING,
	[VXIP_DEV_A_AGEING]	 = IFLA_VXIP_AGEING,
	[VXIP_DEV_A_MAX_FDB]	 = IFLA_VXIP_MAX_FDB,
	[VXIP_DEV_A_STRICT]	 = IFLA_VXIP_STRICT,
	[VXIP_DEV_A_MAX_ROUTES]	 = IFLA_VXIP_MAX_ROUTES,
	[VXIP_DEV_A_LOCAL6]	 = IFLA_VXIP_LOCAL6,
	[VXIP_DEV_A_UDP6_ZERO_CSUM_TX] = IFLA_VXIP_UDP6_ZERO_CSUM_TX,
	[VXIP_DEV_A_UDP6_ZERO_CSUM_RX] = IFLA_VXIP_UDP6_ZERO_CSUM_RX,
};

/*
 * rtnetlink parses IFLA_INFO_DATA leniently, skipping attribute types it
 * doesn't know.  Check it again, strictly, so that an attribute from a
 * newer ABI is refused rather than dropped.
 */
int vxip_config_link_validate(struct nlattr *tb[], struct netlink_ext_ack *extack)
{
	struct nlattr *data;

	if (!tb[IFLA_LINKINFO])
		return 0;
	data = nla_find_nested(tb[IFLA_LINKINFO], IFLA_INFO_DATA);
	if (!data)
		return 0;
	return nla_validate_nested(data, IFLA_VXIP_MAX, vxip_link_policy, extack);
}

/* Translate IFLA_INFO_DATA's attributes into a DEV_SET's @tb. */
void vxip_config_link_attrs(struct nlattr *data[], struct nlattr **tb)
{
	int i;

	memset(tb, 0, sizeof(*tb) * (VXIP_DEV_A_MAX + 1));
	for (i = IFLA_VXIP_UNSPEC + 1; i <= IFLA_VXIP_MAX; i++)
		tb[link_to_dev[i]] = data[i];
}

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

/* The type to put VXIP_DEV_A_* attribute @a as: @map's, or @a itself. */
static int attr_type(const u8 *map, int a)
{
	return map ? map[a] : a;
}

static int config_fill(struct sk_buff *skb, const struct vxip_config *cfg,
		       const u8 *map)
{
	if (cfg->vni != VXIP_VNI_NONE &&
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_VNI), cfg->vni))
		return -EMSGSIZE;
	if (cfg->local4 &&
	    nla_put_in_addr(skb, attr_type(map, VXIP_DEV_A_LOCAL4), cfg->local4))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&cfg->local6) &&
	    nla_put_in6_addr(skb, attr_type(map, VXIP_DEV_A_LOCAL6), &cfg->local6))
		return -EMSGSIZE;
	if (nla_put_u32(skb, attr_type(map, VXIP_DEV_A_PORT), cfg->port) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_SRCPORT_MIN), cfg->srcport_min) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_SRCPORT_MAX), cfg->srcport_max) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_TTL), cfg->ttl) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_TTL_INHERIT), cfg->ttl_inherit) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_TOS), cfg->tos) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_TOS_INHERIT), cfg->tos_inherit) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_DF), cfg->df) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_UDP_CSUM), cfg->udp_csum) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_LEARNING), cfg->learning) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_AGEING), cfg->ageing) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_MAX_FDB), cfg->max_fdb) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_STRICT), cfg->strict) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_MAX_ROUTES), cfg->max_routes) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_UDP6_ZERO_CSUM_TX),
			cfg->udp6_zero_csum_tx) ||
	    nla_put_u32(skb, attr_type(map, VXIP_DEV_A_UDP6_ZERO_CSUM_RX),
			cfg->udp6_zero_csum_rx))
		return -EMSGSIZE;
	return 0;
}

/* Put @cfg's attributes into the currently open VXIP_A_DEV nest of @skb. */
int vxip_config_fill(struct sk_buff *skb, const struct vxip_config *cfg)
{
	return config_fill(skb, cfg, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_config_fill);

/* The same, as IFLA_VXIP_* attributes, into an open IFLA_INFO_DATA nest. */
int vxip_config_fill_link(struct sk_buff *skb, const struct vxip_config *cfg)
{
	return config_fill(skb, cfg, dev_to_link);
}

/* Room for vxip_config_fill_link(): 4 bytes each, but for LOCAL6. */
size_t vxip_config_link_size(void)
{
	return IFLA_VXIP_MAX * nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(struct in6_addr));
}

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
	a = tb[VXIP_DEV_A_LOCAL6];
	if (a) {
		struct in6_addr local = nla_get_in6_addr(a);
		int type = ipv6_addr_type(&local);

		if (type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK |
			    IPV6_ADDR_MAPPED | IPV6_ADDR_LINKLOCAL)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Local IPv6 address must be a global unicast address, or :: for automatic");
			return -EINVAL;
		}
		cfg->local6 = local;
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
	if (tb[VXIP_DEV_A_UDP6_ZERO_CSUM_TX])
		cfg->udp6_zero_csum_tx = vxip_attr_bool(tb[VXIP_DEV_A_UDP6_ZERO_CSUM_TX]);
	if (tb[VXIP_DEV_A_UDP6_ZERO_CSUM_RX])
		cfg->udp6_zero_csum_rx = vxip_attr_bool(tb[VXIP_DEV_A_UDP6_ZERO_CSUM_RX]);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_config_apply);
