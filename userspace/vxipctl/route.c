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
	uint32_t plen, peer4, encap, owner, gen, vni;
	bool has_vni, has_rmac;
	uint8_t rmac[6];
};

static void parse_route_msg(const struct nlmsghdr *nlh, struct route_info *r)
{
	const struct nlattr *a, *b;

	memset(r, 0, sizeof(*r));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(r->dev, sizeof(r->dev), "%s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) != VXIP_A_ROUTE)
			continue;
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
			} else if (len == 4) {
				uint32_t v = mnl_attr_get_u32(b);

				switch (t) {
				case VXIP_ROUTE_A_PLEN:
					r->plen = v;
					break;
				case VXIP_ROUTE_A_PEER4:
					r->peer4 = v;
					break;
				case VXIP_ROUTE_A_ENCAP:
					r->encap = v;
					break;
				case VXIP_ROUTE_A_OWNER:
					r->owner = v;
					break;
				case VXIP_ROUTE_A_GEN:
					r->gen = v;
					break;
				case VXIP_ROUTE_A_VNI:
					r->vni = v;
					r->has_vni = true;
					break;
				}
			}
		}
	}
}

static void print_route(const struct route_info *r, bool json, json_t *arr)
{
	char peer[INET_ADDRSTRLEN], mac[18] = "";
	const char *encap = r->encap ? encap_name(r->encap) : "peer";

	fmt_ip4(r->peer4, peer);
	if (r->has_rmac)
		fmt_mac(r->rmac, mac);
	if (json) {
		json_t *o = json_object();

		json_object_set_new(o, "dev", json_string(r->dev));
		json_object_set_new(o, "dst", json_string(r->dst));
		json_object_set_new(o, "plen", json_integer(r->plen));
		json_object_set_new(o, "peer", json_string(peer));
		json_object_set_new(o, "encap", json_string(encap));
		json_object_set_new(o, "vni", r->has_vni ? json_integer(r->vni) : json_null());
		json_object_set_new(o, "rmac", r->has_rmac ? json_string(mac) : json_null());
		json_object_set_new(o, "owner", json_string(owner_name(r->owner)));
		json_object_set_new(o, "gen", json_integer(r->gen));
		json_array_append_new(arr, o);
		return;
	}
	printf("%s/%u dev %s peer %s encap %s", r->dst, r->plen, r->dev, peer, encap);
	if (r->has_vni)
		printf(" vni %u", r->vni);
	if (r->has_rmac)
		printf(" rmac %s", mac);
	printf(" owner %s gen %u\n", owner_name(r->owner), r->gen);
}

void show_route_msg(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	struct route_info r;

	parse_route_msg(nlh, &r);
	print_route(&r, json, arr);
}

/* "ADDR[/PLEN]" into the nest; @need_plen: a bare address is an error. */
static int put_prefix(struct nlmsghdr *nlh, const char *arg, bool need_plen,
		      const char *what)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	struct in6_addr a;
	uint32_t plen;
	bool v4;

	snprintf(buf, sizeof(buf), "%s", arg);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (parse_ip(buf, &a, &v4))
		return usage_error("%s: invalid address \"%s\"", what, buf);
	if (v4)
		mnl_attr_put(nlh, VXIP_ROUTE_A_DST4, 4, &a.s6_addr[12]);
	else
		mnl_attr_put(nlh, VXIP_ROUTE_A_DST6, 16, &a);
	if (slash) {
		/* The kernel knows the limit of each family; it says which. */
		if (parse_u32(slash, 128, &plen))
			return usage_error("%s: invalid prefix length \"%s\"", what, slash);
		mnl_attr_put_u32(nlh, VXIP_ROUTE_A_PLEN, plen);
	} else if (need_plen) {
		return usage_error("%s: \"%s\" needs a prefix length", what, arg);
	}
	return 0;
}

