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
	bool has_vni, has_local4, has_local6;
	char mac[18];
	uint32_t vni;
	struct in_addr local4;
	char local6[INET6_ADDRSTRLEN];	/* LOCAL6, as text */
	uint32_t a[VXIP_DEV_A_MAX + 1];	/* the u32 attributes */
	uint64_t st[VXIP_DEV_STATS_A_MAX + 1];	/* VXIP_DEV_A_STATS, if sent */
	bool has_stats;
};

struct dev_list {
	struct dev_info *v;
	size_t n, cap;
};

static void dev_list_reset(void *data)
{
	((struct dev_list *)data)->n = 0;
}

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
		if (type == VXIP_DEV_A_LOCAL6) {
			if (mnl_attr_get_payload_len(a) != sizeof(struct in6_addr))
				return -1;
			d->has_local6 = true;
			inet_ntop(AF_INET6, mnl_attr_get_payload(a), d->local6,
				  sizeof(d->local6));
			continue;
		}
		if (type == VXIP_DEV_A_MAC) {
			if (mnl_attr_get_payload_len(a) != 6)
				return -1;
			fmt_mac(mnl_attr_get_payload(a), d->mac);
			continue;
		}
		if (type == VXIP_DEV_A_STATS) {
			d->has_stats = true;
			get_u64_nest(a, d->st, VXIP_DEV_STATS_A_MAX);
			continue;
		}
		if (type > VXIP_DEV_A_MAX || type == VXIP_DEV_A_PAD)
			continue;	/* from a newer kernel, or not a u32 */
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

/* The values of srcport, ttl and tos as dev set takes them. */
static void fmt_settings(const struct dev_info *d, char *srcport, char *ttl,
			 char *tos, size_t len)
{
	const uint32_t *a = d->a;

	if (a[VXIP_DEV_A_SRCPORT_MIN] || a[VXIP_DEV_A_SRCPORT_MAX])
		snprintf(srcport, len, "%u %u", a[VXIP_DEV_A_SRCPORT_MIN],
			 a[VXIP_DEV_A_SRCPORT_MAX]);
	else
		snprintf(srcport, len, "auto");
	if (a[VXIP_DEV_A_TTL_INHERIT])
		snprintf(ttl, len, "inherit");
	else if (a[VXIP_DEV_A_TTL])
		snprintf(ttl, len, "%u", a[VXIP_DEV_A_TTL]);
	else
		snprintf(ttl, len, "auto");
	if (a[VXIP_DEV_A_TOS_INHERIT])
		snprintf(tos, len, "inherit");
	else
		snprintf(tos, len, "0x%x", a[VXIP_DEV_A_TOS]);
}

static const char *on_off(uint32_t v)
{
	return v ? "on" : "off";
}

/*
 * What follows "local": each address the device has, "auto" for none.
 * For dev set (show -c), "auto" stands for a missing IPv4 address even
 * next to an IPv6 one: the line sets both families as they are.
 */
static void fmt_local(const struct dev_info *d, char *out, size_t len)
{
	char local4[INET_ADDRSTRLEN] = "auto";

	if (d->has_local4)
		inet_ntop(AF_INET, &d->local4, local4, sizeof(local4));
	if (!d->has_local6)
		snprintf(out, len, "%s", local4);
	else if (d->has_local4 || static_view)
		snprintf(out, len, "%s local %s", local4, d->local6);
	else
		snprintf(out, len, "%s", d->local6);
}

