// SPDX-License-Identifier: GPL-2.0
/*
 * iproute2 link plugin for vxip: "ip link add|set DEV type vxip SETTINGS"
 * and "ip -d [-j] link show".  ip finds it as $IP_LIB_DIR/link_vxip.so
 * and looks up vxip_link_util in it; the helpers it calls (addattr_l,
 * is_json_context, print_color_*) are exported by /usr/bin/ip itself.
 *
 * The settings are vxipctl dev set's, spelled the same, sent as the
 * IFLA_VXIP_* attributes of IFLA_INFO_DATA; the kernel checks them
 * against the same policy as DEV_SET's.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <linux/vxip.h>

#include "iproute2.h"

static const char *const df_names[] = {
	[VXIP_DF_UNSET] = "unset",
	[VXIP_DF_SET] = "set",
	[VXIP_DF_INHERIT] = "inherit",
};

static void vxip_print_help(struct link_util *lu, int argc, char **argv,
			    FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;
	fprintf(f,
		"Usage: ... vxip [ vni { N | none } ] [ local { ADDR | auto } ]\n"
		"                [ port N ] [ srcport { MIN MAX | auto } ]\n"
		"                [ ttl { N | auto | inherit } ] [ tos { N | inherit } ]\n"
		"                [ df { set | unset | inherit } ] [ udp-csum { on | off } ]\n"
		"                [ learning { on | off } ] [ ageing SECS ] [ max-fdb N ]\n"
		"                [ strict { on | off } ] [ max-routes N ]\n"
		"                [ udp6-zero-csum-tx { on | off } ]\n"
		"                [ udp6-zero-csum-rx { on | off } ]\n"
		"\n"
		"Where: N for vni := 0-16777215\n"
		"       port := 1-65535, MIN, MAX := 0-65535\n"
		"       ttl := 1-255, tos := 0-255\n"
		"       SECS := 1-%u\n"
		"       max-fdb, max-routes := 0-4294967295, 0 for no limit\n",
		VXIP_AGEING_MAX);
}

/* Print the message, and tell ip to stop: its status is then non-zero. */
static int __attribute__((format(printf, 1, 2))) bad(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: vxip: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(".\n", stderr);
	return -1;
}

/* A decimal, octal or 0x number, 0..max, as vxipctl's parse_u32(). */
static int parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || x > max)
		return -ERANGE;
	*v = (uint32_t)x;
	return 0;
}

static int parse_bool(const char *s, bool *v)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1"))
		*v = true;
	else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0"))
		*v = false;
	else
		return -EINVAL;
	return 0;
}

static int put_u32(struct nlmsghdr *n, int type, uint32_t v)
{
	return addattr_l(n, REQ_MAXLEN, type, &v, sizeof(v));
}

/* "KEYWORD N" settings, 0..max. */
static const struct {
	const char *key;
	int type;
	uint32_t max;
} u32_args[] = {
	{ "port", IFLA_VXIP_PORT, 65535 },
	{ "ageing", IFLA_VXIP_AGEING, VXIP_AGEING_MAX },
	{ "max-fdb", IFLA_VXIP_MAX_FDB, UINT32_MAX },
	{ "max-routes", IFLA_VXIP_MAX_ROUTES, UINT32_MAX },
};

/* "KEYWORD on|off" settings. */
static const struct {
	const char *key;
	int type;
} bool_args[] = {
	{ "udp-csum", IFLA_VXIP_UDP_CSUM },
	{ "learning", IFLA_VXIP_LEARNING },
	{ "strict", IFLA_VXIP_STRICT },
	{ "udp6-zero-csum-tx", IFLA_VXIP_UDP6_ZERO_CSUM_TX },
	{ "udp6-zero-csum-rx", IFLA_VXIP_UDP6_ZERO_CSUM_RX },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* local ADDR|auto: IPv6 goes as such, for the kernel to say what it takes. */
static int put_local(struct nlmsghdr *n, const char *val)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (!strcmp(val, "auto")) {
		a4.s_addr = 0;
		return addattr_l(n, REQ_MAXLEN, IFLA_VXIP_LOCAL4, &a4, sizeof(a4));
	}
	if (inet_pton(AF_INET, val, &a4) == 1)
		return addattr_l(n, REQ_MAXLEN, IFLA_VXIP_LOCAL4, &a4, sizeof(a4));
	if (inet_pton(AF_INET6, val, &a6) == 1)
		return addattr_l(n, REQ_MAXLEN, IFLA_VXIP_LOCAL6, &a6, sizeof(a6));
	return bad("invalid %s address \"%s\"", "local", val);
}