static int route_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
			uint16_t flags, const char *what)
{
	bool del = cmd == VXIP_CMD_ROUTE_DEL, has_peer = false;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint8_t mac[6];
	uint32_t v;
	int err;

	if (argc < 2)
		return usage_error("%s: needs DEV and PREFIX", what);
	if (check_dev(argv[0]))
		return 2;
	nlh = vxnl_msg(&ctl->nl, ctl_buf(), cmd, flags);
	put_dev(nlh, argv[0]);
	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	err = put_prefix(nlh, argv[1], true, what);
	if (err)
		return err;
	for (argc -= 2, argv += 2; argc > 0; argc -= 2, argv += 2) {
		const char *key = argv[0];

		if (del)
			return usage_error("%s: unexpected argument \"%s\"", what, key);
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, key);
		if (!strcmp(key, "peer")) {
			if (parse_ip4(argv[1], &v))
				return usage_error("%s: invalid peer \"%s\"", what, argv[1]);
			mnl_attr_put(nlh, VXIP_ROUTE_A_PEER4, 4, &v);
			has_peer = true;
		} else if (!strcmp(key, "encap")) {
			if (parse_encap(argv[1], &v))
				return usage_error("%s: unknown encap \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_ROUTE_A_ENCAP, v);
		} else if (!strcmp(key, "vni")) {
			if (parse_u32(argv[1], UINT32_MAX, &v))
				return usage_error("%s: invalid vni \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_ROUTE_A_VNI, v);
		} else if (!strcmp(key, "rmac")) {
			if (parse_mac(argv[1], mac))
				return usage_error("%s: invalid MAC \"%s\"", what, argv[1]);
			mnl_attr_put(nlh, VXIP_ROUTE_A_RMAC, 6, mac);
		} else if (!strcmp(key, "owner")) {
			if (parse_owner(argv[1], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_ROUTE_A_OWNER, v);
		} else if (!strcmp(key, "gen")) {
			if (parse_u32(argv[1], UINT32_MAX, &v))
				return usage_error("%s: invalid generation \"%s\"", what, argv[1]);
			mnl_attr_put_u32(nlh, VXIP_ROUTE_A_GEN, v);
		} else {
			return usage_error("%s: unknown argument \"%s\"", what, key);
		}
	}
	if (!del && !has_peer)
		return usage_error("%s: \"peer ADDR\" is required", what);
	mnl_attr_nest_end(nlh, nest);
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
	struct nlattr *nest = NULL;
	struct nlmsghdr *nlh;
	uint32_t val;
	int err;

	nlh = vxnl_msg(&ctl->nl, ctl_buf(), VXIP_CMD_ROUTE_GET, NLM_F_DUMP);
	if (argc >= 1 && strcmp(argv[0], "peer") && strcmp(argv[0], "owner")) {
		if (check_dev(argv[0]))
			return 2;
		put_dev(nlh, argv[0]);
		argc--, argv++;
	}
	for (; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_error("route show: \"%s\" needs a value", argv[0]);
		if (!nest)
			nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
		if (!strcmp(argv[0], "peer")) {
			if (parse_ip4(argv[1], &val))
				return usage_error("route show: invalid address \"%s\"", argv[1]);
			mnl_attr_put(nlh, VXIP_ROUTE_A_PEER4, 4, &val);
		} else if (!strcmp(argv[0], "owner")) {
			if (parse_owner(argv[1], &val))
				return usage_error("route show: unknown owner \"%s\"", argv[1]);
			mnl_attr_put_u32(nlh, VXIP_ROUTE_A_OWNER, val);
		} else {
			return usage_error("route show: unknown argument \"%s\"", argv[0]);
		}
	}
	if (nest)
		mnl_attr_nest_end(nlh, nest);
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
	nlh = vxnl_msg(&ctl->nl, ctl_buf(), VXIP_CMD_ROUTE_GET, NLM_F_ACK);
	put_dev(nlh, argv[0]);
	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	err = put_prefix(nlh, argv[1], false, "route get");
	if (err)
		return err;
	mnl_attr_nest_end(nlh, nest);
	err = ctl_query(ctl, nlh, route_cb, &v, vec_reset, "route get");
	if (err) {
		vec_free(&v);
		return err;
	}
	return route_print_all(ctl, &v);
}

int cmd_route(struct ctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return route_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	if (!strcmp(argv[0], "add"))
		return route_change(ctl, argc - 1, argv + 1, VXIP_CMD_ROUTE_NEW, 0,
				    "route add");
	if (matches(argv[0], "replace"))
		return route_change(ctl, argc - 1, argv + 1, VXIP_CMD_ROUTE_NEW,
				    NLM_F_REPLACE, "route replace");
	if (matches(argv[0], "delete"))
		return route_change(ctl, argc - 1, argv + 1, VXIP_CMD_ROUTE_DEL, 0,
				    "route del");
	if (matches(argv[0], "get"))
		return route_get(ctl, argc - 1, argv + 1);
	return usage_error("route: unknown command \"%s\"", argv[0]);
}
