// SPDX-License-Identifier: GPL-2.0
/* vxipctl flood and flush: the flood list, and sweeping stale entries. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

struct flood_info {
	char dev[IF_NAMESIZE];
	char peer[INET6_ADDRSTRLEN];	/* PEER4 or PEER6, as text */
	uint32_t owner, gen;
	bool has_owner, has_gen;
};

static const struct u32_field flood_fields[] = {
	U32_FIELD(VXIP_FLOOD_A_OWNER, struct flood_info, owner),
	U32_FIELD(VXIP_FLOOD_A_GEN, struct flood_info, gen),
};

static void parse_flood_msg(const struct nlmsghdr *nlh, struct flood_info *f)
{
	const struct nlattr *a, *b;

	memset(f, 0, sizeof(*f));
	/* What a message without the peer prints, as it always has. */
	snprintf(f->peer, sizeof(f->peer), "0.0.0.0");
	a = msg_nest(nlh, VXIP_A_FLOOD, f->dev);
	if (!a)
		return;
	mnl_attr_for_each_nested(b, a) {
		if (!get_underlay(b, VXIP_FLOOD_A_PEER4, VXIP_FLOOD_A_PEER6,
				  f->peer))
			get_u32_field(b, flood_fields, ARRAY_SIZE(flood_fields), f);
	}
}

void show_flood_msg(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	struct flood_info f;
	json_t *o;

	parse_flood_msg(nlh, &f);
	if (json) {
		o = json_pack("{s:s, s:s}", "dev", f.dev, "peer", f.peer);
		json_owner_gen(o, f.has_owner, f.owner, f.has_gen, f.gen);
		json_array_append_new(arr, o);
		return;
	}
	printf("%s dev %s", f.peer, f.dev);
	print_owner_gen(f.has_owner, f.owner, f.has_gen, f.gen);
	putchar('\n');
}

static int flood_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vec *v = data;
	struct nlmsghdr *copy = vec_push(v);

	if (!copy || nlh->nlmsg_len > v->size)
		return -1;
	memcpy(copy, nlh, nlh->nlmsg_len);
	return 0;
}

static int flood_show(struct ctl *ctl, int argc, char **argv)
{
	struct vec v = { .size = 256 };
	struct nlmsghdr *nlh;
	json_t *arr;
	size_t i;
	int err;

	if (argc > 1)
		return usage_error("flood show: unexpected argument \"%s\"", argv[1]);
	nlh = ctl_msg(ctl, VXIP_CMD_FLOOD_GET, NLM_F_DUMP);
	if (argc == 1) {
		if (check_dev(argv[0]))
			return 2;
		put_dev(nlh, argv[0]);
	}
	err = ctl_query(ctl, nlh, flood_cb, &v, vec_reset, "flood show");
	if (err) {
		vec_free(&v);
		return err;
	}
	arr = json_array();
	for (i = 0; i < v.n; i++)
		show_flood_msg((struct nlmsghdr *)((char *)v.v + i * v.size),
			       ctl->json, arr);
	if (ctl->json)
		print_json(arr);
	else
		json_decref(arr);
	vec_free(&v);
	return 0;
}

/* flood add|del DEV peer ADDR [owner OWNER] [gen N] (gen: add only) */
static int flood_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
			const char *what)
{
	static const char *const keys[] = { "peer", "owner", "gen", NULL };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in6_addr addr;
	uint32_t v;
	bool v4;
	int k;

	if (argc < 3 || argc % 2 == 0 ||
	    lookup_quiet(argv[1], keys, NULL, NULL, true))
		return usage_error("%s: usage: %s DEV peer ADDR [owner OWNER]%s", what,
				   what, cmd == VXIP_CMD_FLOOD_NEW ? " [gen N]" : "");
	if (check_dev(argv[0]))
		return 2;
	if (parse_ip(argv[2], &addr, &v4))
		return usage_error("%s: invalid address \"%s\"", what, argv[2]);
	nlh = ctl_msg(ctl, cmd, 0);
	put_dev(nlh, argv[0]);
	nest = put_nest(nlh, VXIP_A_FLOOD);
	put_underlay(nlh, VXIP_A_FLOOD, argv[2]);
	for (argc -= 3, argv += 3; argc > 0; argc -= 2, argv += 2) {
		k = keyword(argv[0], keys, what, "argument");
		if (k < 0)
			return 2;
		if (k == 1) {
			if (parse_owner(argv[1], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[1]);
			put_u32(nlh, VXIP_FLOOD_A_OWNER, v);
		} else if (k == 2 && cmd == VXIP_CMD_FLOOD_NEW) {
			if (parse_u32(argv[1], UINT32_MAX, &v))
				return usage_error("%s: invalid generation \"%s\"", what, argv[1]);
			put_u32(nlh, VXIP_FLOOD_A_GEN, v);
		} else {
			return usage_error("%s: unexpected argument \"%s\"", what, argv[0]);
		}
	}
	end_nest(nlh, nest);
	return ctl_change(ctl, nlh, what);
}

int cmd_flood(struct ctl *ctl, int argc, char **argv)
{
	static const char *const verbs[] = {
		"show", "list", "add", "del", "delete", NULL
	};
	int i = argc < 1 ? 0 : keyword(argv[0], verbs, "flood", "command");

	switch (i) {
	case 0: case 1:
		return flood_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	case 2:
		return flood_change(ctl, argc - 1, argv + 1, VXIP_CMD_FLOOD_NEW,
				    "flood add");
	case 3: case 4:
		return flood_change(ctl, argc - 1, argv + 1, VXIP_CMD_FLOOD_DEL,
				    "flood del");
	}
	return 2;
}

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	uint32_t *n = data;
	const struct nlattr *a, *b;

	a = msg_nest(nlh, VXIP_A_FLUSH, NULL);
	if (!a)
		return 0;
	mnl_attr_for_each_nested(b, a) {
		uint16_t t = mnl_attr_get_type(b);

		if (t <= VXIP_FLUSH_A_MAX &&
		    mnl_attr_validate(b, MNL_TYPE_U32) == 0)
			n[t] = mnl_attr_get_u32(b);
	}
	return 0;
}

