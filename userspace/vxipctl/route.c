// SPDX-License-Identifier: GPL-2.0
/* vxipctl route: the device's L3 table, prefix -> peer + encap. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

struct route_info {
	char dev[IF_NAMESIZE];
	char dst[INET6_ADDRSTRLEN];
	struct peer_list peers;
	uint32_t plen, encap, owner, gen, vni;
	bool has_plen, has_encap, has_owner, has_gen, has_vni;
	bool has_rmac;
	uint8_t rmac[6];
};

static const struct u32_field route_fields[] = {
	U32_FIELD(VXIP_ROUTE_A_PLEN, struct route_info, plen),
	U32_FIELD(VXIP_ROUTE_A_ENCAP, struct route_info, encap),
	U32_FIELD(VXIP_ROUTE_A_OWNER, struct route_info, owner),
	U32_FIELD(VXIP_ROUTE_A_GEN, struct route_info, gen),
	U32_FIELD(VXIP_ROUTE_A_VNI, struct route_info, vni),
};

static void parse_route_msg(const struct nlmsghdr *nlh, struct route_info *r)
{
	const struct nlattr *a, *b;

	memset(r, 0, sizeof(*r));
	a = msg_nest(nlh, VXIP_A_ROUTE, r->dev);
	if (!a)
		return;
	mnl_attr_for_each_nested(b, a) {
		uint16_t t = mnl_attr_get_type(b);
		uint16_t len = mnl_attr_get_payload_len(b);
		const void *d = mnl_attr_get_payload(b);

		if (t == VXIP_ROUTE_A_DST4 && len == 4) {
			inet_ntop(AF_INET, d, r->dst, sizeof(r->dst));
		} else if (t == VXIP_ROUTE_A_DST6 && len == 16) {
			inet_ntop(AF_INET6, d, r->dst, sizeof(r->dst));
		} else if (t == VXIP_ROUTE_A_RMAC && len == 6) {
			memcpy(r->rmac, d, 6);
			r->has_rmac = true;
		} else if (!peer_list_get(&r->peers, b, VXIP_ROUTE_A_PEER4,
					  VXIP_ROUTE_A_PEER6)) {
			get_u32_field(b, route_fields, ARRAY_SIZE(route_fields), r);
		}
	}
}

static void route_json(const struct route_info *r, const char *mac,
		       json_t *arr)
{
	json_t *o = json_object();

	json_object_set_new(o, "dev", json_string(r->dev));
	json_object_set_new(o, "dst", json_string(r->dst));
	if (r->has_plen)
		json_object_set_new(o, "plen", json_integer(r->plen));
	json_peers(o, &r->peers);
	if (r->encap)
		json_object_set_new(o, "encap", json_string(encap_name(r->encap)));
	if (r->has_vni)
		json_object_set_new(o, "vni", json_integer(r->vni));
	if (r->has_rmac)
		json_object_set_new(o, "rmac", json_string(mac));
	json_owner_gen(o, r->has_owner, r->owner, r->has_gen, r->gen);
	json_array_append_new(arr, o);
}

/*
 * A line that "route add" takes back: no encap when the route follows
 * its peer's (the kernel sends none, or UNSPEC).
 */
static void print_route(const struct route_info *r, bool json, json_t *arr)
{
	char mac[18] = "";

	if (r->has_rmac)
		fmt_mac(r->rmac, mac);
	if (stats_view) {
		char prefix[INET6_ADDRSTRLEN + 4];

		snprintf(prefix, sizeof(prefix), "%s/%u", r->dst, r->plen);
		stats_view_route(r->dev, prefix, &r->peers, r->encap, r->owner);
		return;
	}
	if (static_view) {
		if (!static_view_entry(r->owner, r->has_gen, r->gen))
			return;
		printf("route add %s ", r->dev);
	} else if (json) {
		route_json(r, mac, arr);
		return;
	}
	printf("%s", r->dst);
	if (r->has_plen)
		printf("/%u", r->plen);
	if (!static_view)
		printf(" dev %s", r->dev);
	print_peers(&r->peers);
	if (r->encap)
		printf(" encap %s", encap_name(r->encap));
	if (r->has_vni)
		printf(" vni %u", r->vni);
	if (r->has_rmac)
		printf(" rmac %s", mac);
	if (!static_view)
		print_owner_gen(r->has_owner, r->owner, r->has_gen, r->gen);
	putchar('\n');
}

