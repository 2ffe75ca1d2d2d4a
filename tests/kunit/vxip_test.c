// SPDX-License-Identifier: GPL-2.0
/* KUnit suites for vxip's pure logic: config defaults and netlink policies. */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/inet.h>
#include <linux/prandom.h>
#include <linux/rhashtable.h>
#include <net/ipv6.h>
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
	KUNIT_EXPECT_FALSE(test, cfg.udp6_zero_csum_tx);
	KUNIT_EXPECT_FALSE(test, cfg.udp6_zero_csum_rx);
	KUNIT_EXPECT_FALSE(test, cfg.learning);
	KUNIT_EXPECT_EQ(test, cfg.ageing, 300);
	KUNIT_EXPECT_EQ(test, cfg.max_fdb, 0);
	KUNIT_EXPECT_TRUE(test, cfg.strict);
}

/* @cfg filled into a DEV nest and parsed back into @tb; the caller frees. */
static struct sk_buff *fill_and_parse(struct kunit *test,
				      const struct vxip_config *cfg,
				      struct nlattr **tb)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	struct nlattr *nest;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, VXIP_A_DEV);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, vxip_config_fill(skb, cfg), 0);
	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, VXIP_DEV_A_MAX, nest,
					       vxip_dev_policy, NULL), 0);
	return skb;
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
	cfg.udp6_zero_csum_rx = true;

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
	KUNIT_ASSERT_NOT_NULL(test, tb[VXIP_DEV_A_UDP6_ZERO_CSUM_TX]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_UDP6_ZERO_CSUM_TX]), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[VXIP_DEV_A_UDP6_ZERO_CSUM_RX]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[VXIP_DEV_A_UDP6_ZERO_CSUM_RX]), 1);
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

	vxip_config_init(&cfg);
	skb = fill_and_parse(test, &cfg, tb);
	KUNIT_EXPECT_NULL(test, tb[VXIP_DEV_A_VNI]);
	KUNIT_EXPECT_NULL(test, tb[VXIP_DEV_A_LOCAL6]);
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
	{ "vni as u16 rejected", true, VXIP_DEV_A_VNI, VAL_U16, 1, NULL, -EINVAL },
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

/* --- vxip_config_apply: DEV_SET's cross-attribute rules ---------------- */

/* Apply one u32 device attribute to the defaults. */
static int apply_u32(struct vxip_config *cfg, int type, u32 v,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXIP_DEV_A_MAX + 1] = {};
	struct {
		struct nlattr nla;
		u32 v;
	} a = { .nla = { .nla_len = nla_attr_size(4), .nla_type = type }, .v = v };

	tb[type] = &a.nla;
	return vxip_config_apply(cfg, tb, extack);
}

static void vxip_config_apply_vni(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vxip_config cfg;

	vxip_config_init(&cfg);
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_VNI, 0xffffff, &extack), 0);
	KUNIT_EXPECT_EQ(test, cfg.vni, 0xffffff);
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_VNI, VXIP_VNI_NONE, &extack), 0);
	KUNIT_EXPECT_EQ(test, cfg.vni, VXIP_VNI_NONE);
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_VNI, 0x1000000, &extack),
			-ERANGE);
	/* A NULL message would oops in strcmp(): fail the case instead. */
	KUNIT_ASSERT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "VNI must be 0-16777215, or 0xffffffff for none");
}

static void vxip_config_apply_srcport(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vxip_config cfg;

	vxip_config_init(&cfg);
	/* Only one end of the range: the other is still 0. */
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_SRCPORT_MIN, 40000, &extack),
			-EINVAL);
	vxip_config_init(&cfg);
	cfg.srcport_max = 30000;
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_SRCPORT_MIN, 40000, &extack),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	cfg.srcport_max = 50000;
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_SRCPORT_MIN, 40000, &extack),
			0);
	KUNIT_EXPECT_EQ(test, cfg.srcport_min, 40000);
}

static void vxip_config_apply_local(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vxip_config cfg;

	vxip_config_init(&cfg);
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_LOCAL4,
					(__force u32)htonl(0xe0000001), &extack),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_LOCAL4,
					(__force u32)htonl(0xc0a80001), &extack), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(cfg.local4), 0xc0a80001);
	/* 0.0.0.0 goes back to automatic. */
	KUNIT_EXPECT_EQ(test, apply_u32(&cfg, VXIP_DEV_A_LOCAL4, 0, &extack), 0);
	KUNIT_EXPECT_EQ(test, (__force u32)cfg.local4, 0);
}

/* Apply a 16-byte LOCAL6 attribute alone. */
static int apply_local6(struct vxip_config *cfg, const char *text,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXIP_DEV_A_MAX + 1] = {};
	struct {
		struct nlattr nla;
		struct in6_addr a;
	} a = { .nla = { .nla_len = nla_attr_size(16),
			 .nla_type = VXIP_DEV_A_LOCAL6 } };

	if (in6_pton(text, -1, a.a.s6_addr, -1, NULL) != 1)
		return -EBADMSG;	/* the test's own text */
	tb[VXIP_DEV_A_LOCAL6] = &a.nla;
	return vxip_config_apply(cfg, tb, extack);
}

/*
 * The IPv6 local address: global unicast or :: (automatic); the IPv4 one
 * stays as it was; it fills back, and :: is left out.
 */
static void vxip_config_apply_local6(struct kunit *test)
{
	static const char *const bad[] = {
		"ff02::1", "::1", "fe80::1", "::ffff:192.168.0.1",
	};
	struct nlattr *tb[VXIP_DEV_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct vxip_config cfg;
	struct in6_addr want;
	struct sk_buff *skb;
	unsigned int i;

	vxip_config_init(&cfg);
	cfg.local4 = htonl(0xc0a80001);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		extack._msg = NULL;
		KUNIT_EXPECT_EQ_MSG(test, apply_local6(&cfg, bad[i], &extack),
				    -EINVAL, "%s", bad[i]);
		/* No message is a failure, not a NULL for strcmp(). */
		KUNIT_ASSERT_NOT_NULL_MSG(test, extack._msg, "%s", bad[i]);
		KUNIT_EXPECT_STREQ(test, extack._msg,
				   "Local IPv6 address must be a global unicast address, or :: for automatic");
	}
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&cfg.local6));
	KUNIT_EXPECT_EQ(test, apply_local6(&cfg, "fd00::1", &extack), 0);
	KUNIT_ASSERT_EQ(test, in6_pton("fd00::1", -1, want.s6_addr, -1, NULL), 1);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&cfg.local6, &want));
	KUNIT_EXPECT_EQ(test, be32_to_cpu(cfg.local4), 0xc0a80001);

	skb = fill_and_parse(test, &cfg, tb);
	KUNIT_ASSERT_NOT_NULL(test, tb[VXIP_DEV_A_LOCAL6]);
	want = nla_get_in6_addr(tb[VXIP_DEV_A_LOCAL6]);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&cfg.local6, &want));
	kfree_skb(skb);

	KUNIT_EXPECT_EQ(test, apply_local6(&cfg, "::", &extack), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&cfg.local6));
}

