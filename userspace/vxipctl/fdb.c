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
	struct peer_list peers;
	uint32_t flags, owner, gen, age;
	bool has_flags, has_owner, has_gen, has_age;
	unsigned int n_ips;
	char ips[VXIP_FDB_MAX_IPS][INET6_ADDRSTRLEN];
};

static const struct u32_field fdb_fields[] = {
	U32_FIELD(VXIP_FDB_A_FLAGS, struct fdb_info, flags),
	U32_FIELD(VXIP_FDB_A_OWNER, struct fdb_info, owner),
	U32_FIELD(VXIP_FDB_A_GEN, struct fdb_info, gen),
	U32_FIELD(VXIP_FDB_A_AGE, struct fdb_info, age),
};

static void parse_fdb_msg(const struct nlmsghdr *nlh, struct fdb_info *f)
{
	const struct nlattr *a, *b;

	memset(f, 0, sizeof(*f));
	a = msg_nest(nlh, VXIP_A_FDB, f->dev);
	if (!a)
		return;
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
		} else if (!peer_list_get(&f->peers, b, VXIP_FDB_A_PEER4,
					  VXIP_FDB_A_PEER6)) {
			get_u32_field(b, fdb_fields, ARRAY_SIZE(fdb_fields), f);
		}
	}
}

static void fdb_json(const struct fdb_info *f, const char *mac, json_t *arr)
{
	json_t *o = json_object(), *ips, *fl;
	unsigned int i;

	json_object_set_new(o, "dev", json_string(f->dev));
	json_object_set_new(o, "mac", json_string(mac));
	json_peers(o, &f->peers);
	if (f->n_ips) {
		ips = json_array();
		for (i = 0; i < f->n_ips; i++)
			json_array_append_new(ips, json_string(f->ips[i]));
		json_object_set_new(o, "ip", ips);
	}
	if (f->has_flags) {
		fl = json_array();
		if (f->flags & VXIP_FDB_F_STATIC)
			json_array_append_new(fl, json_string("static"));
		if (f->flags & VXIP_FDB_F_STICKY)
			json_array_append_new(fl, json_string("sticky"));
		json_object_set_new(o, "flags", fl);
	}
	json_owner_gen(o, f->has_owner, f->owner, f->has_gen, f->gen);
	if (f->has_age)
		json_object_set_new(o, "age", json_integer(f->age));
	json_array_append_new(arr, o);
}