static void print_text(const struct dev_info *d)
{
	const uint32_t *a = d->a;
	char local[INET_ADDRSTRLEN + INET6_ADDRSTRLEN + 8];
	char srcport[24], ttl[24], tos[24], vni[16] = "none";

	fmt_local(d, local, sizeof(local));
	if (d->has_vni)
		snprintf(vni, sizeof(vni), "%u", d->vni);
	fmt_settings(d, srcport, ttl, tos, sizeof(srcport));

	if (stats_view) {
		stats_view_dev(d->ifname, a, d->has_stats ? d->st : NULL);
		return;
	}
	/* show -c: the configuration as the dev set line that makes it. */
	if (static_view) {
		if (!static_view->print)
			return;
		printf("dev set %s vni %s local %s%s%s port %u srcport %s ttl %s tos %s",
		       d->ifname, vni, local, *d->mac ? " mac " : "", d->mac,
		       a[VXIP_DEV_A_PORT], srcport, ttl, tos);
		printf(" df %s udp-csum %s learning %s ageing %u",
		       df_name(a[VXIP_DEV_A_DF]), on_off(a[VXIP_DEV_A_UDP_CSUM]),
		       on_off(a[VXIP_DEV_A_LEARNING]), a[VXIP_DEV_A_AGEING]);
		printf(" max-fdb %u max-routes %u strict %s",
		       a[VXIP_DEV_A_MAX_FDB], a[VXIP_DEV_A_MAX_ROUTES],
		       on_off(a[VXIP_DEV_A_STRICT]));
		printf(" udp6-zero-csum-tx %s udp6-zero-csum-rx %s\n",
		       on_off(a[VXIP_DEV_A_UDP6_ZERO_CSUM_TX]),
		       on_off(a[VXIP_DEV_A_UDP6_ZERO_CSUM_RX]));
		return;
	}

	printf("%u: %s%s%s\n", d->ifindex, d->ifname, *d->mac ? " mac " : "",
	       d->mac);
	printf("    vni %s local %s port %u srcport %s\n", vni, local,
	       a[VXIP_DEV_A_PORT], srcport);
	printf("    ttl %s tos %s df %s udp-csum %s\n", ttl, tos,
	       df_name(a[VXIP_DEV_A_DF]), on_off(a[VXIP_DEV_A_UDP_CSUM]));
	printf("    udp6-zero-csum-tx %s udp6-zero-csum-rx %s\n",
	       on_off(a[VXIP_DEV_A_UDP6_ZERO_CSUM_TX]),
	       on_off(a[VXIP_DEV_A_UDP6_ZERO_CSUM_RX]));
	printf("    learning %s ageing %u max-fdb %u strict %s\n",
	       on_off(a[VXIP_DEV_A_LEARNING]), a[VXIP_DEV_A_AGEING],
	       a[VXIP_DEV_A_MAX_FDB], on_off(a[VXIP_DEV_A_STRICT]));
	printf("    max-routes %u module %s\n", a[VXIP_DEV_A_MAX_ROUTES],
	       module_version() ?: "unknown");
	printf("    peers %u fdb %u flood %u routes %u\n", a[VXIP_DEV_A_N_PEERS],
	       a[VXIP_DEV_A_N_FDB], a[VXIP_DEV_A_N_FLOOD], a[VXIP_DEV_A_N_ROUTES]);
}

/* Keys are the YNL spec's names, which dev set takes too. */
static json_t *to_json(const struct dev_info *d)
{
	const uint32_t *a = d->a;
	char local[INET_ADDRSTRLEN];
	json_t *o = json_object();

	json_object_set_new(o, "ifindex", json_integer(d->ifindex));
	json_object_set_new(o, "ifname", json_string(d->ifname));
	if (*d->mac)
		json_object_set_new(o, "mac", json_string(d->mac));
	json_object_set_new(o, "vni", d->has_vni ? json_integer(d->vni) : json_null());
	if (d->has_local4)
		inet_ntop(AF_INET, &d->local4, local, sizeof(local));
	json_object_set_new(o, "local", d->has_local4 ? json_string(local) : json_null());
	if (d->has_local6)
		json_object_set_new(o, "local6", json_string(d->local6));
	json_object_set_new(o, "port", json_integer(a[VXIP_DEV_A_PORT]));
	json_object_set_new(o, "srcport-min", json_integer(a[VXIP_DEV_A_SRCPORT_MIN]));
	json_object_set_new(o, "srcport-max", json_integer(a[VXIP_DEV_A_SRCPORT_MAX]));
	json_object_set_new(o, "ttl", json_integer(a[VXIP_DEV_A_TTL]));
	json_object_set_new(o, "ttl-inherit", json_boolean(a[VXIP_DEV_A_TTL_INHERIT]));
	json_object_set_new(o, "tos", json_integer(a[VXIP_DEV_A_TOS]));
	json_object_set_new(o, "tos-inherit", json_boolean(a[VXIP_DEV_A_TOS_INHERIT]));
	json_object_set_new(o, "df", json_string(df_name(a[VXIP_DEV_A_DF])));
	json_object_set_new(o, "udp-csum", json_boolean(a[VXIP_DEV_A_UDP_CSUM]));
	json_object_set_new(o, "udp6-zero-csum-tx",
			    json_boolean(a[VXIP_DEV_A_UDP6_ZERO_CSUM_TX]));
	json_object_set_new(o, "udp6-zero-csum-rx",
			    json_boolean(a[VXIP_DEV_A_UDP6_ZERO_CSUM_RX]));
	json_object_set_new(o, "learning", json_boolean(a[VXIP_DEV_A_LEARNING]));
	json_object_set_new(o, "ageing", json_integer(a[VXIP_DEV_A_AGEING]));
	json_object_set_new(o, "max-fdb", json_integer(a[VXIP_DEV_A_MAX_FDB]));
	json_object_set_new(o, "strict", json_boolean(a[VXIP_DEV_A_STRICT]));
	json_object_set_new(o, "n-peers", json_integer(a[VXIP_DEV_A_N_PEERS]));
	json_object_set_new(o, "n-fdb", json_integer(a[VXIP_DEV_A_N_FDB]));
	json_object_set_new(o, "n-flood", json_integer(a[VXIP_DEV_A_N_FLOOD]));
	json_object_set_new(o, "max-routes", json_integer(a[VXIP_DEV_A_MAX_ROUTES]));
	json_object_set_new(o, "n-routes", json_integer(a[VXIP_DEV_A_N_ROUTES]));
	json_object_set_new(o, "module-version",
			    module_version() ? json_string(module_version()) : json_null());
	return o;
}