static struct kunit_case vxip_config_apply_cases[] = {
	KUNIT_CASE(vxip_config_apply_vni),
	KUNIT_CASE(vxip_config_apply_srcport),
	KUNIT_CASE(vxip_config_apply_local),
	KUNIT_CASE(vxip_config_apply_local6),
	{}
};

static struct kunit_suite vxip_config_apply_suite = {
	.name = "vxip_config_apply",
	.test_cases = vxip_config_apply_cases,
};

/* --- vxip_vxlan: the header on the wire ------------------------------ */

static void vxip_vxlan_roundtrip(struct kunit *test)
{
	static const u32 vnis[] = { 0, 1, 42, 0x123456, 0xffffff };
	u8 hdr[8];
	unsigned int i;
	u32 vni;

	for (i = 0; i < ARRAY_SIZE(vnis); i++) {
		vxip_vxlan_build(hdr, vnis[i]);
		KUNIT_EXPECT_EQ(test, vxip_vxlan_parse(hdr, &vni), 0);
		KUNIT_EXPECT_EQ(test, vni, vnis[i]);
	}
}

/* RFC 7348 section 5: I flag 0x08, VNI in bytes 4-6, the rest zero. */
static void vxip_vxlan_wire_bytes(struct kunit *test)
{
	static const u8 want[8] = { 0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0 };
	u8 hdr[8];

	memset(hdr, 0xff, sizeof(hdr));
	vxip_vxlan_build(hdr, 0x123456);
	KUNIT_EXPECT_EQ(test, memcmp(hdr, want, sizeof(want)), 0);
}

struct vxlan_bad {
	const char *desc;
	u8 hdr[8];
	u32 vni;
};

static const struct vxlan_bad vxlan_bad_cases[] = {
	{ "I flag missing", { 0x00, 0, 0, 0, 0, 0, 42, 0 }, 42 },
	{ "other flag set", { 0x88, 0, 0, 0, 0, 0, 42, 0 }, 42 },
	{ "reserved byte 1", { 0x08, 1, 0, 0, 0, 0, 42, 0 }, 42 },
	{ "reserved byte 3", { 0x08, 0, 0, 0x80, 0, 0, 42, 0 }, 42 },
	{ "reserved last byte", { 0x08, 0, 0, 0, 0, 0, 42, 1 }, 42 },
};

static void vxlan_bad_desc(const struct vxlan_bad *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vxlan_bad, vxlan_bad_cases, vxlan_bad_desc);

/* A bad header is refused, but its VNI is still read to blame a device. */
static void vxip_vxlan_rejects(struct kunit *test)
{
	const struct vxlan_bad *c = test->param_value;
	u32 vni = 0;

	KUNIT_EXPECT_EQ(test, vxip_vxlan_parse(c->hdr, &vni), -EINVAL);
	KUNIT_EXPECT_EQ(test, vni, c->vni);
}

static struct kunit_case vxip_vxlan_cases[] = {
	KUNIT_CASE(vxip_vxlan_roundtrip),
	KUNIT_CASE(vxip_vxlan_wire_bytes),
	KUNIT_CASE_PARAM(vxip_vxlan_rejects, vxlan_bad_gen_params),
	{}
};

static struct kunit_suite vxip_vxlan_suite = {
	.name = "vxip_vxlan",
	.test_cases = vxip_vxlan_cases,
};

/* --- vxip_tables: peers, FDB, neighbours, flood list, flush ----------- */

static struct in6_addr addr4(u32 host)
{
	struct in6_addr a;

	vxip_addr_set4(&a, htonl(host));
	return a;
}

static int tables_init(struct kunit *test)
{
	struct vxip_tables *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t || vxip_tables_init(t))
		return -ENOMEM;
	test->priv = t;
	return 0;
}

static void tables_exit(struct kunit *test)
{
	vxip_tables_destroy(test->priv);
	/* Entries are freed after a grace period; let them go before the
	 * memory accounting of the next case.
	 */
	rcu_barrier();
}

static struct vxip_peer *add_peer(struct kunit *test, u32 host, u8 owner,
				  u32 gen)
{
	struct in6_addr a = addr4(host);
	struct vxip_peer *p;

	p = vxip_peer_create(&a, VXIP_ENCAP_VXLAN, 0, owner, gen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, vxip_peer_insert(test->priv, p), 0);
	return p;
}

static int add_fdb(struct kunit *test, u8 last, struct vxip_peer *p, u8 flags,
		   u8 owner, u32 gen, bool replace, u32 max,
		   const struct in6_addr *ips, unsigned int n)
{
	const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, last };
	struct netlink_ext_ack extack = {};
	struct vxip_fdb *f;
	int err;

	f = vxip_fdb_create(mac, p, flags, owner, gen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, vxip_fdb_set_ips(f, ips, n, GFP_KERNEL), 0);
	err = vxip_fdb_insert(test->priv, f, replace, max, &extack);
	if (err)
		vxip_fdb_free(f);
	return err;
}

static struct vxip_peer *fdb_peer(struct kunit *test, u8 last)
{
	const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, last };
	struct vxip_peer *p = NULL;
	struct vxip_fdb *f;

	rcu_read_lock();
	f = vxip_fdb_lookup(test->priv, mac);
	if (f)
		p = f->peer;
	rcu_read_unlock();
	return p;
}

static void vxip_tables_peer_unique(struct kunit *test)
{
	struct vxip_tables *t = test->priv;
	struct in6_addr a = addr4(0xc0a80002);
	struct vxip_peer *p, *dup;

	p = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	KUNIT_EXPECT_PTR_EQ(test, vxip_peer_lookup(t, &a), p);
	dup = vxip_peer_create(&a, VXIP_ENCAP_VXLAN, 0, VXIP_OWNER_EVPN, 1,
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dup);
	KUNIT_EXPECT_EQ(test, vxip_peer_insert(t, dup), -EEXIST);
	vxip_peer_free(dup);
	KUNIT_EXPECT_EQ(test, t->n_peers, 1);
}

