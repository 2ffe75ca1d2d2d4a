// SPDX-License-Identifier: GPL-2.0
/* vxipctl peer: remote nodes, with per-peer counters. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

/* One owner's claim on a peer, and its flood-list membership. */
struct claim {
	uint32_t owner, gen, flood_gen;
	bool has_owner, has_gen, has_flood_gen;
};

static const struct u32_field claim_fields[] = {
	U32_FIELD(VXIP_CLAIM_A_OWNER, struct claim, owner),
	U32_FIELD(VXIP_CLAIM_A_GEN, struct claim, gen),
	U32_FIELD(VXIP_CLAIM_A_FLOOD_GEN, struct claim, flood_gen),
};

#define MAX_CLAIMS	16

struct peer_info {
	char dev[IF_NAMESIZE];
	char addr[INET6_ADDRSTRLEN];	/* ADDR4 or ADDR6, as text */
	uint32_t a[VXIP_PEER_A_MAX + 1];
	uint64_t st[VXIP_PEER_STATS_A_MAX + 1];
	uint32_t has;		/* bit per attribute the message carried */
	bool has_stats;
	unsigned int n_claims;
	struct claim claims[MAX_CLAIMS];
};

#define HAS(p, attr)	((p)->has & (1U << (attr)))

/* The names of the YNL spec, in text and JSON alike. */
static const char *const stat_names[] = {
	[VXIP_PEER_STATS_A_TX_PACKETS] = "tx-packets",
	[VXIP_PEER_STATS_A_TX_BYTES] = "tx-bytes",
	[VXIP_PEER_STATS_A_RX_PACKETS] = "rx-packets",
	[VXIP_PEER_STATS_A_RX_BYTES] = "rx-bytes",
	[VXIP_PEER_STATS_A_TX_FLOOD] = "tx-flood",
	[VXIP_PEER_STATS_A_DROPS] = "drops",
};

const char *peer_stat_name(size_t i)
{
	return i < ARRAY_SIZE(stat_names) ? stat_names[i] : NULL;
}

static void parse_claim(const struct nlattr *nest, struct peer_info *p)
{
	struct claim *c = &p->claims[p->n_claims];
	const struct nlattr *a;

	if (p->n_claims == MAX_CLAIMS)
		return;
	p->n_claims++;
	mnl_attr_for_each_nested(a, nest)
		get_u32_field(a, claim_fields, ARRAY_SIZE(claim_fields), c);
}

static int parse_peer_msg(const struct nlmsghdr *nlh, struct peer_info *p)
{
	const struct nlattr *a, *b;

	memset(p, 0, sizeof(*p));
	/* What a message without the key prints, as it always has. */
	snprintf(p->addr, sizeof(p->addr), "0.0.0.0");
	a = msg_nest(nlh, VXIP_A_PEER, p->dev);
	if (!a)
		return 0;
	mnl_attr_for_each_nested(b, a) {
		uint16_t t = mnl_attr_get_type(b);

		if (get_underlay(b, VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6, p->addr))
			continue;
		if (t == VXIP_PEER_A_STATS) {
			p->has_stats = true;
			get_u64_nest(b, p->st, VXIP_PEER_STATS_A_MAX);
		} else if (t == VXIP_PEER_A_CLAIM) {
			parse_claim(b, p);
		} else if (t <= VXIP_PEER_A_MAX &&
			   mnl_attr_validate(b, MNL_TYPE_U32) == 0) {
			p->a[t] = mnl_attr_get_u32(b);
			p->has |= 1U << t;
		}
	}
	return 0;
}

static json_t *claims_json(const struct peer_info *p)
{
	json_t *arr = json_array(), *o;
	unsigned int i;

	for (i = 0; i < p->n_claims; i++) {
		const struct claim *c = &p->claims[i];

		o = json_object();
		json_object_set_new(o, "owner", owner_json(c->owner));
		if (c->has_gen)
			json_object_set_new(o, "gen", json_integer(c->gen));
		if (c->has_flood_gen)
			json_object_set_new(o, "flood-gen", json_integer(c->flood_gen));
		json_array_append_new(arr, o);
	}
	return arr;
}

static void print_claims(const struct peer_info *p)
{
	unsigned int i;

	for (i = 0; i < p->n_claims; i++) {
		const struct claim *c = &p->claims[i];

		printf("    claim %s", owner_name(c->owner));
		if (c->has_gen)
			printf(" gen %u", c->gen);
		if (c->has_flood_gen)
			printf(" flood-gen %u", c->flood_gen);
		putchar('\n');
	}
}

