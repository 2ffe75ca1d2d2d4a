// SPDX-License-Identifier: GPL-2.0
/* vxipctl fdb: MAC -> peer entries, with their EVPN MAC/IP addresses. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

struct fdb_info {
	char dev[IF_NAMESIZE];
	uint8_t mac[6];
	uint32_t peer4, flags, owner, gen, age;
	bool has_age;
	unsigned int n_ips;
	char ips[VXIP_FDB_MAX_IPS][INET6_ADDRSTRLEN];
};

static void parse_fdb_msg(const struct nlmsghdr *nlh, struct fdb_info *f)
{
	const struct nlattr *a, *b;

	memset(f, 0, sizeof(*f));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(f->dev, sizeof(f->dev), "%s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) != VXIP_A_FDB)
			continue;
		mnl_attr_for_each_nested(b, a) {
			uint16_t t = mnl_attr_get_type(b);
			uint16_t len = mnl_attr_get_payload_len(b);
			const void *d = mnl_attr_get_payload(b);

			if (t == VXIP_FDB_A_MAC && len == 6) {
				memcpy(f->mac, d, 6);
			} else if ((t == VXIP_FDB_A_IP4 && len == 4) ||
				   (t == VXIP_FDB_A_IP6 && len == 16)) {
				if (f->n_ips < VXIP_FDB_MAX_IPS)
					inet_ntop(t == VXIP_FDB_A_IP4 ? AF_INET : AF_INET6,
						  d, f->ips[f->n_ips++], INET6_ADDRSTRLEN);
			} else if (len == 4) {
				uint32_t v = mnl_attr_get_u32(b);

				switch (t) {
				case VXIP_FDB_A_PEER4:
					f->peer4 = v;
					break;
				case VXIP_FDB_A_FLAGS:
					f->flags = v;
					break;
				case VXIP_FDB_A_OWNER:
					f->owner = v;
					break;
				case VXIP_FDB_A_GEN:
					f->gen = v;
					break;
				case VXIP_FDB_A_AGE:
					f->age = v;
					f->has_age = true;
					break;
				}
			}
		}
	}
}

static void print_fdb(const struct fdb_info *f, bool json, json_t *arr)
{
	char mac[18], peer[INET_ADDRSTRLEN];
	unsigned int i;

	fmt_mac(f->mac, mac);
	fmt_ip4(f->peer4, peer);
	if (json) {
		json_t *o = json_object(), *ips = json_array(), *fl = json_array();

		json_object_set_new(o, "dev", json_string(f->dev));
		json_object_set_new(o, "mac", json_string(mac));
		json_object_set_new(o, "peer", json_string(peer));
		for (i = 0; i < f->n_ips; i++)
			json_array_append_new(ips, json_string(f->ips[i]));
		json_object_set_new(o, "ips", ips);
		if (f->flags & VXIP_FDB_F_STATIC)
			json_array_append_new(fl, json_string("static"));
		if (f->flags & VXIP_FDB_F_STICKY)
			json_array_append_new(fl, json_string("sticky"));
		json_object_set_new(o, "flags", fl);
		json_object_set_new(o, "owner", json_string(owner_name(f->owner)));
		json_object_set_new(o, "gen", json_integer(f->gen));
		if (f->has_age)
			json_object_set_new(o, "age", json_integer(f->age));
		json_array_append_new(arr, o);
		return;
	}
	printf("%s dev %s peer %s", mac, f->dev, peer);
	for (i = 0; i < f->n_ips; i++)
		printf(" ip %s", f->ips[i]);
	printf("%s%s owner %s gen %u",
	       f->flags & VXIP_FDB_F_STATIC ? " static" : " dynamic",
	       f->flags & VXIP_FDB_F_STICKY ? " sticky" : "",
	       owner_name(f->owner), f->gen);
	if (f->has_age)
		printf(" age %u", f->age);
	putchar('\n');
}

void show_fdb_msg(const struct nlmsghdr *nlh, bool json, json_t *arr)
{
	struct fdb_info f;

	parse_fdb_msg(nlh, &f);
	print_fdb(&f, json, arr);
}

/* Dumps of a million entries: print as they come, JSON included. */
struct fdb_dump {
	bool json;
	unsigned long n;
};

static int fdb_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fdb_dump *d = data;
	json_t *arr;

	if (!d->json) {
		show_fdb_msg(nlh, false, NULL);
		d->n++;
		return 0;
	}
	arr = json_array();
	show_fdb_msg(nlh, true, arr);
	fputs(d->n++ ? ",\n  " : "[\n  ", stdout);
	json_dumpf(json_array_get(arr, 0), stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(arr);
	return 0;
}

