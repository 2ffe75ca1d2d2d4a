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

struct peer_info {
	char dev[IF_NAMESIZE];
	uint32_t a[VXIP_PEER_A_MAX + 1];
	uint64_t st[VXIP_PEER_STATS_A_MAX + 1];
};

static const char *const stat_names[] = {
	[VXIP_PEER_STATS_A_TX_PACKETS] = "tx_packets",
	[VXIP_PEER_STATS_A_TX_BYTES] = "tx_bytes",
	[VXIP_PEER_STATS_A_RX_PACKETS] = "rx_packets",
	[VXIP_PEER_STATS_A_RX_BYTES] = "rx_bytes",
	[VXIP_PEER_STATS_A_TX_FLOOD] = "tx_flood",
	[VXIP_PEER_STATS_A_DROPS] = "drops",
};

static int parse_peer_msg(const struct nlmsghdr *nlh, struct peer_info *p)
{
	const struct nlattr *a, *b, *c;

	memset(p, 0, sizeof(*p));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(p->dev, sizeof(p->dev), "%s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) != VXIP_A_PEER)
			continue;
		mnl_attr_for_each_nested(b, a) {
			uint16_t t = mnl_attr_get_type(b);

			if (t == VXIP_PEER_A_STATS) {
				mnl_attr_for_each_nested(c, b) {
					uint16_t s = mnl_attr_get_type(c);

					if (s <= VXIP_PEER_STATS_A_MAX &&
					    mnl_attr_validate(c, MNL_TYPE_U64) == 0)
						p->st[s] = mnl_attr_get_u64(c);
				}
			} else if (t <= VXIP_PEER_A_MAX &&
				   mnl_attr_validate(b, MNL_TYPE_U32) == 0) {
				p->a[t] = mnl_attr_get_u32(b);
			}
		}
	}
	return 0;
}

static void print_peer(const struct peer_info *p, bool json, json_t *arr)
{
	char addr[INET_ADDRSTRLEN];
	size_t i;

	fmt_ip4(p->a[VXIP_PEER_A_ADDR4], addr);
	if (json) {
		json_t *o = json_object(), *st = json_object();

		json_object_set_new(o, "dev", json_string(p->dev));
		json_object_set_new(o, "addr", json_string(addr));
		json_object_set_new(o, "encap", json_string(encap_name(p->a[VXIP_PEER_A_ENCAP])));
		json_object_set_new(o, "port", json_integer(p->a[VXIP_PEER_A_PORT]));
		json_object_set_new(o, "owner", json_string(owner_name(p->a[VXIP_PEER_A_OWNER])));
		json_object_set_new(o, "gen", json_integer(p->a[VXIP_PEER_A_GEN]));
		json_object_set_new(o, "flood", json_boolean(p->a[VXIP_PEER_A_FLOOD]));
		json_object_set_new(o, "n_fdb", json_integer(p->a[VXIP_PEER_A_N_FDB]));
		for (i = VXIP_PEER_STATS_A_TX_PACKETS; i < ARRAY_SIZE(stat_names); i++)
			json_object_set_new(st, stat_names[i], json_integer((json_int_t)p->st[i]));
		json_object_set_new(o, "stats", st);
		json_array_append_new(arr, o);
		return;
	}
	printf("%s dev %s encap %s", addr, p->dev, encap_name(p->a[VXIP_PEER_A_ENCAP]));
	if (p->a[VXIP_PEER_A_PORT])
		printf(" port %u", p->a[VXIP_PEER_A_PORT]);
	printf(" owner %s gen %u%s fdb %u\n", owner_name(p->a[VXIP_PEER_A_OWNER]),
	       p->a[VXIP_PEER_A_GEN], p->a[VXIP_PEER_A_FLOOD] ? " flood" : "",
	       p->a[VXIP_PEER_A_N_FDB]);
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
	uint32_t addr = 0;
	json_t *arr;
	size_t i;
	int err;

	if (argc >= 1) {
		dev = argv[0];
		if (check_dev(dev))
			return 2;
	}
	if (argc >= 2 && parse_ip4(argv[1], &addr))
		return usage_error("peer show: invalid address \"%s\"", argv[1]);
	if (argc > 2)
		return usage_error("peer show: unexpected argument \"%s\"", argv[2]);

	nlh = vxnl_msg(&ctl->nl, ctl_buf(), VXIP_CMD_PEER_GET,
		       addr ? NLM_F_ACK : NLM_F_DUMP);
	if (dev)
		put_dev(nlh, dev);
	if (addr) {
		nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);
		mnl_attr_put(nlh, VXIP_PEER_A_ADDR4, 4, &addr);
		mnl_attr_nest_end(nlh, nest);
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
		       uint16_t flags, const char *what)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint32_t addr, v;

	if (argc < 2)
		return usage_error("%s: needs DEV and ADDR", what);
	if (check_dev(argv[0]))
		return 2;
	if (parse_ip4(argv[1], &addr))
		return usage_error("%s: invalid address \"%s\"", what, argv[1]);

	nlh = vxnl_msg(&ctl->nl, ctl_buf(), cmd, flags);
	put_dev(nlh, argv[0]);
	nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);
	mnl_attr_put(nlh, VXIP_PEER_A_ADDR4, 4, &addr);
	for (argc -= 2, argv += 2; argc > 0; argc -= 2, argv += 2) {
		if (cmd == VXIP_CMD_PEER_DEL)
			return usage_error("%s: unexpected argument \"%s\"", what, argv[0]);
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "encap")) {
			if (parse_encap(argv[1], &v))
				return usage_error("%s: unknown encap \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_PEER_A_ENCAP, v);
		} else if (!strcmp(argv[0], "port")) {
			if (parse_u32(argv[1], 65535, &v))
				return usage_error("%s: invalid port \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_PEER_A_PORT, v);
		} else if (!strcmp(argv[0], "owner")) {
			if (parse_owner(argv[1], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_PEER_A_OWNER, v);
		} else if (!strcmp(argv[0], "gen")) {
			if (parse_u32(argv[1], UINT32_MAX, &v))
				return usage_error("%s: invalid generation \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_PEER_A_GEN, v);
		} else {
			return usage_error("%s: unknown argument \"%s\"", what, argv[0]);
		}
	}
	mnl_attr_nest_end(nlh, nest);
	return ctl_change(ctl, nlh, what);
}

int cmd_peer(struct ctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return peer_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	if (!strcmp(argv[0], "add"))
		return peer_change(ctl, argc - 1, argv + 1, VXIP_CMD_PEER_NEW,
				   0, "peer add");
	if (matches(argv[0], "replace"))
		return peer_change(ctl, argc - 1, argv + 1, VXIP_CMD_PEER_NEW,
				   NLM_F_REPLACE, "peer replace");
	if (matches(argv[0], "delete"))
		return peer_change(ctl, argc - 1, argv + 1, VXIP_CMD_PEER_DEL, 0,
				   "peer del");
	return usage_error("peer: unknown command \"%s\"", argv[0]);
}
