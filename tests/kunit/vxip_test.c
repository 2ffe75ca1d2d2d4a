// SPDX-License-Identifier: GPL-2.0
/* KUnit suites for vxip's pure logic: config defaults and netlink policies. */

#include <kunit/test.h>
#include <linux/module.h>
#include <net/netlink.h>

#include "compat.h"
#include "vxip.h"

/* --- vxip_config: what a new device starts with ----------------------- */

static void vxip_config_defaults(struct kunit *test)
{
	struct vxip_config cfg;

	memset(&cfg, 0xa5, sizeof(cfg));
	vxip_config_init(&cfg);

	KUNIT_EXPECT_EQ(test, cfg.vni, VXIP_VNI_NONE);
	KUNIT_EXPECT_EQ(test, (__force u32)cfg.local4, 0);
	KUNIT_EXPECT_EQ(test, cfg.port, 4789);
	KUNIT_EXPECT_EQ(test, cfg.srcport_min, 0);
	KUNIT_EXPECT_EQ(test, cfg.srcport_max, 0);
	KUNIT_EXPECT_EQ(test, cfg.ttl, 0);
	KUNIT_EXPECT_FALSE(test, cfg.ttl_inherit);
	KUNIT_EXPECT_EQ(test, cfg.tos, 0);
	KUNIT_EXPECT_FALSE(test, cfg.tos_inherit);
	KUNIT_EXPECT_EQ(test, cfg.df, VXIP_DF_UNSET);
	KUNIT_EXPECT_TRUE(test, cfg.udp_csum);
	KUNIT_EXPECT_FALSE(test, cfg.learning);
	KUNIT_EXPECT_EQ(test, cfg.ageing, 300);
	KUNIT_EXPECT_EQ(test, cfg.max_fdb, 0);
	KUNIT_EXPECT_TRUE(test, cfg.strict);
}

/* The configuration DEV_GET reports parses back into the same values. */
static void vxip_config_fill_roundtrip(struct kunit *test)
{
	struct nlattr *tb[VXIP_DEV_A_MAX + 1];
	struct vxip_config cfg;
	struct sk_buff *skb;
	struct nlattr *nest;
	int err;

	vxip_config_init(&cfg);
	cfg.vni = 0xabcdef;
	cfg.local4 = htonl(0xc0a80001);
	cfg.srcport_min = 40000;
	cfg.srcport_max = 50000;
	cfg.df = VXIP_DF_INHERIT;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, VXIP_A_DEV);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, vxip_config_fill(skb, &cfg), 0);
	nla_nest_end(skb, nest);

	err = nla_parse_nested(tb, VXIP_DEV_A_MAX, nest, vxip_dev_policy, NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[VXIP_DEV_A_VNI]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_VNI]), 0xabcdef);
	KUNIT_ASSERT_NOT_NULL(test, tb[VXIP_DEV_A_LOCAL4]);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(nla_get_in_addr(tb[VXIP_DEV_A_LOCAL4])),
			0xc0a80001);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_PORT]), 4789);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_SRCPORT_MIN]), 40000);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_SRCPORT_MAX]), 50000);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_DF]), VXIP_DF_INHERIT);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_UDP_CSUM]), 1);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_STRICT]), 1);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_AGEING]), 300);
	kfree_skb(skb);
}

/* Defaults say "none" and "automatic" by leaving the attribute out. */
static void vxip_config_fill_omits_unset(struct kunit *test)
{
	struct nlattr *tb[VXIP_DEV_A_MAX + 1];
	struct vxip_config cfg;
	struct sk_buff *skb;
	struct nlattr *nest;

	vxip_config_init(&cfg);
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, VXIP_A_DEV);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, vxip_config_fill(skb, &cfg), 0);
	nla_nest_end(skb, nest);

	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, VXIP_DEV_A_MAX, nest,
					       vxip_dev_policy, NULL), 0);
	KUNIT_EXPECT_NULL(test, tb[VXIP_DEV_A_VNI]);
	KUNIT_EXPECT_NULL(test, tb[VXIP_DEV_A_LOCAL4]);
	KUNIT_EXPECT_NOT_NULL(test, tb[VXIP_DEV_A_PORT]);
	kfree_skb(skb);
}

