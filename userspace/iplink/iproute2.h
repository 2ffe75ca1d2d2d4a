/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What link_vxip.so uses of iproute2's internals, declared here: ip has
 * no public header, and the plugin is built without its source.
 */
#ifndef VXIP_IPROUTE2_H
#define VXIP_IPROUTE2_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/*
 * iproute2's internal types, declared here as ip uses them.
 *
 * struct link_util: next, id, maxattr, then the five callbacks, in this
 * order.  Checked against ip/ip_common.h of iproute2 4.x and of a 5.19+
 * tree (the one with "ip stats", as 6.1 is): the same fields, in the same
 * order; only print_ifla_xstats lost its sockaddr_nl argument in between,
 * which moves no offset.  Debian 12's ip is 6.1.  ip reads only the fields
 * it knows and writes ->next, so the layout must match up to
 * print_ifla_xstats; spare[] is zeroes, so a callback a later 6.x might
 * append reads as NULL (unset), as for every in-tree kind that has none.
 * ip passes parse_opt its struct iplink_req, whose buffer is 1024 bytes:
 * REQ_MAXLEN.
 */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f, struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv, FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
	void *spare[8];
};

/* addattr_l()'s maxlen for parse_opt's request (see above). */
#define REQ_MAXLEN 1024

/* json_print.h's enum output_type (stable since 4.14). */
#define VXIP_PRINT_JSON 2

/*
 * ip's exports.  Only the JSON side of print_color_*() is used, which
 * ignores the colour: enum color_attr's COLOR_NONE moved between
 * releases, so the text goes through fprintf() instead.
 */
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);
bool is_json_context(void);
int print_color_uint(int t, int color, const char *key, const char *fmt,
		     unsigned int value);
int print_color_bool(int t, int color, const char *key, const char *fmt,
		     bool value);
int print_color_string(int t, int color, const char *key, const char *fmt,
		       const char *value);
int print_color_null(int t, int color, const char *key, const char *fmt,
		     const char *value);

#endif /* VXIP_IPROUTE2_H */