static int dev_show(struct ctl *ctl, int argc, char **argv)
{
	struct dev_list l = { 0 };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	size_t i;
	int err;

	if (argc > 1)
		return usage_error("dev show: unexpected argument \"%s\"", argv[1]);
	if (argc == 1) {
		dev = argv[0];
		if (check_dev(dev))
			return 2;
	}

	nlh = ctl_msg(ctl, VXIP_CMD_DEV_GET, dev ? NLM_F_ACK : NLM_F_DUMP);
	if (dev)
		put_dev(nlh, dev);
	err = ctl_query(ctl, nlh, dev_cb, &l, dev_list_reset, dev ? dev : "dev show");
	if (err) {
		free(l.v);
		return err;
	}

	if (ctl->json && !static_view && !stats_view) {
		json_t *arr = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(arr, to_json(&l.v[i]));
		print_json(arr);
	} else {
		for (i = 0; i < l.n; i++)
			print_text(&l.v[i]);
	}
	free(l.v);
	return 0;
}

/*
 * The settings of dev set.  The first ones are "KEYWORD N" u32s with a
 * maximum, then "KEYWORD on|off" booleans, then the rest.
 */
static const char *const dev_keys[] = {
	"port", "ageing", "max-fdb", "max-routes",
	"udp-csum", "learning", "strict", "udp6-zero-csum-tx", "udp6-zero-csum-rx",
	"vni", "local", "srcport", "ttl", "tos", "df", "mac", NULL
};

enum { DEV_U32_END = 4, DEV_BOOL_END = 9 };

static const struct {
	uint16_t attr;
	uint32_t min, max;
} dev_u32_args[DEV_U32_END] = {
	{ VXIP_DEV_A_PORT, 1, 65535 },
	{ VXIP_DEV_A_AGEING, 0, VXIP_AGEING_MAX },
	{ VXIP_DEV_A_MAX_FDB, 0, UINT32_MAX },
	{ VXIP_DEV_A_MAX_ROUTES, 0, UINT32_MAX },
};

static const uint16_t dev_bool_args[DEV_BOOL_END - DEV_U32_END] = {
	VXIP_DEV_A_UDP_CSUM, VXIP_DEV_A_LEARNING, VXIP_DEV_A_STRICT,
	VXIP_DEV_A_UDP6_ZERO_CSUM_TX, VXIP_DEV_A_UDP6_ZERO_CSUM_RX,
};

/* ttl N|auto|inherit and tos N|inherit: a value, or the inherit flag. */
static int put_inheritable(struct nlmsghdr *nlh, const char *val, bool ttl)
{
	uint32_t v;

	if (!strcmp(val, "inherit")) {
		put_u32(nlh, ttl ? VXIP_DEV_A_TTL_INHERIT : VXIP_DEV_A_TOS_INHERIT, 1);
		return 0;
	}
	if (ttl) {
		if (!strcmp(val, "auto"))
			v = 0;
		else if (parse_u32(val, 255, &v) || !v)
			return -usage_error("dev set: ttl is 1-255, auto or inherit");
	} else if (parse_u32(val, 255, &v)) {
		return -usage_error("dev set: tos is 0-255 or inherit");
	}
	put_u32(nlh, ttl ? VXIP_DEV_A_TTL : VXIP_DEV_A_TOS, v);
	put_u32(nlh, ttl ? VXIP_DEV_A_TTL_INHERIT : VXIP_DEV_A_TOS_INHERIT, 0);
	return 0;
}