static void vxip_tables_fdb_new_replace(struct kunit *test)
{
	struct vxip_tables *t = test->priv;
	struct vxip_peer *p1, *p2;

	p1 = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	p2 = add_peer(test, 0xc0a80003, VXIP_OWNER_STATIC, 0);
	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p1, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, false, 0, NULL, 0), 0);
	/* NEW of an existing MAC fails and changes nothing. */
	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p2, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, false, 0, NULL, 0),
			-EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 1), p1);
	/* REPLACE moves it. */
	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p2, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, true, 0, NULL, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 1), p2);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->n_fdb), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&p1->n_fdb), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p2->n_fdb), 1);
	KUNIT_EXPECT_EQ(test, vxip_fdb_delete(t, (u8[]){ 2, 0, 0, 0, 0, 1 }, 0, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, vxip_fdb_delete(t, (u8[]){ 2, 0, 0, 0, 0, 1 }, 0, NULL, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->n_fdb), 0);
}

/*
 * One MAC behind two peers (EVPN aliasing): both count the entry and stay
 * held by it; flows spread over both, and each flow keeps to one; a flush
 * by either peer takes the entry; a replacement by one peer frees the
 * other.
 */
static void vxip_tables_fdb_two_peers(struct kunit *test)
{
	const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 1 };
	struct vxip_flush_filter by_q = { .scope = VXIP_FLUSH_FDB };
	struct netlink_ext_ack extack = {};
	struct vxip_tables *t = test->priv;
	unsigned int hits[2] = {}, i;
	struct vxip_flush_result res;
	struct vxip_peer *p, *q, *got;
	struct vxip_nh nh = { .n = 2 };
	struct sk_buff *skb;
	struct vxip_fdb *f;

	p = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	q = add_peer(test, 0xc0a80003, VXIP_OWNER_STATIC, 0);
	nh.peer[0] = p;
	nh.peer[1] = q;
	f = vxip_fdb_create(mac, p, VXIP_FDB_F_STATIC, VXIP_OWNER_EVPN, 1,
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, vxip_nhs_make(&nh, &f->nhs, GFP_KERNEL), 0);
	KUNIT_ASSERT_NOT_NULL(test, f->nhs);
	KUNIT_ASSERT_EQ(test, vxip_fdb_insert(t, f, false, 0, &extack), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->n_fdb), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&q->n_fdb), 1);

	skb = alloc_skb(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	for (i = 0; i < 64; i++) {
		skb_set_hash(skb, get_random_u32(), PKT_HASH_TYPE_L4);
		got = vxip_nh_pick(f->peer, f->nhs, skb);
		KUNIT_EXPECT_TRUE(test, got == p || got == q);
		hits[got == q]++;
		/* The same flow always takes the same peer. */
		KUNIT_EXPECT_PTR_EQ(test, vxip_nh_pick(f->peer, f->nhs, skb), got);
	}
	kfree_skb(skb);
	/* 64 random flows all on one peer: p = 2^-63. */
	KUNIT_EXPECT_GT(test, hits[0], 0U);
	KUNIT_EXPECT_GT(test, hits[1], 0U);

	/* A flush by the second peer matches the entry. */
	by_q.peer = q;
	KUNIT_EXPECT_TRUE(test, vxip_flush_match(&by_q, f->owner, f->gen,
						 f->peer, f->nhs));
	by_q.peer = add_peer(test, 0xc0a80004, VXIP_OWNER_STATIC, 0);
	KUNIT_EXPECT_FALSE(test, vxip_flush_match(&by_q, f->owner, f->gen,
						  f->peer, f->nhs));

	/* Replaced by an entry on q alone: p no longer counts it. */
	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, q, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 2, true, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->n_fdb), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&q->n_fdb), 1);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 1), q);

	by_q.peer = q;
	vxip_flush(t, &by_q, &res);
	KUNIT_EXPECT_EQ(test, res.n_fdb, 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&q->n_fdb), 0);
}

static void vxip_tables_fdb_limit(struct kunit *test)
{
	struct vxip_peer *p = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);

	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, false, 2, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, add_fdb(test, 2, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, false, 2, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, add_fdb(test, 3, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, false, 2, NULL, 0),
			-ENOSPC);
	/* A full table still takes replacements. */
	KUNIT_EXPECT_EQ(test, add_fdb(test, 2, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 1, true, 2, NULL, 0), 0);
	KUNIT_EXPECT_NULL(test, fdb_peer(test, 3));
}

static void vxip_tables_fdb_sticky(struct kunit *test)
{
	struct vxip_peer *p1 = add_peer(test, 0xc0a80002, VXIP_OWNER_EVPN, 0);
	struct vxip_peer *p2 = add_peer(test, 0xc0a80003, VXIP_OWNER_EVPN, 0);

	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p1,
				      VXIP_FDB_F_STATIC | VXIP_FDB_F_STICKY,
				      VXIP_OWNER_EVPN, 0, false, 0, NULL, 0), 0);
	/* Another owner cannot move a sticky MAC... */
	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p2, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_GOSSIP, 0, true, 0, NULL, 0),
			-EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 1), p1);
	/* ...its owner can. */
	KUNIT_EXPECT_EQ(test, add_fdb(test, 1, p2, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 1, true, 0, NULL, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 1), p2);
}

static bool neigh_is(struct kunit *test, u32 host, u8 last)
{
	struct in6_addr ip = addr4(host);
	const u8 *mac;
	bool ok;

	rcu_read_lock();
	mac = vxip_neigh_lookup(test->priv, &ip);
	ok = last ? mac && mac[5] == last : !mac;
	rcu_read_unlock();
	return ok;
}

static void vxip_tables_neigh(struct kunit *test)
{
	struct vxip_peer *p = add_peer(test, 0xc0a80002, VXIP_OWNER_EVPN, 0);
	struct in6_addr ips[2] = { addr4(0x0af40001), addr4(0x0af40002) };

	KUNIT_ASSERT_EQ(test, add_fdb(test, 1, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 0, false, 0, ips, 2), 0);
	KUNIT_EXPECT_TRUE(test, neigh_is(test, 0x0af40001, 1));
	KUNIT_EXPECT_TRUE(test, neigh_is(test, 0x0af40002, 1));
	/* The second address moves to another MAC. */
	KUNIT_ASSERT_EQ(test, add_fdb(test, 2, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 0, false, 0, &ips[1], 1), 0);
	KUNIT_EXPECT_TRUE(test, neigh_is(test, 0x0af40002, 2));
	/* Replacing MAC 1 without its first address unbinds only that one. */
	KUNIT_ASSERT_EQ(test, add_fdb(test, 1, p, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 1, true, 0, NULL, 0), 0);
	KUNIT_EXPECT_TRUE(test, neigh_is(test, 0x0af40001, 0));
	KUNIT_EXPECT_TRUE(test, neigh_is(test, 0x0af40002, 2));
	/* Deleting MAC 2 takes its address with it. */
	KUNIT_EXPECT_EQ(test, vxip_fdb_delete(test->priv, (u8[]){ 2, 0, 0, 0, 0, 2 }, 0,
					      NULL, NULL), 0);
	KUNIT_EXPECT_TRUE(test, neigh_is(test, 0x0af40002, 0));
}