/* Words of flush: what to remove, then the filters. */
static const char *const flush_keys[] = {
	"fdb", "peer", "flood", "route", "all", "owner", "gen-below", NULL
};

static const uint32_t flush_scopes[] = {
	VXIP_FLUSH_FDB, VXIP_FLUSH_PEER, VXIP_FLUSH_FLOOD, VXIP_FLUSH_ROUTE,
	VXIP_FLUSH_ALL,
};

/*
 * "peer" is the peer table, or with an address after it a filter: the
 * word after it is an address unless it is one of flush's own words.
 */
static bool peer_filter_follows(int argc, char **argv)
{
	return argc >= 2 &&
	       lookup_quiet(argv[1], flush_keys, NULL, NULL, true) == -1;
}

static void print_flush(struct ctl *ctl, const uint32_t *n)
{
	if (ctl->json)
		print_json(json_pack("{s:I, s:I, s:I, s:I}",
				     "n-fdb", (json_int_t)n[VXIP_FLUSH_A_N_FDB],
				     "n-peers", (json_int_t)n[VXIP_FLUSH_A_N_PEERS],
				     "n-flood", (json_int_t)n[VXIP_FLUSH_A_N_FLOOD],
				     "n-routes", (json_int_t)n[VXIP_FLUSH_A_N_ROUTES]));
	else if (!ctl->batching)
		printf("flushed %u fdb entries, %u peers, %u flood-list members, %u routes\n",
		       n[VXIP_FLUSH_A_N_FDB], n[VXIP_FLUSH_A_N_PEERS],
		       n[VXIP_FLUSH_A_N_FLOOD], n[VXIP_FLUSH_A_N_ROUTES]);
}

int cmd_flush(struct ctl *ctl, int argc, char **argv)
{
	uint32_t n[VXIP_FLUSH_A_MAX + 1] = { 0 }, v, scope = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err, k;

	if (argc < 1)
		return usage_error("flush: which device?");
	if (check_dev(argv[0]))
		return 2;
	nlh = ctl_msg(ctl, VXIP_CMD_FLUSH, NLM_F_ACK);
	put_dev(nlh, argv[0]);
	nest = put_nest(nlh, VXIP_A_FLUSH);
	for (argc--, argv++; argc > 0; argc--, argv++) {
		const char *key = argv[0];

		k = keyword(key, flush_keys, "flush", "argument");
		if (k < 0)
			return 2;
		if (k < (int)ARRAY_SIZE(flush_scopes) &&
		    !(k == 1 && peer_filter_follows(argc, argv))) {
			scope |= flush_scopes[k];
			continue;
		}
		if (argc < 2)
			return usage_error("flush: \"%s\" needs a value", key);
		argc--, argv++;
		if (k == 1) {
			if (put_underlay(nlh, VXIP_A_FLUSH, argv[0]))
				return usage_error("flush: invalid address \"%s\"", argv[0]);
		} else if (k == 5) {
			if (parse_owner(argv[0], &v))
				return usage_error("flush: unknown owner \"%s\"", argv[0]);
			put_u32(nlh, VXIP_FLUSH_A_OWNER, v);
		} else {
			if (parse_u32(argv[0], UINT32_MAX, &v))
				return usage_error("flush: invalid generation \"%s\"", argv[0]);
			put_u32(nlh, VXIP_FLUSH_A_GEN_BELOW, v);
		}
	}
	put_u32(nlh, VXIP_FLUSH_A_SCOPE, scope ?: VXIP_FLUSH_ALL);
	end_nest(nlh, nest);
	err = ctl_query(ctl, nlh, flush_cb, n, NULL, "flush");
	if (err)
		return err;
	print_flush(ctl, n);
	return 0;
}