/* ttl N|auto|inherit, tos N|inherit: a value, or the inherit flag. */
static int put_inheritable(struct nlmsghdr *n, const char *key, const char *val)
{
	bool ttl = !strcmp(key, "ttl");
	int type = ttl ? IFLA_VXIP_TTL : IFLA_VXIP_TOS;
	int inherit = ttl ? IFLA_VXIP_TTL_INHERIT : IFLA_VXIP_TOS_INHERIT;
	uint32_t v;

	if (!strcmp(val, "inherit"))
		return put_u32(n, inherit, 1);
	if (ttl && !strcmp(val, "auto"))
		v = 0;
	else if (parse_u32(val, 255, &v) || (ttl && !v))
		return bad(ttl ? "%s is 1-255, auto or inherit, not \"%s\"" :
			   "%s is 0-255 or inherit, not \"%s\"", key, val);
	return put_u32(n, type, v) || put_u32(n, inherit, 0);
}

/* One setting at argv[0]: how many arguments it took, or -1. */
static int parse_one(struct nlmsghdr *n, int argc, char **argv)
{
	const char *key = argv[0], *val = argv[1];
	uint32_t v, v2;
	size_t i;
	bool b;

	if (!strcmp(key, "help"))
		return -2;
	if (argc < 2)
		return bad("\"%s\" needs a value", key);
	for (i = 0; i < ARRAY_SIZE(u32_args); i++) {
		if (strcmp(key, u32_args[i].key))
			continue;
		if (parse_u32(val, u32_args[i].max, &v))
			return bad("%s is 0-%u, not \"%s\"", key,
				   u32_args[i].max, val);
		return put_u32(n, u32_args[i].type, v) ? -1 : 2;
	}
	for (i = 0; i < ARRAY_SIZE(bool_args); i++) {
		if (strcmp(key, bool_args[i].key))
			continue;
		if (parse_bool(val, &b))
			return bad("%s is on or off, not \"%s\"", key, val);
		return put_u32(n, bool_args[i].type, b) ? -1 : 2;
	}
	if (!strcmp(key, "vni")) {
		/* The kernel checks the range, as for vxipctl. */
		if (!strcmp(val, "none"))
			v = VXIP_VNI_NONE;
		else if (parse_u32(val, VXIP_VNI_NONE - 1, &v))
			return bad("invalid %s \"%s\"", key, val);
		return put_u32(n, IFLA_VXIP_VNI, v) ? -1 : 2;
	}
	if (!strcmp(key, "local"))
		return put_local(n, val) ? -1 : 2;
	if (!strcmp(key, "ttl") || !strcmp(key, "tos"))
		return put_inheritable(n, key, val) ? -1 : 2;
	if (!strcmp(key, "df")) {
		for (v = 0; v < ARRAY_SIZE(df_names); v++)
			if (!strcmp(val, df_names[v]))
				return put_u32(n, IFLA_VXIP_DF, v) ? -1 : 2;
		return bad("%s is set, unset or inherit, not \"%s\"", key, val);
	}
	if (!strcmp(key, "srcport")) {
		if (!strcmp(val, "auto")) {
			v = 0;
			v2 = 0;
		} else if (argc < 3 || parse_u32(val, 65535, &v) ||
			   parse_u32(argv[2], 65535, &v2)) {
			return bad("%s takes MIN MAX or auto", key);
		}
		if (put_u32(n, IFLA_VXIP_SRCPORT_MIN, v) ||
		    put_u32(n, IFLA_VXIP_SRCPORT_MAX, v2))
			return -1;
		return strcmp(val, "auto") ? 3 : 2;
	}
	return bad("unknown setting \"%s\"; try \"ip link help vxip\"", key);
}

static int vxip_parse_opt(struct link_util *lu, int argc, char **argv,
			  struct nlmsghdr *n)
{
	int used;

	while (argc > 0) {
		used = parse_one(n, argc, argv);
		if (used == -2) {
			vxip_print_help(lu, 0, NULL, stderr);
			return -1;
		}
		if (used < 0)
			return -1;
		argc -= used;
		argv += used;
	}
	return 0;
}

/* An attribute's u32, if the kernel sent it. */
static bool get_u32(struct rtattr *tb[], int type, uint32_t *v)
{
	struct rtattr *a = tb[type];

	if (!a || RTA_PAYLOAD(a) < sizeof(*v))
		return false;
	memcpy(v, RTA_DATA(a), sizeof(*v));
	return true;
}

static void show_uint(FILE *f, struct rtattr *tb[], int type, const char *key)
{
	uint32_t v;

	if (!get_u32(tb, type, &v))
		return;
	if (is_json_context())
		print_color_uint(VXIP_PRINT_JSON, 0, key, NULL, v);
	else
		fprintf(f, "%s %u ", key, v);
}

static void show_bool(FILE *f, struct rtattr *tb[], int type, const char *key)
{
	uint32_t v;

	if (!get_u32(tb, type, &v))
		return;
	if (is_json_context())
		print_color_bool(VXIP_PRINT_JSON, 0, key, NULL, v);
	else
		fprintf(f, "%s %s ", key, v ? "on" : "off");
}

static void show_string(FILE *f, const char *key, const char *val)
{
	if (is_json_context()) {
		if (val)
			print_color_string(VXIP_PRINT_JSON, 0, key, NULL, val);
		else
			print_color_null(VXIP_PRINT_JSON, 0, key, NULL, NULL);
	} else {
		fprintf(f, "%s %s ", key, val);
	}
}

