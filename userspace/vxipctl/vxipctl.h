/* SPDX-License-Identifier: GPL-2.0 */
/* vxipctl: shared state and helpers of the command line tool. */
#ifndef VXIPCTL_H
#define VXIPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <jansson.h>

#include "../lib/compiler.h"
#include "../lib/genl.h"

/* Owners are open numbers, 1..VXIP_OWNERS_MAX. */
#define OWNER_MAX VXIP_OWNERS_MAX

/* The size of the buffer a request is built in. */
#define CTL_BUF_SIZE 8192

struct ctl {
	struct vxnl nl;
	bool opened;		/* the family is resolved */
	bool json;
	bool timestamp;		/* -t: monitor stamps its events */
	/* -b: mutations are pipelined, their ACKs read per window. */
	bool batching;
	bool force;
	struct vxnl_batch batch;
	unsigned int *batch_lines;	/* input line of each queued request */
	const char **batch_what;	/* and its command, for messages */
	unsigned int lineno;		/* line being parsed */
	unsigned int failed;		/* requests the kernel refused */
	unsigned int sent;		/* requests sent */
	unsigned int bad_lines;		/* lines not understood (-force) */
};

/* One subcommand per object; each returns the process exit status. */
int cmd_dev(struct ctl *ctl, int argc, char **argv);
int cmd_peer(struct ctl *ctl, int argc, char **argv);
int cmd_fdb(struct ctl *ctl, int argc, char **argv);
int cmd_flood(struct ctl *ctl, int argc, char **argv);
int cmd_flush(struct ctl *ctl, int argc, char **argv);
int cmd_route(struct ctl *ctl, int argc, char **argv);
int cmd_monitor(struct ctl *ctl, int argc, char **argv);
int cmd_show(struct ctl *ctl, int argc, char **argv);
int cmd_apply(struct ctl *ctl, int argc, char **argv);
int cmd_stats(struct ctl *ctl, int argc, char **argv);
int cmd_graph(struct ctl *ctl, int argc, char **argv);

/*
 * show -c and apply (apply.c): while @static_view is set, the peer, FDB
 * and route printers skip their usual output.  They note the highest
 * generation of the static owner's entries and claims, and, if @print,
 * write those entries as the batch lines that program them.
 */
struct static_view {
	bool print;
	uint32_t max_gen;
};

extern struct static_view *static_view;

/*
 * stats (stats.c): while @stats_view is set, the device and peer printers
 * hand what they would print to these instead.
 */
struct stats_view;
struct peer_list;
extern struct stats_view *stats_view;
/* @st: VXIP_DEV_A_STATS's counters, or NULL if the kernel sent none. */
void stats_view_dev(const char *ifname, const uint32_t *a, const uint64_t *st);
/* A peer: its counters, whether it floods, and the owners claiming it. */
struct view_peer {
	const char *dev, *addr;
	uint32_t encap, n_fdb;
	const uint64_t *st;
	size_t n_st;
	bool flood;
	unsigned int n_owners;
	uint32_t owners[VXIP_PEER_CLAIMS];
};

void stats_view_peer(const struct view_peer *vp);
/* A route (graph only): "DST/PLEN", its peers, encap and owner. */
void stats_view_route(const char *dev, const char *prefix,
		      const struct peer_list *peers, uint32_t encap,
		      uint32_t owner);
/* The YNL spec's name of per-peer counter @i (VXIP_PEER_STATS_A_*). */
const char *peer_stat_name(size_t i);
void static_view_gen(uint32_t gen);
/* An FDB entry's or route's: true if its line is to be printed. */
bool static_view_entry(uint32_t owner, bool has_gen, uint32_t gen);

/*
 * Printers of one message, for show and monitor; JSON goes into @arr.
 * They print the attributes the message carries, and nothing else.
 */
void show_peer_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);
void show_fdb_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);
void show_flood_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);
void show_route_msg(const struct nlmsghdr *nlh, bool json, json_t *arr);

/* main.c */
/* OBJECT COMMAND ARGS..., as on the command line or a batch line. */
int run(struct ctl *ctl, int argc, char **argv);
/* Batch mode on (requests pipelined with -force) and off; 0 or 1. */
int batch_begin(struct ctl *ctl);
/* Sends what is queued; 0 if no request of the batch failed. */
int batch_end(struct ctl *ctl);
/*
 * Keyword lookup, iproute2 style: @arg names the word of NULL-terminated
 * @words it equals, or else the only one it is a prefix of.  Returns its
 * index; -1 if none; -2 if ambiguous, after a usage error that lists the
 * candidates: "CTX: KIND "ARG" is ambiguous: ...".  A word and the one
 * after it that it is a prefix of ("del", "delete") are one keyword.
 */
int lookup(const char *arg, const char *const *words, const char *ctx,
	   const char *kind);
/* lookup() that says nothing when @quiet. */
int lookup_quiet(const char *arg, const char *const *words, const char *ctx,
		 const char *kind, bool quiet);
