// SPDX-License-Identifier: GPL-2.0
/* vxipctl monitor: print the events the kernel sends, one per line. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

/* The objects monitor can be told to show: bits of a filter. */
static const char *const object_names[] = {
	"dev", "peer", "fdb", "flood", "route", "miss", "all", NULL
};

enum { OBJ_FDB = 2, OBJ_MISS = 5, OBJ_ALL = 6 };

static const struct {
	const char *name;
	unsigned int object;	/* index in object_names */
} events[] = {
	[VXIP_CMD_DEV_SET] = { "dev set", 0 },
	[VXIP_CMD_PEER_NEW] = { "peer new", 1 },
	[VXIP_CMD_PEER_DEL] = { "peer del", 1 },
	[VXIP_CMD_FDB_NEW] = { "fdb new", 2 },
	[VXIP_CMD_FDB_DEL] = { "fdb del", 2 },
	[VXIP_CMD_FLOOD_NEW] = { "flood new", 3 },
	[VXIP_CMD_FLOOD_DEL] = { "flood del", 3 },
	[VXIP_CMD_ROUTE_NEW] = { "route new", 4 },
	[VXIP_CMD_ROUTE_DEL] = { "route del", 4 },
	[VXIP_CMD_MISS] = { "miss", 5 },
	[VXIP_CMD_FLUSH] = { "flush", 0 },	/* device-wide, with dev set */
};

struct monitor {
	struct ctl *ctl;
	unsigned int filter;	/* bit per object to show */
};

/*
 * MISS { MAC | DST4 | DST6 } and DEV_SET: the device, and the miss's
 * destination if there is one.
 */
static void show_simple(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	char dev[IF_NAMESIZE] = "", mac[18] = "", dst[INET6_ADDRSTRLEN] = "";
	const struct nlattr *a, *b;

	a = msg_nest(nlh, VXIP_A_MISS, dev);
	if (a)
		mnl_attr_for_each_nested(b, a) {
			uint16_t t = mnl_attr_get_type(b);
			uint16_t n = mnl_attr_get_payload_len(b);

			if (t == VXIP_MISS_A_MAC && n == 6)
				fmt_mac(mnl_attr_get_payload(b), mac);
			else if (t == VXIP_MISS_A_DST4 && n == 4)
				inet_ntop(AF_INET, mnl_attr_get_payload(b), dst,
					  sizeof(dst));
			else if (t == VXIP_MISS_A_DST6 && n == 16)
				inet_ntop(AF_INET6, mnl_attr_get_payload(b), dst,
					  sizeof(dst));
		}
	if (json) {
		json_t *o = json_pack("{s:s}", "dev", dev);

		if (*mac)
			json_object_set_new(o, "mac", json_string(mac));
		if (*dst)
			json_object_set_new(o, "dst", json_string(dst));
		json_array_append_new(arr, o);
	} else {
		printf("dev %s%s%s%s%s\n", dev, *mac ? " mac " : "", mac,
		       *dst ? " dst " : "", dst);
	}
}

/* FLUSH: the filter it was given and what it removed. */
static void show_flush(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	static const char *const names[] = {
		[VXIP_FLUSH_A_SCOPE] = "scope",
		[VXIP_FLUSH_A_OWNER] = "owner",
		[VXIP_FLUSH_A_GEN_BELOW] = "gen-below",
		[VXIP_FLUSH_A_N_FDB] = "n-fdb",
		[VXIP_FLUSH_A_N_PEERS] = "n-peers",
		[VXIP_FLUSH_A_N_FLOOD] = "n-flood",
		[VXIP_FLUSH_A_N_ROUTES] = "n-routes",
	};
	char dev[IF_NAMESIZE] = "", addr[INET6_ADDRSTRLEN];
	const struct nlattr *a, *b;
	json_t *o = NULL;

	a = msg_nest(nlh, VXIP_A_FLUSH, dev);
	if (json)
		o = json_pack("{s:s}", "dev", dev);
	else
		printf("dev %s", dev);
	mnl_attr_for_each_nested(b, a) {
		uint16_t t = mnl_attr_get_type(b);
		uint32_t v;

		/* The peer filter, of either family. */
		if (get_underlay(b, VXIP_FLUSH_A_PEER4, VXIP_FLUSH_A_PEER6, addr)) {
			if (o)
				json_object_set_new(o, "peer", json_string(addr));
			else
				printf(" peer %s", addr);
			continue;
		}
		if (t >= ARRAY_SIZE(names) || !names[t] ||
		    mnl_attr_validate(b, MNL_TYPE_U32) < 0)
			continue;
		v = mnl_attr_get_u32(b);
		if (t == VXIP_FLUSH_A_OWNER) {
			if (o)
				json_object_set_new(o, names[t], owner_json(v));
			else
				printf(" %s %s", names[t], owner_name(v));
		} else if (o) {
			json_object_set_new(o, names[t], json_integer(v));
		} else {
			printf(" %s %u", names[t], v);
		}
	}
	if (o)
		json_array_append_new(arr, o);
	else
		putchar('\n');
}