static void print_fdb(const struct fdb_info *f, bool json, json_t *arr)
{
	unsigned int i;
	char mac[18];

	fmt_mac(f->mac, mac);
	if (static_view) {
		if (!static_view_entry(f->owner, f->has_gen, f->gen))
			return;
		printf("fdb add %s %s", f->dev, mac);
		print_peers(&f->peers);
		for (i = 0; i < f->n_ips; i++)
			printf(" ip %s", f->ips[i]);
		if (f->flags & VXIP_FDB_F_STICKY)
			printf(" sticky");
		if (f->has_flags && !(f->flags & VXIP_FDB_F_STATIC))
			printf(" dynamic");
		putchar('\n');
		return;
	}
	if (json) {
		fdb_json(f, mac, arr);
		return;
	}
	printf("%s dev %s", mac, f->dev);
	print_peers(&f->peers);
	for (i = 0; i < f->n_ips; i++)
		printf(" ip %s", f->ips[i]);
	if (f->has_flags)
		printf("%s%s", f->flags & VXIP_FDB_F_STATIC ? " static" : " dynamic",
		       f->flags & VXIP_FDB_F_STICKY ? " sticky" : "");
	print_owner_gen(f->has_owner, f->owner, f->has_gen, f->gen);
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

/*
 * The arguments of fdb show and route show: [DEV] [peer ADDR] [owner
 * OWNER], the filters in a nest of @nest_type.  A first argument that is
 * not a filter keyword is the device.
 */
int put_show_args(struct nlmsghdr *nlh, int argc, char **argv,
		  uint16_t nest_type, uint16_t owner_attr,
		  const char *what)
{
	static const char *const keys[] = { "peer", "owner", NULL };
	struct nlattr *nest = NULL;
	uint32_t v;
	int k;

	if (argc >= 1 && lookup_quiet(argv[0], keys, NULL, NULL, true) < 0) {
		if (check_dev(argv[0]))
			return 2;
		put_dev(nlh, argv[0]);
		argc--;
		argv++;
	}
	for (; argc > 0; argc -= 2, argv += 2) {
		k = keyword(argv[0], keys, what, "argument");
		if (k < 0)
			return 2;
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, argv[0]);
		if (!nest)
			nest = put_nest(nlh, nest_type);
		if (k == 0) {
			if (put_underlay(nlh, nest_type, argv[1]))
				return usage_error("%s: invalid address \"%s\"", what, argv[1]);
		} else {
			if (parse_owner(argv[1], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[1]);
			put_u32(nlh, owner_attr, v);
		}
	}
	end_nest(nlh, nest);
	return 0;
}

static int fdb_show(struct ctl *ctl, int argc, char **argv)
{
	struct fdb_dump d = { .json = ctl->json };
	struct nlmsghdr *nlh;
	int err;

	nlh = ctl_msg(ctl, VXIP_CMD_FDB_GET, NLM_F_DUMP);
	err = put_show_args(nlh, argc, argv, VXIP_A_FDB,
			    VXIP_FDB_A_OWNER, "fdb show");
	if (err)
		return err;

	/* Printing as we go means no restart on an inconsistent dump: say so. */
	err = ctl_query_stream(ctl, nlh, fdb_cb, &d, "fdb show");
	if (ctl->json && (d.n || !err || err == -EINTR))
		fputs(d.n ? "\n]\n" : "[]\n", stdout);
	if (err == -EINTR) {
		fprintf(stderr,
			"vxipctl: fdb show: the FDB changed during the dump; %s\n",
			"entries may be missing or repeated");
		return 1;
	}
	return err;
}

static int fdb_change(struct ctl *ctl, int argc, char **argv, uint8_t cmd,
		      bool replace, const char *what)
{
	static const char *const keys[] = {
		"sticky", "dynamic", "static", "peer", "ip", "owner", "gen", NULL
	};
	uint32_t v, fl = VXIP_FDB_F_STATIC;
	bool del = cmd == VXIP_CMD_FDB_DEL, has_peer = false, v4;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct in6_addr ip;
	uint8_t mac[6];
	int k;

	if (argc < 2)
		return usage_error("%s: needs DEV and MAC", what);
	if (check_dev(argv[0]))
		return 2;
	if (del ? parse_mac(argv[1], mac) : parse_unicast_mac(argv[1], mac))
		return usage_error("%s: invalid MAC \"%s\"", what, argv[1]);

	nlh = ctl_msg(ctl, cmd, 0);
	if (replace)
		put_replace(nlh);
	put_dev(nlh, argv[0]);
	nest = put_nest(nlh, VXIP_A_FDB);
	put_bin(nlh, VXIP_FDB_A_MAC, 6, mac);
	for (argc -= 2, argv += 2; argc > 0; argc--, argv++) {
		const char *key = argv[0];

		k = keyword(key, keys, what, "argument");
		if (k < 0)
			return 2;
		/* A delete acts for one owner. */
		if (del && k != 5)
			return usage_error("%s: unexpected argument \"%s\"", what, key);
		if (k == 0) {
			fl |= VXIP_FDB_F_STICKY;
			continue;
		}
		if (k == 1 || k == 2) {
			fl = k == 1 ? fl & ~VXIP_FDB_F_STATIC : fl | VXIP_FDB_F_STATIC;
			continue;
		}
		if (argc < 2)
			return usage_error("%s: \"%s\" needs a value", what, key);
		argc--, argv++;
		switch (k) {
		case 3:
			if (put_underlay(nlh, VXIP_A_FDB, argv[0]))
				return usage_error("%s: invalid peer \"%s\"", what, argv[0]);
			has_peer = true;
			break;
		case 4:
			if (parse_ip(argv[0], &ip, &v4))
				return usage_error("%s: invalid IP address \"%s\"", what, argv[0]);
			if (v4)
				put_bin(nlh, VXIP_FDB_A_IP4, 4, &ip.s6_addr[12]);
			else
				put_bin(nlh, VXIP_FDB_A_IP6, 16, &ip);
			break;
		case 5:
			if (parse_owner(argv[0], &v))
				return usage_error("%s: unknown owner \"%s\"", what, argv[0]);
			put_u32(nlh, VXIP_FDB_A_OWNER, v);
			break;
		default:
			if (parse_u32(argv[0], UINT32_MAX, &v))
				return usage_error("%s: invalid generation \"%s\"", what, argv[0]);
			put_u32(nlh, VXIP_FDB_A_GEN, v);
			break;
		}
	}
	if (!del) {
		if (!has_peer)
			return usage_error("%s: \"peer ADDR\" is required", what);
		put_u32(nlh, VXIP_FDB_A_FLAGS, fl);
	}
	end_nest(nlh, nest);
	return ctl_change(ctl, nlh, what);
}

int cmd_fdb(struct ctl *ctl, int argc, char **argv)
{
	static const char *const verbs[] = {
		"show", "list", "add", "replace", "del", "delete", NULL
	};
	int i = argc < 1 ? 0 : keyword(argv[0], verbs, "fdb", "command");

	switch (i) {
	case 0: case 1:
		return fdb_show(ctl, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	case 2:
		return fdb_change(ctl, argc - 1, argv + 1, VXIP_CMD_FDB_NEW,
				  0, "fdb add");
	case 3:
		return fdb_change(ctl, argc - 1, argv + 1, VXIP_CMD_FDB_NEW,
				  true, "fdb replace");
	case 4: case 5:
		return fdb_change(ctl, argc - 1, argv + 1, VXIP_CMD_FDB_DEL, false,
				  "fdb del");
	}
	return 2;
}