/* srcport MIN MAX|auto: returns how many arguments it took, or -status. */
static int put_srcport(struct nlmsghdr *nlh, int argc, char **argv)
{
	uint32_t v = 0, v2 = 0;
	bool automatic = !strcmp(argv[1], "auto");

	if (!automatic && (argc < 3 || parse_u32(argv[1], 65535, &v) ||
			   parse_u32(argv[2], 65535, &v2)))
		return -usage_error("dev set: srcport takes MIN MAX or auto");
	put_u32(nlh, VXIP_DEV_A_SRCPORT_MIN, v);
	put_u32(nlh, VXIP_DEV_A_SRCPORT_MAX, v2);
	return automatic ? 2 : 3;
}

/* Returns how many arguments it took, or minus the exit status. */
static int dev_set_arg(struct nlmsghdr *nlh, int argc, char **argv)
{
	const char *key = argv[0], *val = argv[1];
	int k = keyword(key, dev_keys, "dev set", "setting");
	uint32_t v;
	bool b;

	if (k < 0)
		return -2;
	if (argc < 2)
		return -usage_error("dev set: \"%s\" needs a value", key);
	if (k < DEV_U32_END) {
		if (parse_u32(val, dev_u32_args[k].max, &v) || v < dev_u32_args[k].min)
			return -usage_error("dev set: invalid %s \"%s\"", dev_keys[k], val);
		put_u32(nlh, dev_u32_args[k].attr, v);
		return 2;
	}
	if (k < DEV_BOOL_END) {
		if (parse_bool(val, &b))
			return -usage_error("dev set: %s is on or off, not \"%s\"",
					    dev_keys[k], val);
		put_u32(nlh, dev_bool_args[k - DEV_U32_END], b);
		return 2;
	}
	switch (k) {
	case DEV_BOOL_END:	/* vni: the in-band "none" is not a number */
		if (!strcmp(val, "none"))
			v = VXIP_VNI_NONE;
		else if (parse_u32(val, VXIP_VNI_MAX, &v))
			return -usage_error("dev set: invalid vni \"%s\"", val);
		put_u32(nlh, VXIP_DEV_A_VNI, v);
		break;
	case DEV_BOOL_END + 1:
		if (!strcmp(val, "auto")) {
			/* Both families: 0.0.0.0 and ::. */
			static const uint8_t any[16];

			put_bin(nlh, VXIP_DEV_A_LOCAL4, 4, any);
			put_bin(nlh, VXIP_DEV_A_LOCAL6, 16, any);
		} else if (put_underlay(nlh, VXIP_A_DEV, val)) {
			return -usage_error("dev set: invalid local address \"%s\"", val);
		}
		break;
	case DEV_BOOL_END + 2:
		return put_srcport(nlh, argc, argv);
	case DEV_BOOL_END + 3:
	case DEV_BOOL_END + 4:
		if (put_inheritable(nlh, val, k == DEV_BOOL_END + 3))
			return -2;
		break;
	case DEV_BOOL_END + 6: {
		uint8_t mac[6];

		if (parse_unicast_mac(val, mac))
			return -usage_error("dev set: invalid mac \"%s\"", val);
		put_bin(nlh, VXIP_DEV_A_MAC, sizeof(mac), mac);
		break;
	}
	default:
		for (v = 0; v <= VXIP_DF_MAX; v++)
			if (!strcmp(val, df_names[v]))
				break;
		if (v > VXIP_DF_MAX)
			return -usage_error("dev set: df is set, unset or inherit");
		put_u32(nlh, VXIP_DEV_A_DF, v);
		break;
	}
	return 2;
}

static int dev_set(struct ctl *ctl, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int n;

	if (argc < 1)
		return usage_error("dev set: which device?");
	if (check_dev(argv[0]))
		return 2;
	nlh = ctl_msg(ctl, VXIP_CMD_DEV_SET, 0);
	put_dev(nlh, argv[0]);
	nest = put_nest(nlh, VXIP_A_DEV);
	for (argc--, argv++; argc > 0; argc -= n, argv += n) {
		n = dev_set_arg(nlh, argc, argv);
		if (n < 0)
			return -n;
	}
	end_nest(nlh, nest);
	return ctl_change(ctl, nlh, "dev set");
}

int cmd_dev(struct ctl *ctl, int argc, char **argv)
{
	static const char *const verbs[] = { "show", "list", "set", NULL };
	int i = argc < 1 ? 0 : keyword(argv[0], verbs, "dev", "command");

	if (i == 0 || i == 1)
		return dev_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	if (i == 2)
		return dev_set(ctl, argc - 1, argv + 1);
	return 2;
}
