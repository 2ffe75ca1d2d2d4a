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
	uint32_t peer4;
};

void show_flood_msg(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	struct flood_info f = { 0 };
	char peer[INET_ADDRSTRLEN];
	const struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(f.dev, sizeof(f.dev), "%s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) != VXIP_A_FLOOD)
			continue;
		mnl_attr_for_each_nested(b, a)
			if (mnl_attr_get_type(b) == VXIP_FLOOD_A_PEER4 &&
			    mnl_attr_validate(b, MNL_TYPE_U32) == 0)
				f.peer4 = mnl_attr_get_u32(b);
	}
	fmt_ip4(f.peer4, peer);
	if (json)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "dev", f.dev,
						     "peer", peer));
	else
		printf("%s dev %s\n", peer, f.dev);
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
	nlh = vxnl_msg(&ctl->nl, ctl_buf(), VXIP_CMD_FLOOD_GET, NLM_F_DUMP);
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

static int flood_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
			const char *what)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint32_t addr;

	if (argc != 3 || strcmp(argv[1], "peer"))
		return usage_error("%s: usage: %s DEV peer ADDR", what, what);
	if (check_dev(argv[0]))
		return 2;
	if (parse_ip4(argv[2], &addr))
		return usage_error("%s: invalid address \"%s\"", what, argv[2]);
	nlh = vxnl_msg(&ctl->nl, ctl_buf(), cmd, 0);
	put_dev(nlh, argv[0]);
	nest = mnl_attr_nest_start(nlh, VXIP_A_FLOOD);
	mnl_attr_put(nlh, VXIP_FLOOD_A_PEER4, 4, &addr);
	mnl_attr_nest_end(nlh, nest);
	return ctl_change(ctl, nlh, what);
}

int cmd_flood(struct ctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return flood_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	if (!strcmp(argv[0], "add"))
		return flood_change(ctl, argc - 1, argv + 1, VXIP_CMD_FLOOD_NEW,
				    "flood add");
	if (matches(argv[0], "delete"))
		return flood_change(ctl, argc - 1, argv + 1, VXIP_CMD_FLOOD_DEL,
				    "flood del");
	return usage_error("flood: unknown command \"%s\"", argv[0]);
}

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	uint32_t *n = data;
	const struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != VXIP_A_FLUSH)
			continue;
		mnl_attr_for_each_nested(b, a) {
			uint16_t t = mnl_attr_get_type(b);

			if (t <= VXIP_FLUSH_A_MAX &&
			    mnl_attr_validate(b, MNL_TYPE_U32) == 0)
				n[t] = mnl_attr_get_u32(b);
		}
	}
	return 0;
}

int cmd_flush(struct ctl *ctl, int argc, char **argv)
{
	uint32_t n[VXIP_FLUSH_A_MAX + 1] = { 0 }, v, scope = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err;

	if (argc < 1)
		return usage_error("flush: which device?");
	if (check_dev(argv[0]))
		return 2;
	nlh = vxnl_msg(&ctl->nl, ctl_buf(), VXIP_CMD_FLUSH, NLM_F_ACK);
	put_dev(nlh, argv[0]);
	nest = mnl_attr_nest_start(nlh, VXIP_A_FLUSH);
	for (argc--, argv++; argc > 0; argc--, argv++) {
		const char *key = argv[0];

		if (!strcmp(key, "fdb")) {
			scope |= VXIP_FLUSH_FDB;
			continue;
		} else if (!strcmp(key, "peer") && (argc < 2 || parse_ip4(argv[1], &v))) {
			scope |= VXIP_FLUSH_PEER;
			continue;
		} else if (!strcmp(key, "flood")) {
			scope |= VXIP_FLUSH_FLOOD;
			continue;
		} else if (!strcmp(key, "route")) {
			scope |= VXIP_FLUSH_ROUTE;
			continue;
		} else if (!strcmp(key, "all")) {
			scope |= VXIP_FLUSH_ALL;
			continue;
		}
		if (argc < 2)
			return usage_error("flush: \"%s\" needs a value", key);
		argc--, argv++;
		if (!strcmp(key, "owner")) {
			if (parse_owner(argv[0], &v))
				return usage_error("flush: unknown owner \"%s\"", argv[0]);
			mnl_attr_put_u32(nlh, VXIP_FLUSH_A_OWNER, v);
		} else if (!strcmp(key, "gen-below")) {
			if (parse_u32(argv[0], UINT32_MAX, &v))
				return usage_error("flush: invalid generation \"%s\"", argv[0]);
			mnl_attr_put_u32(nlh, VXIP_FLUSH_A_GEN_BELOW, v);
		} else if (!strcmp(key, "peer")) {
			/* "peer ADDR": a filter, parsed above. */
			parse_ip4(argv[0], &v);
			mnl_attr_put(nlh, VXIP_FLUSH_A_PEER4, 4, &v);
		} else {
			return usage_error("flush: unknown argument \"%s\"", key);
		}
	}
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_SCOPE, scope ?: VXIP_FLUSH_ALL);
	mnl_attr_nest_end(nlh, nest);
	err = ctl_query(ctl, nlh, flush_cb, n, NULL, "flush");
	if (err)
		return err;
	if (ctl->json)
		print_json(json_pack("{s:i, s:i, s:i, s:i}",
				     "fdb", (json_int_t)n[VXIP_FLUSH_A_N_FDB],
				     "peers", (json_int_t)n[VXIP_FLUSH_A_N_PEERS],
				     "flood", (json_int_t)n[VXIP_FLUSH_A_N_FLOOD],
				     "routes", (json_int_t)n[VXIP_FLUSH_A_N_ROUTES]));
	else if (!ctl->batching)
		printf("flushed %u fdb entries, %u peers, %u flood-list members, %u routes\n",
		       n[VXIP_FLUSH_A_N_FDB], n[VXIP_FLUSH_A_N_PEERS],
		       n[VXIP_FLUSH_A_N_FLOOD], n[VXIP_FLUSH_A_N_ROUTES]);
	return 0;
}