/* lookup() that also says "CTX: unknown KIND "ARG""; returns -2 then. */
int keyword(const char *arg, const char *const *words, const char *ctx,
	    const char *kind);
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
/* Start a request in the request buffer. */
struct nlmsghdr *ctl_msg(struct ctl *ctl, uint8_t cmd, uint16_t flags);

/*
 * ctl_query() without restarts, for dumps printed as they come: returns
 * 0, -EINTR for a dump the kernel marked inconsistent, or the exit status
 * of an error it printed.
 */
int ctl_query_stream(struct ctl *ctl, struct nlmsghdr *nlh, vxnl_cb_t cb,
		     void *data, const char *what);
/* Resolve the family (monitor needs its groups); non-zero on failure. */
int ctl_join(struct ctl *ctl);

/* util.c */
/* The loaded module's MODULE_VERSION (/sys/module/vxip/version), or NULL. */
const char *module_version(void);
int parse_u32(const char *s, uint32_t max, uint32_t *v);
int parse_ip(const char *s, struct in6_addr *a, bool *v4);
int put_underlay(struct nlmsghdr *nlh, uint16_t nest, const char *s);
int parse_mac(const char *s, uint8_t mac[6]);
int parse_unicast_mac(const char *s, uint8_t mac[6]);
int parse_bool(const char *s, bool *v);
int parse_owner(const char *s, uint32_t *owner);
/* The owner's name, or its number (as a JSON number too). */
const char *owner_name(uint32_t owner);
json_t *owner_json(uint32_t owner);
/* " owner O gen N" and their JSON keys, for those a message carried. */
void print_owner_gen(bool has_owner, uint32_t owner, bool has_gen, uint32_t gen);
void json_owner_gen(json_t *o, bool has_owner, uint32_t owner, bool has_gen,
		    uint32_t gen);
const char *encap_name(uint32_t encap);
int parse_encap(const char *s, uint32_t *encap);
void fmt_mac(const uint8_t *mac, char *out);
/*
 * An underlay address attribute: of @type4 with 4 bytes (IPv4) or of
 * @type6 with 16 (IPv6), as text into @out (INET6_ADDRSTRLEN bytes).
 * False, and @out untouched, for any other attribute.
 */
bool get_underlay(const struct nlattr *a, uint16_t type4, uint16_t type6,
		  char *out);
/*
 * Checked puts into the request buffer: past its end they put nothing,
 * and ctl_change() or ctl_query() refuses the request.
 */
void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v);
void put_bin(struct nlmsghdr *nlh, uint16_t type, size_t len, const void *d);
struct nlattr *put_nest(struct nlmsghdr *nlh, uint16_t type);
void end_nest(struct nlmsghdr *nlh, struct nlattr *nest);
void put_dev(struct nlmsghdr *nlh, const char *dev);
/* A NEW that changes an existing object (VXIP_A_REQ_FLAGS). */
void put_replace(struct nlmsghdr *nlh);
bool msg_full(void);
void msg_reset(void);
int check_dev(const char *dev);

/* A u32 attribute of a nest, and where its value and presence go. */
struct u32_field {
	uint16_t type;
	size_t val, has;	/* offsets of a uint32_t and a bool */
};

#define U32_FIELD(type, st, field) \
	{ type, offsetof(st, field), offsetof(st, has_##field) }

/* The u64s of nest @nest into @out[type], for types up to @max. */
void get_u64_nest(const struct nlattr *nest, uint64_t *out, uint16_t max);

/* Store @a into @obj if it is a u32 of @fields; true if it was. */
bool get_u32_field(const struct nlattr *a, const struct u32_field *fields,
		   size_t n, void *obj);

/*
 * The peers of an FDB entry or route: its PEER4 and PEER6 attributes, in
 * order, families mixed.
 */
struct peer_list {
	unsigned int n;
	char addr[VXIP_PEERS_MAX][INET6_ADDRSTRLEN];	/* as text */
};

/* Take @a if it is a peer (of @type4 or @type6); true if it was. */
bool peer_list_get(struct peer_list *pl, const struct nlattr *a,
		   uint16_t type4, uint16_t type6);
/* " peer A peer B", as "add" takes them back. */
void print_peers(const struct peer_list *pl);
/* "peer": the first; "peers": all of them, if there are several. */
void json_peers(json_t *o, const struct peer_list *pl);

/* fdb.c: [DEV] [peer ADDR] [owner OWNER] of a dump; 0 or exit status. */
int put_show_args(struct nlmsghdr *nlh, int argc, char **argv,
		  uint16_t nest_type, uint16_t owner_attr,
		  const char *what);
const char *request_attr_name(const struct nlmsghdr *req, unsigned int off);
/*
 * The nest of @type in message @nlh (NULL if none), and the device's
 * name into @dev (IF_NAMESIZE bytes), unless @dev is NULL.
 */
const struct nlattr *msg_nest(const struct nlmsghdr *nlh, uint16_t type,
			      char *dev);
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