static void peer_json(const struct peer_info *p, const char *addr, json_t *arr)
{
	json_t *o = json_object(), *st;
	size_t i;

	json_object_set_new(o, "dev", json_string(p->dev));
	json_object_set_new(o, "addr", json_string(addr));
	if (HAS(p, VXIP_PEER_A_ENCAP))
		json_object_set_new(o, "encap", json_string(encap_name(p->a[VXIP_PEER_A_ENCAP])));
	if (HAS(p, VXIP_PEER_A_PORT))
		json_object_set_new(o, "port", json_integer(p->a[VXIP_PEER_A_PORT]));
	json_owner_gen(o, HAS(p, VXIP_PEER_A_OWNER), p->a[VXIP_PEER_A_OWNER],
		       HAS(p, VXIP_PEER_A_GEN), p->a[VXIP_PEER_A_GEN]);
	if (HAS(p, VXIP_PEER_A_FLOOD))
		json_object_set_new(o, "flood", json_boolean(p->a[VXIP_PEER_A_FLOOD]));
	if (HAS(p, VXIP_PEER_A_N_FDB))
		json_object_set_new(o, "n-fdb", json_integer(p->a[VXIP_PEER_A_N_FDB]));
	if (HAS(p, VXIP_PEER_A_N_ROUTES))
		json_object_set_new(o, "n-routes", json_integer(p->a[VXIP_PEER_A_N_ROUTES]));
	if (p->n_claims)
		json_object_set_new(o, "claims", claims_json(p));
	if (p->has_stats) {
		st = json_object();
		for (i = VXIP_PEER_STATS_A_TX_PACKETS; i < ARRAY_SIZE(stat_names); i++)
			json_object_set_new(st, stat_names[i], json_integer((json_int_t)p->st[i]));
		json_object_set_new(o, "stats", st);
	}
	json_array_append_new(arr, o);
}

/* The static owner's claim as batch lines: the peer, its flood membership. */
static void peer_static_lines(const struct peer_info *p, const char *addr)
{
	unsigned int i;

	for (i = 0; i < p->n_claims; i++) {
		const struct claim *c = &p->claims[i];

		if (c->owner != VXIP_OWNER_STATIC)
			continue;
		if (c->has_gen)
			static_view_gen(c->gen);
		if (c->has_flood_gen)
			static_view_gen(c->flood_gen);
		if (!static_view->print)
			continue;
		if (c->has_gen) {
			printf("peer add %s %s", p->dev, addr);
			if (HAS(p, VXIP_PEER_A_ENCAP))
				printf(" encap %s", encap_name(p->a[VXIP_PEER_A_ENCAP]));
			if (HAS(p, VXIP_PEER_A_PORT) && p->a[VXIP_PEER_A_PORT])
				printf(" port %u", p->a[VXIP_PEER_A_PORT]);
			putchar('\n');
		}
		if (c->has_flood_gen)
			printf("flood add %s peer %s\n", p->dev, addr);
	}
}

static void print_peer(const struct peer_info *p, bool json, json_t *arr)
{
	const char *addr = p->addr;
	size_t i;

	if (static_view) {
		peer_static_lines(p, addr);
		return;
	}
	if (stats_view) {
		struct view_peer vp = {
			.dev = p->dev, .addr = addr,
			.encap = p->a[VXIP_PEER_A_ENCAP],
			.n_fdb = p->a[VXIP_PEER_A_N_FDB],
			.st = p->st, .n_st = ARRAY_SIZE(stat_names),
			.flood = HAS(p, VXIP_PEER_A_FLOOD) && p->a[VXIP_PEER_A_FLOOD],
		};

		for (i = 0; i < p->n_claims && vp.n_owners < ARRAY_SIZE(vp.owners); i++)
			vp.owners[vp.n_owners++] = p->claims[i].owner;
		stats_view_peer(&vp);
		return;
	}
	if (json) {
		peer_json(p, addr, arr);
		return;
	}
	printf("%s dev %s", addr, p->dev);
	if (HAS(p, VXIP_PEER_A_ENCAP))
		printf(" encap %s", encap_name(p->a[VXIP_PEER_A_ENCAP]));
	if (HAS(p, VXIP_PEER_A_PORT) && p->a[VXIP_PEER_A_PORT])
		printf(" port %u", p->a[VXIP_PEER_A_PORT]);
	print_owner_gen(HAS(p, VXIP_PEER_A_OWNER), p->a[VXIP_PEER_A_OWNER],
			HAS(p, VXIP_PEER_A_GEN), p->a[VXIP_PEER_A_GEN]);
	if (HAS(p, VXIP_PEER_A_FLOOD) && p->a[VXIP_PEER_A_FLOOD])
		printf(" flood");
	if (HAS(p, VXIP_PEER_A_N_FDB))
		printf(" fdb %u", p->a[VXIP_PEER_A_N_FDB]);
	if (HAS(p, VXIP_PEER_A_N_ROUTES))
		printf(" routes %u", p->a[VXIP_PEER_A_N_ROUTES]);
	putchar('\n');
	print_claims(p);
	if (!p->has_stats)
		return;
	printf("   ");
	for (i = VXIP_PEER_STATS_A_TX_PACKETS; i < ARRAY_SIZE(stat_names); i++)
		printf(" %s %llu", stat_names[i], (unsigned long long)p->st[i]);
	putchar('\n');
}