/* A fill into a buffer too small fails cleanly instead of truncating. */
static void vxip_config_fill_emsgsize(struct kunit *test)
{
	struct vxip_config cfg;
	struct sk_buff *skb;

	vxip_config_init(&cfg);
	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* Room for a few attributes, not for all of them. */
	skb_put(skb, skb_tailroom(skb) - 3 * nla_total_size(sizeof(u32)));
	KUNIT_EXPECT_EQ(test, vxip_config_fill(skb, &cfg), -EMSGSIZE);
	kfree_skb(skb);
}

static struct kunit_case vxip_config_cases[] = {
	KUNIT_CASE(vxip_config_defaults),
	KUNIT_CASE(vxip_config_fill_roundtrip),
	KUNIT_CASE(vxip_config_fill_omits_unset),
	KUNIT_CASE(vxip_config_fill_emsgsize),
	{}
};

static struct kunit_suite vxip_config_suite = {
	.name = "vxip_config",
	.test_cases = vxip_config_cases,
};

/* --- vxip_policy: what the family accepts and rejects ----------------- */

enum policy_val { VAL_U32, VAL_U16, VAL_STR };

struct policy_case {
	const char *desc;
	bool in_dev_nest;	/* inside VXIP_A_DEV, else top level */
	int attr;
	enum policy_val kind;
	u32 u;
	const char *s;
	int err;		/* 0 or the expected errno */
};

static const struct policy_case policy_cases[] = {
	{ "ifindex 1 accepted", false, VXIP_A_IFINDEX, VAL_U32, 1, NULL, 0 },
	{ "ifindex 0 rejected", false, VXIP_A_IFINDEX, VAL_U32, 0, NULL, -ERANGE },
	{ "ifindex as u16 rejected", false, VXIP_A_IFINDEX, VAL_U16, 1, NULL, -EINVAL },
	{ "ifname accepted", false, VXIP_A_IFNAME, VAL_STR, 0, "vxip0", 0 },
	{ "ifname of IFNAMSIZ chars rejected", false, VXIP_A_IFNAME, VAL_STR, 0,
	  "0123456789abcdef", -EINVAL },
	{ "unknown top-level attribute rejected", false, VXIP_A_MAX + 1, VAL_U32,
	  1, NULL, -EINVAL },
	{ "vni 0 accepted", true, VXIP_DEV_A_VNI, VAL_U32, 0, NULL, 0 },
	{ "vni 2^24-1 accepted", true, VXIP_DEV_A_VNI, VAL_U32, 0xffffff, NULL, 0 },
	{ "vni 2^24 rejected", true, VXIP_DEV_A_VNI, VAL_U32, 0x1000000, NULL, -ERANGE },
	{ "port 0 rejected", true, VXIP_DEV_A_PORT, VAL_U32, 0, NULL, -ERANGE },
	{ "port 65535 accepted", true, VXIP_DEV_A_PORT, VAL_U32, 65535, NULL, 0 },
	{ "port 65536 rejected", true, VXIP_DEV_A_PORT, VAL_U32, 65536, NULL, -ERANGE },
	{ "srcport 65536 rejected", true, VXIP_DEV_A_SRCPORT_MAX, VAL_U32, 65536,
	  NULL, -ERANGE },
	{ "ttl 255 accepted", true, VXIP_DEV_A_TTL, VAL_U32, 255, NULL, 0 },
	{ "ttl 256 rejected", true, VXIP_DEV_A_TTL, VAL_U32, 256, NULL, -ERANGE },
	{ "tos 256 rejected", true, VXIP_DEV_A_TOS, VAL_U32, 256, NULL, -ERANGE },
	{ "df inherit accepted", true, VXIP_DEV_A_DF, VAL_U32, VXIP_DF_INHERIT, NULL, 0 },
	{ "df 3 rejected", true, VXIP_DEV_A_DF, VAL_U32, 3, NULL, -ERANGE },
	{ "boolean 2 rejected", true, VXIP_DEV_A_LEARNING, VAL_U32, 2, NULL, -ERANGE },
	{ "ageing 0 rejected", true, VXIP_DEV_A_AGEING, VAL_U32, 0, NULL, -ERANGE },
	{ "ageing one week accepted", true, VXIP_DEV_A_AGEING, VAL_U32,
	  VXIP_AGEING_MAX, NULL, 0 },
	{ "ageing over one week rejected", true, VXIP_DEV_A_AGEING, VAL_U32,
	  VXIP_AGEING_MAX + 1, NULL, -ERANGE },
	{ "unknown device attribute rejected", true, VXIP_DEV_A_MAX + 1, VAL_U32,
	  1, NULL, -EINVAL },
};