void show_route_msg(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	struct route_info r;

	parse_route_msg(nlh, &r);
	print_route(&r, json, arr);
}

/* A prefix length: one to three decimal digits, at most 128. */
static int parse_plen(const char *s, uint32_t *plen)
{
	size_t n = strspn(s, "0123456789");

	if (!n || n > 3 || s[n])
		return -EINVAL;
	return parse_u32(s, 128, plen);
}

/* "ADDR[/PLEN]" into the nest; @need_plen: a bare address is an error. */
static int put_prefix(struct nlmsghdr *nlh, const char *arg, bool need_plen,
		      const char *what)
{
	const char *slash = strchr(arg, '/');
	char buf[INET6_ADDRSTRLEN];
	size_t len = slash ? (size_t)(slash - arg) : strlen(arg);
	struct in6_addr a;
	uint32_t plen;
	bool v4;

	if (len >= sizeof(buf) || (snprintf(buf, sizeof(buf), "%.*s", (int)len, arg),
				   parse_ip(buf, &a, &v4)))
		return usage_error("%s: invalid address \"%.*s\"", what, (int)len, arg);
	if (v4)
		put_bin(nlh, VXIP_ROUTE_A_DST4, 4, &a.s6_addr[12]);
	else
		put_bin(nlh, VXIP_ROUTE_A_DST6, 16, &a);
	if (slash) {
		if (parse_plen(slash + 1, &plen) || plen > (v4 ? 32U : 128U))
			return usage_error("%s: invalid prefix length \"%s\"", what, slash + 1);
		put_u32(nlh, VXIP_ROUTE_A_PLEN, plen);
	} else if (need_plen) {
		return usage_error("%s: \"%s\" needs a prefix length", what, arg);
	}
	return 0;
}

/* One "KEY VALUE" of route add or replace, @k its index in route_keys. */
static int route_arg(struct nlmsghdr *nlh, int k, const char *val,
		     const char *what)
{
	uint8_t mac[6];
	uint32_t v;

	switch (k) {
	case 1:
		if (put_underlay(nlh, VXIP_A_ROUTE, val))
			return usage_error("%s: invalid peer \"%s\"", what, val);
		break;
	case 2:
		if (parse_encap(val, &v))
			return usage_error("%s: unknown encap \"%s\"", what, val);
		put_u32(nlh, VXIP_ROUTE_A_ENCAP, v);
		break;
	case 3:
		if (parse_u32(val, VXIP_VNI_MAX, &v))
			return usage_error("%s: invalid vni \"%s\"", what, val);
		put_u32(nlh, VXIP_ROUTE_A_VNI, v);
		break;
	case 4:
		if (parse_mac(val, mac))
			return usage_error("%s: invalid MAC \"%s\"", what, val);
		put_bin(nlh, VXIP_ROUTE_A_RMAC, 6, mac);
		break;
	case 5:
		if (parse_owner(val, &v))
			return usage_error("%s: unknown owner \"%s\"", what, val);
		put_u32(nlh, VXIP_ROUTE_A_OWNER, v);
		break;
	default:
		if (parse_u32(val, UINT32_MAX, &v))
			return usage_error("%s: invalid generation \"%s\"", what, val);
		put_u32(nlh, VXIP_ROUTE_A_GEN, v);
		break;
	}
	return 0;
}

/*
 * route add DEV PREFIX ..., or as route show prints it:
 * route add PREFIX dev DEV ...
 */