/* Print one PEER_* message (monitor). */
void show_peer_msg(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	struct peer_info p;

	parse_peer_msg(nlh, &p);
	print_peer(&p, json, arr);
}

static int peer_cb(const struct nlmsghdr *nlh, void *data)
{
	struct peer_info *p = vec_push(data);

	return p ? parse_peer_msg(nlh, p) : -1;
}

static int peer_show(struct ctl *ctl, int argc, char **argv)
{
	struct vec v = { .size = sizeof(struct peer_info) };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in6_addr addr;
	json_t *arr;
	bool v4;
	size_t i;
	int err;

	if (argc >= 1) {
		dev = argv[0];
		if (check_dev(dev))
			return 2;
	}
	if (argc >= 2 && parse_ip(argv[1], &addr, &v4))
		return usage_error("peer show: invalid address \"%s\"", argv[1]);
	if (argc > 2)
		return usage_error("peer show: unexpected argument \"%s\"", argv[2]);

	nlh = ctl_msg(ctl, VXIP_CMD_PEER_GET, argc >= 2 ? NLM_F_ACK : NLM_F_DUMP);
	if (dev)
		put_dev(nlh, dev);
	if (argc >= 2) {
		nest = put_nest(nlh, VXIP_A_PEER);
		put_underlay(nlh, VXIP_A_PEER, argv[1]);
		end_nest(nlh, nest);
	}
	err = ctl_query(ctl, nlh, peer_cb, &v, vec_reset, "peer show");
	if (err) {
		vec_free(&v);
		return err;
	}
	arr = json_array();
	for (i = 0; i < v.n; i++)
		print_peer((struct peer_info *)v.v + i, ctl->json, arr);
	if (ctl->json)
		print_json(arr);
	else
		json_decref(arr);
	vec_free(&v);
	return 0;
}

static int peer_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
		       bool replace, const char *what)
{
	static const char *const keys[] = { "encap", "port", "owner", "gen", NULL };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in6_addr addr;
	uint32_t v;
	bool v4;

	if (argc < 2)
		return usage_error("%s: needs DEV and ADDR", what);
	if (check_dev(argv[0]))
		return 2;
	if (parse_ip(argv[1], &addr, &v4))
		return usage_error("%s: invalid address \"%s\"", what, argv[1]);

	nlh = ctl_msg(ctl, cmd, 0);
	if (replace)
		put_replace(nlh);
	put_dev(nlh, argv[0]);
	nest = put_nest(nlh, VXIP_A_PEER);
	put_underlay(nlh, VXIP_A_PEER, argv[1]);
	for (argc -= 2, argv += 2; argc > 0; argc -= 2, argv += 2) {
		int k;

		k = keyword(argv[0], keys, what, "argument");
		if (k < 0)
			return 2;
		/* A delete acts for one owner. */
		if (cmd == VXIP_CMD_PEER_DEL && k != 2)
			return usage_error("%s: unexpected argument \"%s\"", what, argv[0]);
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, argv[0]);
		switch (k) {
		case 0:
			if (parse_encap(argv[1], &v))
				return usage_error("%s: unknown encap \"%s\"", what, argv[1]);
			put_u32(nlh, VXIP_PEER_A_ENCAP, v);
			break;
		case 1:
			if (parse_u32(argv[1], 65535, &v))
				return usage_error("%s: invalid port \"%s\"", what, argv[1]);
			put_u32(nlh, VXIP_PEER_A_PORT, v);
			break;
		case 2:
			if (parse_owner(argv[1], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[1]);
			put_u32(nlh, VXIP_PEER_A_OWNER, v);
			break;
		default:
			if (parse_u32(argv[1], UINT32_MAX, &v))
				return usage_error("%s: invalid generation \"%s\"", what, argv[1]);
			put_u32(nlh, VXIP_PEER_A_GEN, v);
			break;
		}
	}
	end_nest(nlh, nest);
	return ctl_change(ctl, nlh, what);
}

int cmd_peer(struct ctl *ctl, int argc, char **argv)
{
	static const char *const verbs[] = {
		"show", "list", "add", "replace", "del", "delete", NULL
	};
	int i = argc < 1 ? 0 : keyword(argv[0], verbs, "peer", "command");

	switch (i) {
	case 0: case 1:
		return peer_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	case 2:
		return peer_change(ctl, argc - 1, argv + 1, VXIP_CMD_PEER_NEW,
				   0, "peer add");
	case 3:
		return peer_change(ctl, argc - 1, argv + 1, VXIP_CMD_PEER_NEW,
				   true, "peer replace");
	case 4: case 5:
		return peer_change(ctl, argc - 1, argv + 1, VXIP_CMD_PEER_DEL, false,
				   "peer del");
	}
	return 2;
}
