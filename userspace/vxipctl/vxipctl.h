/* SPDX-License-Identifier: GPL-2.0 */
/* vxipctl: shared state and helpers of the command line tool. */
#ifndef VXIPCTL_H
#define VXIPCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <jansson.h>

#include "../lib/compiler.h"
#include "../lib/genl.h"

struct ctl {
	struct vxnl nl;
	bool json;
	/* -b: mutations are pipelined, their ACKs read per window. */
	bool batching;
	bool force;
	struct vxnl_batch batch;
	unsigned int *batch_lines;	/* input line of each queued request */
	unsigned int lineno;		/* line being parsed */
	unsigned int failed;		/* requests the kernel refused */
	unsigned int sent;		/* requests acknowledged */
};

/* One subcommand per object; each returns the process exit status. */
int cmd_dev(struct ctl *ctl, int argc, char **argv);
int cmd_peer(struct ctl *ctl, int argc, char **argv);
int cmd_fdb(struct ctl *ctl, int argc, char **argv);
int cmd_flood(struct ctl *ctl, int argc, char **argv);
int cmd_flush(struct ctl *ctl, int argc, char **argv);
int cmd_route(struct ctl *ctl, int argc, char **argv);
int cmd_monitor(struct ctl *ctl, int argc, char **argv);

/* Printers of one message, for show and monitor; JSON goes into @arr. */
void show_peer_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);
void show_fdb_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);
void show_flood_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);
void show_route_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);

/* main.c */
bool matches(const char *arg, const char *word);
__printf(1, 2) int usage_error(const char *fmt, ...);
int nl_error(struct ctl *ctl, int err, const char *what);
/* A request changing state: sent now, or queued in batch mode. */
int ctl_change(struct ctl *ctl, struct nlmsghdr *nlh, const char *what);
/* Wait for the batched changes to be applied; non-zero if one failed. */
int ctl_sync(struct ctl *ctl);
/* A request with replies, dumps restarted while the kernel marks them
 * inconsistent; @reset empties what @cb collected before a restart.
 */
int ctl_query(struct ctl *ctl, struct nlmsghdr *nlh, vxnl_cb_t cb, void *data,
	      void (*reset)(void *data), const char *what);
/* The buffer requests are built in. */
void *ctl_buf(void);

/* util.c */
int parse_u32(const char *s, uint32_t max, uint32_t *v);
int parse_ip4(const char *s, uint32_t *be);
int parse_ip(const char *s, struct in6_addr *a, bool *v4);
int parse_mac(const char *s, uint8_t mac[6]);
int parse_bool(const char *s, bool *v);
int parse_owner(const char *s, uint32_t *owner);
const char *owner_name(uint32_t owner);
const char *encap_name(uint32_t encap);
int parse_encap(const char *s, uint32_t *encap);
void fmt_mac(const uint8_t *mac, char *out);
void fmt_ip4(uint32_t be, char *out);
void put_dev(struct nlmsghdr *nlh, const char *dev);
int check_dev(const char *dev);
const char *request_attr_name(const struct nlmsghdr *req, unsigned int off);
void print_json(json_t *j);
/* Grow-only array of fixed-size records, for dumps. */
struct vec {
	void *v;
	size_t n, cap, size;
};

void *vec_push(struct vec *vec);
void vec_reset(void *vec);
void vec_free(struct vec *vec);

#endif