static void vxip_tables_peer_remove(struct kunit *test)
{
	struct vxip_tables *t = test->priv;
	struct vxip_peer *p1 = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	struct vxip_peer *p2 = add_peer(test, 0xc0a80003, VXIP_OWNER_STATIC, 0);
	struct in6_addr a1 = addr4(0xc0a80002);
	u8 i;

	for (i = 1; i <= 10; i++)
		KUNIT_ASSERT_EQ(test, add_fdb(test, i, i <= 7 ? p1 : p2,
					      VXIP_FDB_F_STATIC, VXIP_OWNER_STATIC,
					      0, false, 0, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, vxip_flood_set(t, p1, true), 0);
	KUNIT_ASSERT_EQ(test, vxip_flood_set(t, p2, true), 0);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 2);

	struct vxip_flush_result res = {};

	vxip_peer_remove(t, p1, &res);
	KUNIT_EXPECT_EQ(test, res.n_fdb, 7);
	KUNIT_EXPECT_EQ(test, res.n_peers, 1);
	KUNIT_EXPECT_EQ(test, res.n_flood, 1);
	KUNIT_EXPECT_NULL(test, vxip_peer_lookup(t, &a1));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->n_fdb), 3);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 1);
	KUNIT_EXPECT_NULL(test, fdb_peer(test, 1));
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 8), p2);
	KUNIT_EXPECT_EQ(test, t->n_peers, 1);
}

/* @owner wants @p on the flood list, as FLOOD_NEW has it. */
static void flood_claim(struct kunit *test, struct vxip_peer *p, u8 owner,
			u32 gen)
{
	KUNIT_ASSERT_EQ(test, vxip_peer_claim(p, owner, VXIP_CLAIM_FLOOD, gen), 0);
	if (!p->flood)
		KUNIT_ASSERT_EQ(test, vxip_flood_set(test->priv, p, true), 0);
}

static void vxip_tables_flush_owner_gen(struct kunit *test)
{
	struct vxip_flush_filter f = { .scope = VXIP_FLUSH_ALL,
				       .owner = VXIP_OWNER_EVPN,
				       .has_gen = true, .gen_below = 5 };
	struct vxip_tables *t = test->priv;
	struct vxip_flush_result res;
	struct vxip_peer *old, *cur, *op;

	old = add_peer(test, 0xc0a80002, VXIP_OWNER_EVPN, 4);
	cur = add_peer(test, 0xc0a80003, VXIP_OWNER_EVPN, 5);
	op = add_peer(test, 0xc0a80004, VXIP_OWNER_STATIC, 0);
	flood_claim(test, old, VXIP_OWNER_EVPN, 4);
	/* Stale EVPN entries on a current peer, current ones, an operator's. */
	KUNIT_ASSERT_EQ(test, add_fdb(test, 1, cur, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 4, false, 0, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, add_fdb(test, 2, cur, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 5, false, 0, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, add_fdb(test, 3, op, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, false, 0, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, add_fdb(test, 4, old, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_EVPN, 5, false, 0, NULL, 0), 0);

	vxip_flush(t, &f, &res);
	/* MAC 1 by its generation; the stale peer's claims go, but MAC 4,
	 * current, still uses it: it stays, off the flood list.
	 */
	KUNIT_EXPECT_EQ(test, res.n_fdb, 1);
	KUNIT_EXPECT_EQ(test, res.n_peers, 0);
	KUNIT_EXPECT_EQ(test, res.n_flood, 1);
	KUNIT_EXPECT_NULL(test, fdb_peer(test, 1));
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 2), cur);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 3), op);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 4), old);
	KUNIT_EXPECT_NULL(test, vxip_claim_find(old, VXIP_OWNER_EVPN, 0));
	KUNIT_EXPECT_FALSE(test, old->flood);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 0);
	KUNIT_EXPECT_EQ(test, t->n_peers, 3);

	/* The next sweep takes MACs 2 and 4, and the peers they held. */
	f.gen_below = 6;
	vxip_flush(t, &f, &res);
	KUNIT_EXPECT_EQ(test, res.n_fdb, 2);
	KUNIT_EXPECT_EQ(test, res.n_peers, 2);
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 3), op);
	KUNIT_EXPECT_EQ(test, t->n_peers, 1);
}

/*
 * Two owners share a peer: EVPN's FDB entries and claim, gossip's claim and
 * flood-list membership.  Gossip's sweep leaves EVPN's entries and the peer;
 * EVPN letting go of its claim leaves the peer to its entries; their flush
 * takes the peer along.
 */
static void vxip_tables_two_owners(struct kunit *test)
{
	struct vxip_flush_filter gossip = { .scope = VXIP_FLUSH_ALL,
					    .owner = VXIP_OWNER_GOSSIP,
					    .has_gen = true, .gen_below = 8 };
	struct vxip_flush_filter evpn = { .scope = VXIP_FLUSH_FDB,
					  .owner = VXIP_OWNER_EVPN };
	struct in6_addr a = addr4(0xc0a80002);
	struct vxip_tables *t = test->priv;
	struct vxip_flush_result res;
	struct vxip_peer *p;
	u8 i;

	p = add_peer(test, 0xc0a80002, VXIP_OWNER_EVPN, 1);
	KUNIT_ASSERT_EQ(test, vxip_peer_claim(p, VXIP_OWNER_GOSSIP,
					      VXIP_CLAIM_PEER, 7), 0);
	flood_claim(test, p, VXIP_OWNER_GOSSIP, 7);
	/* A resync repeats a membership: one claim, its generation new. */
	flood_claim(test, p, VXIP_OWNER_GOSSIP, 7);
	for (i = 1; i <= 3; i++)
		KUNIT_ASSERT_EQ(test, add_fdb(test, i, p, VXIP_FDB_F_STATIC,
					      VXIP_OWNER_EVPN, 1, false, 0,
					      NULL, 0), 0);

	vxip_flush(t, &gossip, &res);
	KUNIT_EXPECT_EQ(test, res.n_fdb, 0);
	KUNIT_EXPECT_EQ(test, res.n_flood, 1);
	KUNIT_EXPECT_EQ(test, res.n_peers, 0);
	KUNIT_EXPECT_PTR_EQ(test, vxip_peer_lookup(t, &a), p);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->n_fdb), 3);
	KUNIT_EXPECT_NULL(test, vxip_claim_find(p, VXIP_OWNER_GOSSIP, 0));
	KUNIT_EXPECT_NOT_NULL(test, vxip_claim_find(p, VXIP_OWNER_EVPN,
						    VXIP_CLAIM_PEER));
	KUNIT_EXPECT_FALSE(test, p->flood);

	/* EVPN lets go of the peer: its entries still hold it. */
	KUNIT_EXPECT_EQ(test, vxip_peer_unclaim(t, p, VXIP_OWNER_EVPN,
						VXIP_CLAIM_PEER), 0);
	KUNIT_EXPECT_EQ(test, vxip_peer_unclaim(t, p, VXIP_OWNER_EVPN,
						VXIP_CLAIM_PEER), -ENOENT);
	KUNIT_EXPECT_FALSE(test, vxip_peer_gc(t, p, NULL));
	KUNIT_EXPECT_PTR_EQ(test, vxip_peer_lookup(t, &a), p);

	/* Its entries' flush: the peer goes with the last of them. */
	vxip_flush(t, &evpn, &res);
	KUNIT_EXPECT_EQ(test, res.n_fdb, 3);
	KUNIT_EXPECT_EQ(test, res.n_peers, 1);
	KUNIT_EXPECT_NULL(test, vxip_peer_lookup(t, &a));
	KUNIT_EXPECT_EQ(test, t->n_peers, 0);
}

