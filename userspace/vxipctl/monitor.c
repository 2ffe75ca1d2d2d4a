// SPDX-License-Identifier: GPL-2.0
/* vxipctl monitor: print the events the kernel sends, one per line. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

static const char *const event_names[] = {
	[VXIP_CMD_DEV_SET] = "dev set",
	[VXIP_CMD_PEER_NEW] = "peer new",
	[VXIP_CMD_PEER_DEL] = "peer del",
	[VXIP_CMD_FDB_NEW] = "fdb new",
	[VXIP_CMD_FDB_DEL] = "fdb del",
	[VXIP_CMD_FLOOD_NEW] = "flood new",
	[VXIP_CMD_FLOOD_DEL] = "flood del",
	[VXIP_CMD_MISS] = "miss",
	[VXIP_CMD_ROUTE_NEW] = "route new",
	[VXIP_CMD_ROUTE_DEL] = "route del",
};

/* MISS { MAC } and DEV_SET: the device and the key only. */
static void show_simple(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	const char *dev = "";
	char mac[18] = "";
	const struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			dev = mnl_attr_get_str(a);
		if (mnl_attr_get_type(a) != VXIP_A_MISS)
			continue;
		mnl_attr_for_each_nested(b, a)
			if (mnl_attr_get_type(b) == VXIP_MISS_A_MAC &&
			    mnl_attr_get_payload_len(b) == 6)
				fmt_mac(mnl_attr_get_payload(b), mac);
	}
	if (json) {
		json_t *o = json_pack("{s:s}", "dev", dev);

		if (*mac)
			json_object_set_new(o, "mac", json_string(mac));
		json_array_append_new(arr, o);
	} else {
		printf("dev %s%s%s\n", dev, *mac ? " mac " : "", mac);
	}
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct ctl *ctl = data;
	json_t *arr, *o;

	if (g->cmd >= ARRAY_SIZE(event_names) || !event_names[g->cmd])
		return 0;
	arr = json_array();
	if (!ctl->json)
		printf("%s: ", event_names[g->cmd]);
	switch (g->cmd) {
	case VXIP_CMD_PEER_NEW:
	case VXIP_CMD_PEER_DEL:
		show_peer_msg(nlh, ctl->json, arr);
		break;
	case VXIP_CMD_FDB_NEW:
	case VXIP_CMD_FDB_DEL:
		show_fdb_msg(nlh, ctl->json, arr);
		break;
	case VXIP_CMD_FLOOD_NEW:
	case VXIP_CMD_FLOOD_DEL:
		show_flood_msg(nlh, ctl->json, arr);
		break;
	case VXIP_CMD_ROUTE_NEW:
	case VXIP_CMD_ROUTE_DEL:
		show_route_msg(nlh, ctl->json, arr);
		break;
	default:
		show_simple(nlh, ctl->json, arr);
		break;
	}
	o = ctl->json ? json_array_get(arr, 0) : NULL;
	if (o) {
		json_object_set_new(o, "event", json_string(event_names[g->cmd]));
		json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	json_decref(arr);
	fflush(stdout);
	return 0;
}

int cmd_monitor(struct ctl *ctl, int argc, char **argv)
{
	static char buf[VXNL_RECV_SIZE];
	int grp = ctl->nl.events_grp;

	if (argc)
		return usage_error("monitor: unexpected argument \"%s\"", argv[0]);
	if (mnl_socket_setsockopt(ctl->nl.sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		fprintf(stderr, "vxipctl: monitor: cannot join the events group: %s\n",
			strerror(errno));
		return 1;
	}
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
				event_cb(m, ctl);
	}
}