static void policy_case_desc(const struct policy_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vxip_policy, policy_cases, policy_case_desc);

static int put_val(struct sk_buff *skb, const struct policy_case *c)
{
	switch (c->kind) {
	case VAL_U32:
		return nla_put_u32(skb, c->attr, c->u);
	case VAL_U16:
		return nla_put_u16(skb, c->attr, c->u);
	case VAL_STR:
		return nla_put_string(skb, c->attr, c->s);
	}
	return -EINVAL;
}

static void vxip_policy_check(struct kunit *test)
{
	const struct policy_case *c = test->param_value;
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[VXIP_A_MAX + 1];
	struct nlattr *start, *nest;
	struct sk_buff *skb;
	int err;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	start = (struct nlattr *)skb_tail_pointer(skb);
	if (c->in_dev_nest) {
		nest = nla_nest_start(skb, VXIP_A_DEV);
		KUNIT_ASSERT_NOT_NULL(test, nest);
		KUNIT_ASSERT_EQ(test, put_val(skb, c), 0);
		nla_nest_end(skb, nest);
	} else {
		KUNIT_ASSERT_EQ(test, put_val(skb, c), 0);
	}

	err = nla_parse(tb, VXIP_A_MAX, start,
			skb_tail_pointer(skb) - (unsigned char *)start,
			vxip_genl_policy, &extack);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->err)
		/* The requester is told which attribute is wrong. */
		KUNIT_EXPECT_NOT_NULL(test, extack.bad_attr);
	kfree_skb(skb);
}

/* Every device attribute has a policy entry, so none skips validation. */
static void vxip_policy_complete(struct kunit *test)
{
	int i;

	for (i = VXIP_DEV_A_PAD + 1; i <= VXIP_DEV_A_MAX; i++)
		KUNIT_EXPECT_NE_MSG(test, vxip_dev_policy[i].type, NLA_UNSPEC,
				    "device attribute %d has no policy", i);
	KUNIT_EXPECT_EQ(test, vxip_genl_policy[VXIP_A_DEV].type, NLA_NESTED);
	KUNIT_EXPECT_PTR_EQ(test,
			    (const void *)vxip_genl_policy[VXIP_A_DEV].nested_policy,
			    (const void *)vxip_dev_policy);
}

static struct kunit_case vxip_policy_cases[] = {
	KUNIT_CASE_PARAM(vxip_policy_check, vxip_policy_gen_params),
	KUNIT_CASE(vxip_policy_complete),
	{}
};

static struct kunit_suite vxip_policy_suite = {
	.name = "vxip_policy",
	.test_cases = vxip_policy_cases,
};

kunit_test_suites(&vxip_config_suite, &vxip_policy_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for vxip");
VXIP_IMPORT_KUNIT_NS();