/* A peer holds claims by VXIP_PEER_CLAIMS owners at most; a slot frees. */
static void vxip_tables_claims_full(struct kunit *test)
{
	struct vxip_peer *p = add_peer(test, 0xc0a80002, 10, 0);
	u8 o;

	for (o = 11; o < 10 + VXIP_PEER_CLAIMS; o++)
		KUNIT_EXPECT_EQ(test, vxip_peer_claim(p, o, VXIP_CLAIM_PEER, 0), 0);
	KUNIT_EXPECT_EQ(test, vxip_peer_claim(p, 200, VXIP_CLAIM_PEER, 0), -ENOSPC);
	/* An owner already holding it adds the flood part in its own slot. */
	KUNIT_EXPECT_EQ(test, vxip_peer_claim(p, 12, VXIP_CLAIM_FLOOD, 3), 0);
	KUNIT_EXPECT_PTR_EQ(test, vxip_claim_find(p, 12, VXIP_CLAIM_FLOOD),
			    vxip_claim_find(p, 12, VXIP_CLAIM_PEER));
	KUNIT_EXPECT_EQ(test, vxip_peer_unclaim(test->priv, p, 11,
						VXIP_CLAIM_PEER), 0);
	KUNIT_EXPECT_EQ(test, vxip_peer_claim(p, 200, VXIP_CLAIM_PEER, 0), 0);
}

static void vxip_tables_flush_match(struct kunit *test)
{
	struct vxip_flush_filter any = { .scope = VXIP_FLUSH_ALL };
	struct vxip_flush_filter gen = { .has_gen = true, .gen_below = 0 };
	struct vxip_peer *p = (struct vxip_peer *)&any, *q = (struct vxip_peer *)&gen;
	struct vxip_flush_filter by_peer = { .peer = p };

	KUNIT_EXPECT_TRUE(test, vxip_flush_match(&any, VXIP_OWNER_LEARNED, 7, NULL, NULL));
	/* Nothing is below generation 0. */
	KUNIT_EXPECT_FALSE(test, vxip_flush_match(&gen, VXIP_OWNER_EVPN, 0, NULL, NULL));
	gen.gen_below = 1;
	KUNIT_EXPECT_TRUE(test, vxip_flush_match(&gen, VXIP_OWNER_EVPN, 0, NULL, NULL));
	KUNIT_EXPECT_FALSE(test, vxip_flush_match(&gen, VXIP_OWNER_EVPN, 1, NULL, NULL));
	KUNIT_EXPECT_TRUE(test, vxip_flush_match(&by_peer, VXIP_OWNER_EVPN, 0, p, NULL));
	KUNIT_EXPECT_FALSE(test, vxip_flush_match(&by_peer, VXIP_OWNER_EVPN, 0, q, NULL));
}

/* The peers on the flood list, in order, as the datapath walks it. */
static unsigned int flood_walk(struct vxip_tables *t, struct vxip_peer **out,
			       unsigned int max)
{
	struct vxip_flood *fl;
	unsigned int i, n = 0;

	rcu_read_lock();
	fl = rcu_dereference(t->flood);
	for (i = 0; fl && i < fl->n; i++) {
		struct vxip_peer *p = READ_ONCE(fl->peers[i]);

		if (p && n < max)
			out[n++] = p;
	}
	rcu_read_unlock();
	return n;
}

/* A peer taken off without memory leaves a hole; the next rebuild drops it. */
static void vxip_tables_flood_holes(struct kunit *test)
{
	struct vxip_tables *t = test->priv;
	struct vxip_peer *p[4], *seen[4];
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[i] = add_peer(test, 0xc0a80002 + i, VXIP_OWNER_STATIC, 0);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, vxip_flood_set(t, p[i], true), 0);

	vxip_flood_punch(t, p[1]);
	KUNIT_EXPECT_FALSE(test, p[1]->flood);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 2);
	KUNIT_EXPECT_EQ(test, rcu_dereference_protected(t->flood, true)->n, 3);
	KUNIT_ASSERT_EQ(test, flood_walk(t, seen, 4), 2);
	KUNIT_EXPECT_PTR_EQ(test, seen[0], p[0]);
	KUNIT_EXPECT_PTR_EQ(test, seen[1], p[2]);

	/* Adding rebuilds: the hole goes, the order stays. */
	KUNIT_ASSERT_EQ(test, vxip_flood_set(t, p[3], true), 0);
	KUNIT_EXPECT_EQ(test, rcu_dereference_protected(t->flood, true)->holes, 0);
	KUNIT_ASSERT_EQ(test, flood_walk(t, seen, 4), 3);
	KUNIT_EXPECT_PTR_EQ(test, seen[0], p[0]);
	KUNIT_EXPECT_PTR_EQ(test, seen[1], p[2]);
	KUNIT_EXPECT_PTR_EQ(test, seen[2], p[3]);

	/* So does compacting; an empty list is none. */
	vxip_flood_punch(t, p[0]);
	vxip_flood_compact(t);
	KUNIT_EXPECT_EQ(test, rcu_dereference_protected(t->flood, true)->n, 2);
	KUNIT_EXPECT_EQ(test, vxip_flood_set(t, p[2], false), 0);
	KUNIT_EXPECT_EQ(test, vxip_flood_set(t, p[3], false), 0);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 0);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(t->flood));
}