/*
 * ttl and tos: the text gives the setting as dev set takes it (N, auto
 * or inherit); JSON the value and the flag, as vxipctl -j dev show.
 */
static void show_inheritable(FILE *f, struct rtattr *tb[], bool ttl)
{
	const char *key = ttl ? "ttl" : "tos";
	uint32_t v, inherit = 0;

	if (!get_u32(tb, ttl ? IFLA_VXIP_TTL : IFLA_VXIP_TOS, &v))
		return;
	get_u32(tb, ttl ? IFLA_VXIP_TTL_INHERIT : IFLA_VXIP_TOS_INHERIT, &inherit);
	if (is_json_context()) {
		print_color_uint(VXIP_PRINT_JSON, 0, key, NULL, v);
		print_color_bool(VXIP_PRINT_JSON, 0, ttl ? "ttl-inherit" : "tos-inherit",
				 NULL, inherit);
	} else if (inherit) {
		fprintf(f, "%s inherit ", key);
	} else if (ttl && !v) {
		fprintf(f, "%s auto ", key);
	} else {
		fprintf(f, ttl ? "%s %u " : "%s 0x%x ", key, v);
	}
}

static void vxip_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	char local[INET_ADDRSTRLEN], local6[INET6_ADDRSTRLEN], vni[16];
	bool has_local4, has_local6;
	uint32_t v, v2;

	(void)lu;
	if (!tb)
		return;

	/* vni and local are absent when none and automatic. */
	if (get_u32(tb, IFLA_VXIP_VNI, &v)) {
		snprintf(vni, sizeof(vni), "%u", v);
		if (is_json_context())
			print_color_uint(VXIP_PRINT_JSON, 0, "vni", NULL, v);
		else
			show_string(f, "vni", vni);
	} else {
		show_string(f, "vni", is_json_context() ? NULL : "none");
	}
	/*
	 * "local" is the IPv4 address, "auto" (null in JSON) if none.  An
	 * IPv6 one is "local6" in JSON; in the text another "local", or the
	 * only one if there is no IPv4 address, as ip link add takes them.
	 */
	has_local4 = tb[IFLA_VXIP_LOCAL4] && RTA_PAYLOAD(tb[IFLA_VXIP_LOCAL4]) == 4 &&
		     inet_ntop(AF_INET, RTA_DATA(tb[IFLA_VXIP_LOCAL4]), local,
			       sizeof(local));
	has_local6 = tb[IFLA_VXIP_LOCAL6] && RTA_PAYLOAD(tb[IFLA_VXIP_LOCAL6]) == 16 &&
		     inet_ntop(AF_INET6, RTA_DATA(tb[IFLA_VXIP_LOCAL6]), local6,
			       sizeof(local6));
	if (is_json_context()) {
		show_string(f, "local", has_local4 ? local : NULL);
		if (has_local6)
			show_string(f, "local6", local6);
	} else {
		if (has_local4 || !has_local6)
			fprintf(f, "local %s ", has_local4 ? local : "auto");
		if (has_local6)
			fprintf(f, "local %s ", local6);
	}

	show_uint(f, tb, IFLA_VXIP_PORT, "port");
	if (get_u32(tb, IFLA_VXIP_SRCPORT_MIN, &v) &&
	    get_u32(tb, IFLA_VXIP_SRCPORT_MAX, &v2)) {
		if (is_json_context()) {
			print_color_uint(VXIP_PRINT_JSON, 0, "srcport-min", NULL, v);
			print_color_uint(VXIP_PRINT_JSON, 0, "srcport-max", NULL, v2);
		} else if (v || v2) {
			fprintf(f, "srcport %u %u ", v, v2);
		} else {
			fprintf(f, "srcport auto ");
		}
	}
	show_inheritable(f, tb, true);
	show_inheritable(f, tb, false);
	if (get_u32(tb, IFLA_VXIP_DF, &v))
		show_string(f, "df", v < ARRAY_SIZE(df_names) ? df_names[v] : "?");
	show_bool(f, tb, IFLA_VXIP_UDP_CSUM, "udp-csum");
	show_bool(f, tb, IFLA_VXIP_LEARNING, "learning");
	show_uint(f, tb, IFLA_VXIP_AGEING, "ageing");
	show_uint(f, tb, IFLA_VXIP_MAX_FDB, "max-fdb");
	show_bool(f, tb, IFLA_VXIP_STRICT, "strict");
	show_uint(f, tb, IFLA_VXIP_MAX_ROUTES, "max-routes");
	show_bool(f, tb, IFLA_VXIP_UDP6_ZERO_CSUM_TX, "udp6-zero-csum-tx");
	show_bool(f, tb, IFLA_VXIP_UDP6_ZERO_CSUM_RX, "udp6-zero-csum-rx");
}

/* Not const: ip links it into its list through ->next. */
struct link_util vxip_link_util = {
	.id		= "vxip",
	.maxattr	= IFLA_VXIP_MAX,
	.parse_opt	= vxip_parse_opt,
	.print_opt	= vxip_print_opt,
	.print_help	= vxip_print_help,
};
