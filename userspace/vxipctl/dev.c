// SPDX-License-Identifier: GPL-2.0
/* vxipctl dev: show device configuration. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <jansson.h>
#include <linux/genetlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

struct dev_info {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	bool has_vni, has_local4;
	uint32_t vni;
	struct in_addr local4;
	uint32_t a[VXIP_DEV_A_MAX + 1];	/* the u32 attributes */
};

struct dev_list {
	struct dev_info *v;
	size_t n, cap;
};

static const char *const df_names[] = {
	[VXIP_DF_UNSET] = "unset",
	[VXIP_DF_SET] = "set",
	[VXIP_DF_INHERIT] = "inherit",
};

static int parse_cfg(const struct nlattr *nest, struct dev_info *d)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);

		if (type == VXIP_DEV_A_LOCAL4) {
			if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
				return -1;
			d->has_local4 = true;
			memcpy(&d->local4, mnl_attr_get_payload(a), 4);
			continue;
		}
		if (type > VXIP_DEV_A_MAX || type == VXIP_DEV_A_PAD)
			continue;	/* from a newer kernel */
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return -1;
		d->a[type] = mnl_attr_get_u32(a);
		if (type == VXIP_DEV_A_VNI) {
			d->has_vni = true;
			d->vni = d->a[type];
		}
	}
	return 0;
}

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dev_list *l = data;
	struct dev_info d = { 0 };
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case VXIP_A_IFINDEX:
			if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
				return -1;
			d.ifindex = mnl_attr_get_u32(a);
			break;
		case VXIP_A_IFNAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
				return -1;
			snprintf(d.ifname, sizeof(d.ifname), "%s",
				 mnl_attr_get_str(a));
			break;
		case VXIP_A_DEV:
			if (parse_cfg(a, &d) < 0)
				return -1;
			break;
		}
	}

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct dev_info *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = d;
	return 0;
}

static const char *df_name(uint32_t df)
{
	return df <= VXIP_DF_MAX ? df_names[df] : "?";
}

static void print_text(const struct dev_info *d)
{
	const uint32_t *a = d->a;
	char local[INET_ADDRSTRLEN] = "auto";

	if (d->has_local4)
		inet_ntop(AF_INET, &d->local4, local, sizeof(local));

	printf("%u: %s\n", d->ifindex, d->ifname);
	if (d->has_vni)
		printf("    vni %u", d->vni);
	else
		printf("    vni none");
	printf(" local %s port %u srcport ", local, a[VXIP_DEV_A_PORT]);
	if (a[VXIP_DEV_A_SRCPORT_MIN] || a[VXIP_DEV_A_SRCPORT_MAX])
		printf("%u %u\n", a[VXIP_DEV_A_SRCPORT_MIN],
		       a[VXIP_DEV_A_SRCPORT_MAX]);
	else
		printf("auto\n");

	printf("    ttl ");
	if (a[VXIP_DEV_A_TTL_INHERIT])
		printf("inherit");
	else if (a[VXIP_DEV_A_TTL])
		printf("%u", a[VXIP_DEV_A_TTL]);
	else
		printf("auto");
	printf(" tos ");
	if (a[VXIP_DEV_A_TOS_INHERIT])
		printf("inherit");
	else
		printf("0x%x", a[VXIP_DEV_A_TOS]);
	printf(" df %s udpcsum %s\n", df_name(a[VXIP_DEV_A_DF]),
	       a[VXIP_DEV_A_UDP_CSUM] ? "on" : "off");

	printf("    learning %s ageing %u max-fdb %u strict %s\n",
	       a[VXIP_DEV_A_LEARNING] ? "on" : "off", a[VXIP_DEV_A_AGEING],
	       a[VXIP_DEV_A_MAX_FDB], a[VXIP_DEV_A_STRICT] ? "on" : "off");
}

static json_t *to_json(const struct dev_info *d)
{
	const uint32_t *a = d->a;
	char local[INET_ADDRSTRLEN];
	json_t *o = json_object();

	json_object_set_new(o, "ifindex", json_integer(d->ifindex));
	json_object_set_new(o, "ifname", json_string(d->ifname));
	json_object_set_new(o, "vni", d->has_vni ? json_integer(d->vni) : json_null());
	if (d->has_local4)
		inet_ntop(AF_INET, &d->local4, local, sizeof(local));
	json_object_set_new(o, "local", d->has_local4 ? json_string(local) : json_null());
	json_object_set_new(o, "port", json_integer(a[VXIP_DEV_A_PORT]));
	json_object_set_new(o, "srcport_min", json_integer(a[VXIP_DEV_A_SRCPORT_MIN]));
	json_object_set_new(o, "srcport_max", json_integer(a[VXIP_DEV_A_SRCPORT_MAX]));
	json_object_set_new(o, "ttl", json_integer(a[VXIP_DEV_A_TTL]));
	json_object_set_new(o, "ttl_inherit", json_boolean(a[VXIP_DEV_A_TTL_INHERIT]));
	json_object_set_new(o, "tos", json_integer(a[VXIP_DEV_A_TOS]));
	json_object_set_new(o, "tos_inherit", json_boolean(a[VXIP_DEV_A_TOS_INHERIT]));
	json_object_set_new(o, "df", json_string(df_name(a[VXIP_DEV_A_DF])));
	json_object_set_new(o, "udp_csum", json_boolean(a[VXIP_DEV_A_UDP_CSUM]));
	json_object_set_new(o, "learning", json_boolean(a[VXIP_DEV_A_LEARNING]));
	json_object_set_new(o, "ageing", json_integer(a[VXIP_DEV_A_AGEING]));
	json_object_set_new(o, "max_fdb", json_integer(a[VXIP_DEV_A_MAX_FDB]));
	json_object_set_new(o, "strict", json_boolean(a[VXIP_DEV_A_STRICT]));
	return o;
}

static int dev_show(struct ctl *ctl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dev_list l = { 0 };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	int err, tries = 0;
	size_t i;

	if (argc > 1)
		return usage_error("dev show: unexpected argument \"%s\"", argv[1]);
	if (argc == 1) {
		dev = argv[0];
		if (strlen(dev) >= IF_NAMESIZE)
			return usage_error("dev show: \"%s\" is too long for a device name", dev);
	}

	do {
		l.n = 0;
		nlh = vxnl_msg(&ctl->nl, buf, VXIP_CMD_DEV_GET,
			       dev ? NLM_F_ACK : NLM_F_DUMP);
		if (dev)
			put_dev_selector(nlh, dev);
		err = vxnl_talk(&ctl->nl, nlh, dev_cb, &l);
	} while (err == -EINTR && ++tries < 10);
	if (err) {
		free(l.v);
		return nl_error(ctl, err, dev ? dev : "dev show");
	}

	if (ctl->json) {
		json_t *arr = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(arr, to_json(&l.v[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(arr);
	} else {
		for (i = 0; i < l.n; i++)
			print_text(&l.v[i]);
	}
	free(l.v);
	return 0;
}

int cmd_dev(struct ctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return dev_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	return usage_error("dev: unknown command \"%s\"", argv[0]);
}