/*
 * A flood list larger than a page (512 peers per 4 kB): taking peers off
 * once asked for a __GFP_NOFAIL allocation above order 1, which the page
 * allocator warns about (a panic under panic_on_warn).
 */
static void vxip_tables_flood_large(struct kunit *test)
{
	struct vxip_flush_filter all = { .scope = VXIP_FLUSH_ALL };
	struct vxip_tables *t = test->priv;
	struct vxip_flush_result res;
	struct vxip_peer *p = NULL;
	unsigned int i;

	for (i = 0; i < 2000; i++) {
		p = add_peer(test, 0x0a000001 + i, VXIP_OWNER_STATIC, 0);
		flood_claim(test, p, VXIP_OWNER_STATIC, 0);
	}
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 2000);
	KUNIT_EXPECT_EQ(test, vxip_peer_unclaim(t, p, VXIP_OWNER_STATIC,
						VXIP_CLAIM_FLOOD), 0);
	vxip_flood_compact(t);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 1999);
	vxip_flush(t, &all, &res);
	KUNIT_EXPECT_EQ(test, res.n_peers, 2000);
	KUNIT_EXPECT_EQ(test, res.n_flood, 1999);
	KUNIT_EXPECT_EQ(test, vxip_flood_len(t), 0);
}

static void half_mac(u8 *mac, unsigned int i)
{
	mac[0] = 0x02;
	mac[1] = 0x5c;
	mac[2] = i >> 24;
	mac[3] = i >> 16;
	mac[4] = i >> 8;
	mac[5] = i;
}

static void half_add(struct kunit *test, struct vxip_peer **p,
		     unsigned int n, unsigned int which)
{
	u8 mac[ETH_ALEN];
	struct vxip_fdb *e;
	unsigned int i;

	for (i = which; i < n; i += 2) {
		half_mac(mac, i);
		e = vxip_fdb_create(mac, p[which], VXIP_FDB_F_STATIC,
				    VXIP_OWNER_STATIC, 0, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, e);
		KUNIT_ASSERT_EQ(test, vxip_fdb_insert(test->priv, e, false, 0,
						      NULL), 0);
	}
}

/*
 * Flushes that remove half of a large table: the sweep yields the CPU
 * every so often, and must find its place again whatever it removed just
 * before.  96000 entries keep the table at 131072 buckets, and removing
 * half of them leaves it above the shrink threshold, so no resize
 * restarts the walk and hides a lost place.  Twice, one peer's half then
 * the other's.
 */
static void vxip_tables_flush_half_of_large(struct kunit *test)
{
	const unsigned int n = 96000;
	struct vxip_tables *t = test->priv;
	struct vxip_flush_filter f = { .scope = VXIP_FLUSH_FDB };
	struct vxip_flush_result res;
	unsigned int i, gone, kept, stale;
	struct vxip_peer *p[2];
	u8 mac[ETH_ALEN];
	struct vxip_fdb *e;

	p[0] = add_peer(test, 0x0a000001, VXIP_OWNER_STATIC, 0);
	p[1] = add_peer(test, 0x0a000002, VXIP_OWNER_STATIC, 0);
	half_add(test, p, n, 0);
	half_add(test, p, n, 1);
	for (gone = 0; gone < 2; gone++) {
		if (gone)
			half_add(test, p, n, 0);
		KUNIT_ASSERT_EQ(test, atomic_read(&t->n_fdb), n);

		f.peer = p[gone];
		vxip_flush(t, &f, &res);
		KUNIT_EXPECT_EQ(test, res.n_fdb, n / 2);
		KUNIT_EXPECT_EQ(test, atomic_read(&p[gone]->n_fdb), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&p[!gone]->n_fdb), n / 2);

		kept = 0;
		stale = 0;
		rcu_read_lock();
		for (i = 0; i < n; i++) {
			half_mac(mac, i);
			e = vxip_fdb_lookup(t, mac);
			if (e && e->peer == p[gone])
				stale++;
			else if (e)
				kept++;
		}
		rcu_read_unlock();
		KUNIT_ASSERT_EQ(test, stale, 0);
		KUNIT_EXPECT_EQ(test, kept, n / 2);
	}
}

static struct kunit_case vxip_tables_cases[] = {
	KUNIT_CASE(vxip_tables_peer_unique),
	KUNIT_CASE(vxip_tables_fdb_new_replace),
	KUNIT_CASE(vxip_tables_fdb_two_peers),
	KUNIT_CASE(vxip_tables_fdb_limit),
	KUNIT_CASE(vxip_tables_fdb_sticky),
	KUNIT_CASE(vxip_tables_neigh),
	KUNIT_CASE(vxip_tables_peer_remove),
	KUNIT_CASE(vxip_tables_flush_owner_gen),
	KUNIT_CASE(vxip_tables_two_owners),
	KUNIT_CASE(vxip_tables_claims_full),
	KUNIT_CASE(vxip_tables_flush_match),
	KUNIT_CASE(vxip_tables_flood_holes),
	KUNIT_CASE(vxip_tables_flood_large),
	KUNIT_CASE(vxip_tables_flush_half_of_large),
	{}
};

static struct kunit_suite vxip_tables_suite = {
	.name = "vxip_tables",
	.init = tables_init,
	.exit = tables_exit,
	.test_cases = vxip_tables_cases,
};

/* --- vxip_route: the LPM trie against a naive reference ---------------- */

struct ref_route {
	u8 family;
	u8 plen;
	u8 addr[16];
	struct vxip_route *r;
	bool live;
};

#define REF_MAX 1200

static bool ref_covers(const struct ref_route *x, const u8 *a)
{
	unsigned int full = x->plen / 8, rest = x->plen % 8;

	if (memcmp(x->addr, a, full))
		return false;
	return !rest || !((x->addr[full] ^ a[full]) & (0xff << (8 - rest)));
}

/* Longest live prefix covering @a: what the trie must answer. */
static struct vxip_route *ref_lookup(const struct ref_route *refs, int n,
				     u8 family, const u8 *a)
{
	const struct ref_route *best = NULL;
	int i;

	for (i = 0; i < n; i++)
		if (refs[i].live && refs[i].family == family &&
		    ref_covers(&refs[i], a) && (!best || refs[i].plen > best->plen))
			best = &refs[i];
	return best ? best->r : NULL;
}

static void rand_bytes(struct rnd_state *st, u8 *b, unsigned int n)
{
	while (n--)
		*b++ = prandom_u32_state(st);
}