static int fdb_show(struct ctl *ctl, int argc, char **argv)
{
	struct fdb_dump d = { .json = ctl->json };
	struct nlattr *nest = NULL;
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	uint32_t v;
	int err;

	nlh = vxnl_msg(&ctl->nl, ctl_buf(), VXIP_CMD_FDB_GET, NLM_F_DUMP);
	if (argc >= 1 && strcmp(argv[0], "peer") && strcmp(argv[0], "owner")) {
		dev = argv[0];
		if (check_dev(dev))
			return 2;
		put_dev(nlh, dev);
		argc--, argv++;
	}
	for (; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_error("fdb show: \"%s\" needs a value", argv[0]);
		if (!nest)
			nest = mnl_attr_nest_start(nlh, VXIP_A_FDB);
		if (!strcmp(argv[0], "peer")) {
			if (parse_ip4(argv[1], &v))
				return usage_error("fdb show: invalid address \"%s\"", argv[1]);
			mnl_attr_put(nlh, VXIP_FDB_A_PEER4, 4, &v);
		} else if (!strcmp(argv[0], "owner")) {
			if (parse_owner(argv[1], &v))
				return usage_error("fdb show: unknown owner \"%s\"", argv[1]);
			mnl_attr_put_u32(nlh, VXIP_FDB_A_OWNER, v);
		} else {
			return usage_error("fdb show: unknown argument \"%s\"", argv[0]);
		}
	}
	if (nest)
		mnl_attr_nest_end(nlh, nest);

	if (ctl_sync(ctl))
		return 1;
	/* Printing as we go means no restart on an inconsistent dump: say so. */
	err = vxnl_talk(&ctl->nl, nlh, fdb_cb, &d);
	if (ctl->json)
		fputs(d.n ? "\n]\n" : "[]\n", stdout);
	if (err == -EINTR) {
		fprintf(stderr,
			"vxipctl: fdb show: the FDB changed during the dump; %s\n",
			"entries may be missing or repeated");
		return 1;
	}
	return err ? nl_error(ctl, err, "fdb show") : 0;
}

static int fdb_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
		      uint16_t flags, const char *what)
{
	uint32_t v, fl = VXIP_FDB_F_STATIC;
	bool del = cmd == VXIP_CMD_FDB_DEL, has_peer = false, v4;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in6_addr ip;
	uint8_t mac[6];

	if (argc < 2)
		return usage_error("%s: needs DEV and MAC", what);
	if (check_dev(argv[0]))
		return 2;
	if (parse_mac(argv[1], mac))
		return usage_error("%s: invalid MAC \"%s\"", what, argv[1]);

	nlh = vxnl_msg(&ctl->nl, ctl_buf(), cmd, flags);
	put_dev(nlh, argv[0]);
	nest = mnl_attr_nest_start(nlh, VXIP_A_FDB);
	mnl_attr_put(nlh, VXIP_FDB_A_MAC, 6, mac);
	for (argc -= 2, argv += 2; argc > 0; argc--, argv++) {
		const char *key = argv[0];

		if (del)
			return usage_error("%s: unexpected argument \"%s\"", what, key);
		if (!strcmp(key, "sticky")) {
			fl |= VXIP_FDB_F_STICKY;
			continue;
		}
		if (!strcmp(key, "dynamic")) {
			fl &= ~VXIP_FDB_F_STATIC;
			continue;
		}
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, key);
		argc--, argv++;
		if (!strcmp(key, "peer")) {
			if (parse_ip4(argv[0], &v))
				return usage_error("%s: invalid peer \"%s\"", what, argv[0]);
			mnl_attr_put(nlh, VXIP_FDB_A_PEER4, 4, &v);
			has_peer = true;
		} else if (!strcmp(key, "ip")) {
			if (parse_ip(argv[0], &ip, &v4))
				return usage_error("%s: invalid IP address \"%s\"", what, argv[0]);
			if (v4)
				mnl_attr_put(nlh, VXIP_FDB_A_IP4, 4, &ip.s6_addr[12]);
			else
				mnl_attr_put(nlh, VXIP_FDB_A_IP6, 16, &ip);
		} else if (!strcmp(key, "owner")) {
			if (parse_owner(argv[0], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[0]);
			mnl_attr_put_u32(nlh, VXIP_FDB_A_OWNER, v);
		} else if (!strcmp(key, "gen")) {
			if (parse_u32(argv[0], UINT32_MAX, &v))
				return usage_error("%s: invalid generation \"%s\"", what, argv[0]);
			mnl_attr_put_u32(nlh, VXIP_FDB_A_GEN, v);
		} else {
			return usage_error("%s: unknown argument \"%s\"", what, key);
		}
	}
	if (!del) {
		if (!has_peer)
			return usage_error("%s: \"peer ADDR\" is required", what);
		mnl_attr_put_u32(nlh, VXIP_FDB_A_FLAGS, fl);
	}
	mnl_attr_nest_end(nlh, nest);
	return ctl_change(ctl, nlh, what);
}

int cmd_fdb(struct ctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return fdb_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	if (!strcmp(argv[0], "add"))
		return fdb_change(ctl, argc - 1, argv + 1, VXIP_CMD_FDB_NEW,
				  0, "fdb add");
	if (matches(argv[0], "replace"))
		return fdb_change(ctl, argc - 1, argv + 1, VXIP_CMD_FDB_NEW,
				  NLM_F_REPLACE, "fdb replace");
	if (matches(argv[0], "delete"))
		return fdb_change(ctl, argc - 1, argv + 1, VXIP_CMD_FDB_DEL, 0,
				  "fdb del");
	return usage_error("fdb: unknown command \"%s\"", argv[0]);
}