static int route_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
			bool replace, const char *what)
{
	static const char *const keys[] = {
		"dev", "peer", "encap", "vni", "rmac", "owner", "gen", NULL
	};
	bool del = cmd == VXIP_CMD_ROUTE_DEL, has_peer = false;
	const char *dev = NULL, *prefix;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err, k;

	if (argc >= 1 && strchr(argv[0], '/')) {
		prefix = argv[0];
		argc--, argv++;
	} else {
		if (argc < 2)
			return usage_error("%s: needs DEV and PREFIX", what);
		dev = argv[0];
		prefix = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (dev && check_dev(dev))
		return 2;
	nlh = ctl_msg(ctl, cmd, 0);
	if (replace)
		put_replace(nlh);
	nest = put_nest(nlh, VXIP_A_ROUTE);
	err = put_prefix(nlh, prefix, true, what);
	if (err)
		return err;
	for (; argc > 0; argc -= 2, argv += 2) {
		k = keyword(argv[0], keys, what, "argument");
		if (k < 0)
			return 2;
		/* A delete acts for one owner. */
		if (del && k && k != 5)
			return usage_error("%s: unexpected argument \"%s\"", what, argv[0]);
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, argv[0]);
		if (k == 0) {
			if (dev && strcmp(dev, argv[1]))
				return usage_error("%s: two devices, \"%s\" and \"%s\"",
						   what, dev, argv[1]);
			if (check_dev(argv[1]))
				return 2;
			dev = argv[1];
			continue;
		}
		has_peer |= k == 1;
		err = route_arg(nlh, k, argv[1], what);
		if (err)
			return err;
	}
	if (!dev)
		return usage_error("%s: which device? (dev DEV)", what);
	if (!del && !has_peer)
		return usage_error("%s: \"peer ADDR\" is required", what);
	end_nest(nlh, nest);
	put_dev(nlh, dev);
	return ctl_change(ctl, nlh, what);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_info *r = vec_push(data);

	if (!r)
		return -1;
	parse_route_msg(nlh, r);
	return 0;
}

static int route_print_all(struct ctl *ctl, struct vec *v)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < v->n; i++)
		print_route((struct route_info *)v->v + i, ctl->json, arr);
	if (ctl->json)
		print_json(arr);
	else
		json_decref(arr);
	vec_free(v);
	return 0;
}

static int route_show(struct ctl *ctl, int argc, char **argv)
{
	struct vec v = { .size = sizeof(struct route_info) };
	struct nlmsghdr *nlh;
	int err;

	nlh = ctl_msg(ctl, VXIP_CMD_ROUTE_GET, NLM_F_DUMP);
	err = put_show_args(nlh, argc, argv, VXIP_A_ROUTE,
			    VXIP_ROUTE_A_OWNER, "route show");
	if (err)
		return err;
	err = ctl_query(ctl, nlh, route_cb, &v, vec_reset, "route show");
	if (err) {
		vec_free(&v);
		return err;
	}
	return route_print_all(ctl, &v);
}

/* route get DEV ADDR[/PLEN]: the route a packet to ADDR takes. */
static int route_get(struct ctl *ctl, int argc, char **argv)
{
	struct vec v = { .size = sizeof(struct route_info) };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err;

	if (argc != 2)
		return usage_error("route get: usage: route get DEV ADDR");
	if (check_dev(argv[0]))
		return 2;
	nlh = ctl_msg(ctl, VXIP_CMD_ROUTE_GET, NLM_F_ACK);
	put_dev(nlh, argv[0]);
	nest = put_nest(nlh, VXIP_A_ROUTE);
	err = put_prefix(nlh, argv[1], false, "route get");
	if (err)
		return err;
	end_nest(nlh, nest);
	err = ctl_query(ctl, nlh, route_cb, &v, vec_reset, "route get");
	if (err) {
		vec_free(&v);
		return err;
	}
	return route_print_all(ctl, &v);
}

int cmd_route(struct ctl *ctl, int argc, char **argv)
{
	static const char *const verbs[] = {
		"show", "list", "add", "replace", "del", "delete", "get", NULL
	};
	int i = argc < 1 ? 0 : keyword(argv[0], verbs, "route", "command");

	switch (i) {
	case 0: case 1:
		return route_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	case 2:
		return route_change(ctl, argc - 1, argv + 1, VXIP_CMD_ROUTE_NEW, false,
				    "route add");
	case 3:
		return route_change(ctl, argc - 1, argv + 1, VXIP_CMD_ROUTE_NEW,
				    true, "route replace");
	case 4: case 5:
		return route_change(ctl, argc - 1, argv + 1, VXIP_CMD_ROUTE_DEL, false,
				    "route del");
	case 6:
		return route_get(ctl, argc - 1, argv + 1);
	}
	return 2;
}