/* Random tail after the first @plen bits of @prefix. */
static void inside(struct rnd_state *st, const u8 *prefix, unsigned int plen,
		   unsigned int bits, u8 *out)
{
	unsigned int i;

	rand_bytes(st, out, 16);
	for (i = 0; i < plen; i++) {
		u8 m = 0x80 >> (i % 8);

		out[i / 8] = (out[i / 8] & ~m) | (prefix[i / 8] & m);
	}
	for (i = bits; i < 128; i++)
		out[i / 8] &= ~(0x80 >> (i % 8));
}

static void check_lookups(struct kunit *test, struct ref_route *refs, int n,
			  u8 family, struct rnd_state *st)
{
	struct vxip_tables *t = test->priv;
	unsigned int bits = family == AF_INET ? 32 : 128;
	unsigned int bad = 0, i;
	u8 a[16];

	rcu_read_lock();
	for (i = 0; i < 3000; i++) {
		if (i % 2)
			inside(st, refs[i % n].addr, refs[i % n].plen, bits, a);
		else
			inside(st, a, 0, bits, a);
		if (vxip_route_lookup(&t->routes, family, a) !=
		    ref_lookup(refs, n, family, a))
			bad++;
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "%u of 3000 lookups disagree", bad);
}

static void vxip_route_random(struct kunit *test)
{
	const u8 family = *(const u8 *)test->param_value;
	unsigned int bits = family == AF_INET ? 32 : 128;
	struct vxip_tables *t = test->priv;
	struct ref_route *refs;
	struct vxip_peer *p;
	struct rnd_state st;
	int i, n = 0, err;

	refs = kunit_kcalloc(test, REF_MAX, sizeof(*refs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, refs);
	p = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	prandom_seed_state(&st, 0x5eed + family);

	for (i = 0; i < REF_MAX; i++) {
		struct ref_route *x = &refs[n];
		u32 rnd = prandom_u32_state(&st);
		struct vxip_route *r;
		u8 a[16];

		/* Short, full-length and nested prefixes, /0 included. */
		if (rnd % 16 == 0)
			x->plen = (rnd >> 4) % 2 ? bits : 0;
		else if (n && rnd % 2)
			x->plen = min_t(unsigned int, bits,
					refs[(rnd >> 8) % n].plen + (rnd >> 20) % 9);
		else
			x->plen = (rnd >> 8) % (bits + 1);
		if (n && rnd % 2)
			inside(&st, refs[(rnd >> 8) % n].addr, refs[(rnd >> 8) % n].plen,
			       bits, a);
		else
			inside(&st, a, 0, bits, a);

		r = vxip_route_create(family, a, x->plen, p, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, r);
		err = vxip_route_insert(&t->routes, r, false, 0);
		if (vxip_route_find(&t->routes, family, r->addr, x->plen) != r) {
			/* The prefix was there already. */
			KUNIT_EXPECT_EQ(test, err, -EEXIST);
			vxip_route_free(r);
			continue;
		}
		KUNIT_ASSERT_EQ(test, err, 0);
		x->family = family;
		memcpy(x->addr, r->addr, 16);
		x->r = r;
		x->live = true;
		n++;
	}
	KUNIT_EXPECT_EQ(test, t->routes.n, n);
	check_lookups(test, refs, n, family, &st);

	/* Deleting what is not there changes nothing. */
	for (i = 0; i < 200; i++) {
		u8 a[16];
		unsigned int plen = prandom_u32_state(&st) % (bits + 1);

		inside(&st, a, 0, bits, a);
		vxip_prefix_mask(a, a, plen);
		if (!vxip_route_find(&t->routes, family, a, plen))
			KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, family,
								a, plen), -ENOENT);
	}
	KUNIT_EXPECT_EQ(test, t->routes.n, n);

	/* Delete every other one and look again. */
	for (i = 0; i < n; i += 2) {
		KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, family,
							refs[i].addr, refs[i].plen), 0);
		refs[i].live = false;
	}
	KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, family, refs[0].addr,
						refs[0].plen), -ENOENT);
	check_lookups(test, refs, n, family, &st);

	for (i = 1; i < n; i += 2)
		KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, family,
							refs[i].addr, refs[i].plen), 0);
	/* No node is left behind. */
	KUNIT_EXPECT_TRUE(test, vxip_rtable_empty(&t->routes));
	KUNIT_EXPECT_EQ(test, atomic_read(&p->n_routes), 0);
}

static const u8 route_families[] = { AF_INET, AF_INET6 };

static void route_family_desc(const u8 *f, char *desc)
{
	strscpy(desc, *f == AF_INET ? "IPv4" : "IPv6", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(route_family, route_families, route_family_desc);

static struct vxip_route *lookup4(struct kunit *test, u32 host)
{
	struct vxip_tables *t = test->priv;
	__be32 a = htonl(host);
	u8 key[16] = {};
	struct vxip_route *r;

	memcpy(key, &a, 4);
	rcu_read_lock();
	r = vxip_route_lookup(&t->routes, AF_INET, key);
	rcu_read_unlock();
	return r;
}

static struct vxip_route *add_route4(struct kunit *test, u32 host, u8 plen,
				     struct vxip_peer *p, bool replace, u32 max,
				     int want)
{
	struct vxip_tables *t = test->priv;
	__be32 a = htonl(host);
	struct vxip_route *r;
	u8 key[16] = {};
	int err;

	memcpy(key, &a, 4);
	r = vxip_route_create(AF_INET, key, plen, p, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	err = vxip_route_insert(&t->routes, r, replace, max);
	KUNIT_EXPECT_EQ(test, err, want);
	if (err) {
		vxip_route_free(r);
		return NULL;
	}
	return r;
}

static void vxip_route_nested(struct kunit *test)
{
	struct vxip_peer *p1 = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	struct vxip_peer *p2 = add_peer(test, 0xc0a80003, VXIP_OWNER_STATIC, 0);
	struct vxip_route *r16, *r24, *r0, *r32;

	r16 = add_route4(test, 0x0af40000, 16, p1, false, 0, 0);
	r24 = add_route4(test, 0x0af40200, 24, p2, false, 0, 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0af40105), r16);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0af40205), r24);
	KUNIT_EXPECT_NULL(test, lookup4(test, 0x0a000001));
	r0 = add_route4(test, 0, 0, p1, false, 0, 0);
	r32 = add_route4(test, 0x0af40207, 32, p1, false, 0, 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0a000001), r0);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0af40207), r32);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0af40208), r24);
	/* Bits past the prefix length are ignored on input. */
	add_route4(test, 0x0af402ff, 24, p1, false, 0, -EEXIST);
}