/* The time an event was read, as ip -ts prints it. */
static void timestamp(char *out, size_t len)
{
	struct timeval tv;
	struct tm tm;
	size_t n;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	n = strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, len - n, ".%06ld", (long)tv.tv_usec);
}

static void show_event(const struct nlmsghdr *nlh, uint8_t cmd, bool json,
		       json_t *arr)
{
	switch (cmd) {
	case VXIP_CMD_PEER_NEW:
	case VXIP_CMD_PEER_DEL:
		show_peer_msg(nlh, json, arr);
		break;
	case VXIP_CMD_FDB_NEW:
	case VXIP_CMD_FDB_DEL:
		show_fdb_msg(nlh, json, arr);
		break;
	case VXIP_CMD_FLOOD_NEW:
	case VXIP_CMD_FLOOD_DEL:
		show_flood_msg(nlh, json, arr);
		break;
	case VXIP_CMD_ROUTE_NEW:
	case VXIP_CMD_ROUTE_DEL:
		show_route_msg(nlh, json, arr);
		break;
	case VXIP_CMD_FLUSH:
		show_flush(nlh, json, arr);
		break;
	default:
		show_simple(nlh, json, arr);
		break;
	}
}

/* One event: a line of text, or a JSON object on a line (NDJSON). */
static void event_cb(const struct nlmsghdr *nlh, const struct monitor *mon)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct ctl *ctl = mon->ctl;
	char ts[40] = "";
	json_t *arr, *o;

	if (g->cmd >= ARRAY_SIZE(events) || !events[g->cmd].name ||
	    !(mon->filter & (1U << events[g->cmd].object)))
		return;
	if (ctl->timestamp)
		timestamp(ts, sizeof(ts));
	arr = json_array();
	if (!ctl->json) {
		if (*ts)
			printf("[%s] ", ts);
		printf("%s: ", events[g->cmd].name);
	}
	show_event(nlh, g->cmd, ctl->json, arr);
	o = ctl->json ? json_array_get(arr, 0) : NULL;
	if (o) {
		json_t *line = json_pack("{s:s}", "event", events[g->cmd].name);

		if (*ts)
			json_object_set_new(line, "time", json_string(ts));
		json_object_update(line, o);
		json_dumpf(line, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(line);
	}
	json_decref(arr);
	fflush(stdout);
}

/* monitor [-t] [OBJECT]...: which objects to show, all by default. */
static int parse_filter(struct ctl *ctl, int argc, char **argv,
			unsigned int *filter)
{
	int i;

	*filter = 0;
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "-t") || !strcmp(argv[0], "-timestamp")) {
			ctl->timestamp = true;
			continue;
		}
		i = keyword(argv[0], object_names, "monitor", "object");
		if (i < 0)
			return 2;
		*filter |= i == OBJ_ALL ? ~0U : 1U << i;
	}
	if (!*filter)
		*filter = ~0U;
	return 0;
}

/* Join the groups that carry the objects of @filter. */
static int join_groups(struct ctl *ctl, unsigned int filter)
{
	const struct vxnl *nl = &ctl->nl;
	uint32_t grps[3] = { 0 };
	unsigned int i, n = 0;
	int grp;

	if (filter & ~(1U << OBJ_MISS))
		grps[n++] = nl->grp_changes;
	if (filter & (1U << OBJ_FDB))
		grps[n++] = nl->grp_learn;
	if (filter & (1U << OBJ_MISS))
		grps[n++] = nl->grp_miss;
	for (i = 0; i < n; i++) {
		grp = (int)grps[i];
		if (grp && mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP,
						 &grp, sizeof(grp)) < 0) {
			fprintf(stderr,
				"vxipctl: monitor: cannot join the notification groups: %s\n",
				strerror(errno));
			return 1;
		}
	}
	return 0;
}

int cmd_monitor(struct ctl *ctl, int argc, char **argv)
{
	static char buf[VXNL_RECV_SIZE];
	struct monitor mon = { .ctl = ctl };
	int err;

	err = parse_filter(ctl, argc, argv, &mon.filter);
	if (err)
		return err;
	if (ctl_join(ctl) || join_groups(ctl, mon.filter))
		return 1;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(ctl->nl.sk, buf, sizeof(buf));
		const struct nlmsghdr *m;
		int len;

		if (n < 0) {
			if (errno == ENOBUFS) {
				fprintf(stderr,
					"vxipctl: monitor: events were lost (socket buffer full)\n");
				continue;
			}
			fprintf(stderr, "vxipctl: monitor: %s\n", strerror(errno));
			return 1;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len))
			if (m->nlmsg_type == ctl->nl.family)
				event_cb(m, &mon);
	}
}