/* Deleting a prefix that is not there removes nothing, even a sibling of
 * the same length that shares most of its bits.
 */
static void vxip_route_delete_absent(struct kunit *test)
{
	struct vxip_peer *p = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	struct vxip_tables *t = test->priv;
	u8 k[16] = { 10, 2 };
	struct vxip_route *r;

	r = add_route4(test, 0x0a010000, 16, p, false, 0, 0);
	KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, AF_INET, k, 16), -ENOENT);
	k[1] = 1;
	KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, AF_INET, k, 8), -ENOENT);
	KUNIT_EXPECT_EQ(test, vxip_route_delete(&t->routes, AF_INET, k, 24), -ENOENT);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0a010101), r);
	KUNIT_EXPECT_EQ(test, t->routes.n, 1);
}

static void vxip_route_replace_limit(struct kunit *test)
{
	struct vxip_peer *p1 = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	struct vxip_peer *p2 = add_peer(test, 0xc0a80003, VXIP_OWNER_STATIC, 0);
	struct vxip_tables *t = test->priv;
	struct vxip_route *r;

	add_route4(test, 0x0af40000, 16, p1, false, 2, 0);
	add_route4(test, 0x0af50000, 16, p1, false, 2, 0);
	add_route4(test, 0x0af60000, 16, p1, false, 2, -ENOSPC);
	/* A full table still takes replacements. */
	r = add_route4(test, 0x0af40000, 16, p2, true, 2, 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup4(test, 0x0af40001), r);
	KUNIT_EXPECT_EQ(test, t->routes.n, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&p1->n_routes), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&p2->n_routes), 1);
	/* Deleting a peer takes its routes. */
	vxip_peer_remove(t, p2, NULL);
	KUNIT_EXPECT_NULL(test, lookup4(test, 0x0af40001));
	KUNIT_EXPECT_EQ(test, t->routes.n, 1);
}

static unsigned int fdb_list_len(struct vxip_peer *p)
{
	struct vxip_fdb *f;
	unsigned int n = 0;

	hlist_for_each_entry(f, &p->fdbs, peer_node) {
		if (f->peer != p)
			return UINT_MAX;
		n++;
	}
	return n;
}

/* The routes in the table whose first peer is @p. */
static unsigned int route_count(struct vxip_tables *t, struct vxip_peer *p)
{
	struct rhashtable_iter iter;
	unsigned int n, tries = 0;
	struct vxip_route *r;
	bool resized;

	do {	/* a walk a resize met may count a route twice: walk again */
		n = 0;
		resized = false;
		rhashtable_walk_enter(&t->routes.ht, &iter);
		rhashtable_walk_start(&iter);
		while ((r = rhashtable_walk_next(&iter))) {
			if (IS_ERR(r))
				resized = true;
			else
				n += r->peer == p;
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	} while (resized && ++tries < 10);
	return n;
}

/*
 * A peer lists exactly its FDB entries, through moves and replacements,
 * and removing it removes exactly those and its routes.
 */
static void vxip_route_peer_lists(struct kunit *test)
{
	struct vxip_tables *t = test->priv;
	struct vxip_peer *p1 = add_peer(test, 0xc0a80002, VXIP_OWNER_STATIC, 0);
	struct vxip_peer *p2 = add_peer(test, 0xc0a80003, VXIP_OWNER_STATIC, 0);
	struct vxip_flush_result res = {};
	struct vxip_route *r;
	u8 i;

	for (i = 1; i <= 6; i++)
		KUNIT_ASSERT_EQ(test, add_fdb(test, i, i % 2 ? p1 : p2,
					      VXIP_FDB_F_STATIC, VXIP_OWNER_STATIC,
					      0, false, 0, NULL, 0), 0);
	/* Entry 2 moves to p1. */
	KUNIT_ASSERT_EQ(test, add_fdb(test, 2, p1, VXIP_FDB_F_STATIC,
				      VXIP_OWNER_STATIC, 0, true, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, fdb_list_len(p1), 4);
	KUNIT_EXPECT_EQ(test, fdb_list_len(p2), 2);
	KUNIT_EXPECT_EQ(test, fdb_list_len(p1), atomic_read(&p1->n_fdb));

	add_route4(test, 0x0a010000, 16, p1, false, 0, 0);
	add_route4(test, 0x0a010100, 24, p1, false, 0, 0);
	add_route4(test, 0x0a020000, 16, p1, false, 0, 0);
	add_route4(test, 0x0a010200, 24, p2, false, 0, 0);
	add_route4(test, 0x0a030000, 16, p2, false, 0, 0);
	/* 10.3/16 is replaced by a route through p1. */
	add_route4(test, 0x0a030000, 16, p1, true, 0, 0);
	KUNIT_EXPECT_EQ(test, route_count(t, p1), 4);
	KUNIT_EXPECT_EQ(test, route_count(t, p2), 1);

	vxip_peer_remove(t, p1, &res);
	KUNIT_EXPECT_EQ(test, res.n_fdb, 4);
	KUNIT_EXPECT_EQ(test, res.n_routes, 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->n_fdb), 2);
	KUNIT_EXPECT_EQ(test, t->routes.n, 1);
	KUNIT_EXPECT_NULL(test, fdb_peer(test, 2));
	KUNIT_EXPECT_PTR_EQ(test, fdb_peer(test, 4), p2);
	r = lookup4(test, 0x0a010203);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_PTR_EQ(test, r->peer, p2);
	KUNIT_EXPECT_NULL(test, lookup4(test, 0x0a010505));
	KUNIT_EXPECT_NULL(test, lookup4(test, 0x0a030303));
	KUNIT_EXPECT_EQ(test, fdb_list_len(p2), 2);
	KUNIT_EXPECT_EQ(test, route_count(t, p2), 1);
}

static struct kunit_case vxip_route_cases[] = {
	KUNIT_CASE_PARAM(vxip_route_random, route_family_gen_params),
	KUNIT_CASE(vxip_route_nested),
	KUNIT_CASE(vxip_route_delete_absent),
	KUNIT_CASE(vxip_route_replace_limit),
	KUNIT_CASE(vxip_route_peer_lists),
	{}
};

static struct kunit_suite vxip_route_suite = {
	.name = "vxip_route",
	.init = tables_init,
	.exit = tables_exit,
	.test_cases = vxip_route_cases,
};

kunit_test_suites(&vxip_config_suite, &vxip_policy_suite,
		  &vxip_config_apply_suite, &vxip_vxlan_suite, &vxip_tables_suite,
		  &vxip_route_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for vxip");
VXIP_IMPORT_KUNIT_NS();
