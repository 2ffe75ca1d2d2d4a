/* SPDX-License-Identifier: GPL-2.0 */
/* vxip-evpn: bridges GoBGP's EVPN RIB (gRPC API) and vxip devices. */
#ifndef VXIP_EVPN_H
#define VXIP_EVPN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <net/if.h>
#include <netinet/in.h>

#include "compiler.h"
#include "genl.h"

#define EVPN_CONF_DEFAULT	"/etc/vxip/evpn.conf"
#define EVPN_SOCK_DEFAULT	"/run/vxip-evpn.sock"

/* EVPN route types, and the slots of the per-type counters. */
enum { RT_MAC = 2, RT_MCAST = 3, RT_PREFIX = 5, RT_SLOTS = 6 };

/* An address: IPv4 or IPv6, or none (af 0). */
struct ipaddr {
	int af;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* One [vni N] or [l3vni N] section. */
struct vni_conf {
	struct vni_conf *next;
	uint32_t vni;
	bool l3;
	int line;			/* of the section header */
	char device[IF_NAMESIZE];
	int device_line;
	char bridge[IF_NAMESIZE];
	bool has_rt;			/* an explicit route-target */
	uint32_t rt_asn, rt_val;	/* effective route target */
	/* run time */
	unsigned int ifindex, br_ifindex;
	/* The device's local addresses (af 0: none set): a next hop of a
	 * family without one is not imported.
	 */
	struct ipaddr local4, local6;
	unsigned long n_imp[RT_SLOTS];	/* imported routes now present */
	unsigned long n_exp[RT_SLOTS];	/* exported routes now present */
};

struct conf {
	const char *file;
	char gobgp[128];		/* host:port of gobgpd's gRPC API */
	char vtep_str[INET6_ADDRSTRLEN];	/* the VTEP, as inet_ntop writes it */
	struct ipaddr vtep;
	bool has_vtep;
	/* The administrator of exported routes' RDs: the VTEP if IPv4, else
	 * GoBGP's router id (a type-1 RD holds an IPv4 address).
	 */
	char rd_admin[INET_ADDRSTRLEN];
	char sock[108];			/* status socket */
	struct vni_conf *vnis;
};

/* config.c: 0, or 2 after printing "FILE:LINE: error". */
int conf_load(struct conf *c, const char *file);
void conf_free(struct conf *c);
int conf_resolve(struct conf *c, uint32_t asn);

/* main.c: logging to stderr. */
__printf(1, 2) void logmsg(const char *fmt, ...);

/* Bad input: logged once a minute per kind, all counted. */
enum bad_kind {
	BAD_UNKNOWN_RT, BAD_UNCONF_VNI, BAD_NO_PMSI, BAD_LABEL0,
	BAD_NH, BAD_MAC, BAD_NLRI, BAD_KERNEL, BAD_NH_FAMILY, BAD_KINDS
};

__printf(2, 3) void bad_input(enum bad_kind k, const char *fmt, ...);

struct evpn_stats {
	unsigned long bad[BAD_KINDS];
	unsigned long kernel_errors;
	char last_errors[8][256];
	unsigned int n_last;
	bool connected;
	uint32_t asn, gen;
	unsigned long events, table_events, reconnects;
	/* Paths of WatchEvents: how many, and the time from the event read to
	 * the kernel's last ACK for it (vxip-evpn's own share).
	 */
	unsigned long import_paths;
	uint64_t import_ns, import_event_ns_max;
	/* Of import_ns, the time spent waiting for vxip's ACKs; and every
	 * request's (vx.c), imports or not.  import_cpu_ns: the CPU time
	 * (user and system) the imports took; the rest of import_ns is time
	 * the process waited for a CPU.
	 */
	uint64_t import_kernel_ns, kernel_ns, import_cpu_ns;
	unsigned long kernel_reqs;
};

extern struct evpn_stats stats;

static inline uint64_t ns_between(const struct timespec *a, const struct timespec *b)
{
	return (uint64_t)(b->tv_sec - a->tv_sec) * 1000000000 + b->tv_nsec - a->tv_nsec;
}

extern struct conf conf;
__printf(1, 2) void last_error(const char *fmt, ...);

/* vx.c: vxip requests, all with owner evpn and the run's generation. */
int vx_open(void);
void vx_close(void);
extern uint32_t vx_gen;
uint32_t vx_max_gen(void);
int vx_dev_locals(struct vni_conf *v);
int vx_dev_set_local(const struct vni_conf *v, const struct ipaddr *local);
int vx_fdb_set(const struct vni_conf *v, const uint8_t mac[6],
	       const struct ipaddr *peers, unsigned int n_peers,
	       const struct in_addr *ips, unsigned int n_ips,
	       const struct in6_addr *ip6s, unsigned int n_ip6s, bool sticky);
int vx_fdb_del(const struct vni_conf *v, const uint8_t mac[6]);
int vx_peer_claim(const struct vni_conf *v, const struct ipaddr *peer);
int vx_peer_unclaim(const struct vni_conf *v, const struct ipaddr *peer);
int vx_flood_add(const struct vni_conf *v, const struct ipaddr *peer);
int vx_flood_del(const struct vni_conf *v, const struct ipaddr *peer);
int vx_route_set(const struct vni_conf *v, struct in_addr dst, unsigned int plen,
		 const struct ipaddr *peer, const uint8_t rmac[6]);
int vx_route_del(const struct vni_conf *v, struct in_addr dst, unsigned int plen);
int vx_flush_old(const struct vni_conf *v);

/* gobgp.c: the gRPC client. */
struct Apipb__Path;
int gb_connect(const char *target);
void gb_disconnect(void);
int gb_get_asn(uint32_t *asn, char *router_id, size_t len);
int gb_watch_start(void);
/* Wait up to @ms for the watch stream: 1 event handled, 0 none, <0 gone. */
int gb_watch_poll(int ms);
int gb_add_path(const struct Apipb__Path *p, uint8_t *uuid, size_t *uuid_len);
int gb_del_path(const uint8_t *uuid, size_t uuid_len);
typedef void (*gb_peer_cb)(const char *addr, uint32_t asn, int state,
			   void *data);
int gb_list_peers(gb_peer_cb cb, void *data);
typedef void (*gb_path_cb)(const struct Apipb__Path *p, void *data);
int gb_list_evpn_paths(gb_path_cb cb, void *data);
int gb_del_path_obj(const struct Apipb__Path *p);
struct Google__Protobuf__Any;
struct ProtobufCMessageDescriptor;
bool gb_any_is(const struct Google__Protobuf__Any *a,
	       const struct ProtobufCMessageDescriptor *d);

/* import.c */
void import_paths(struct Apipb__Path **paths, size_t n);
void import_reset(void);
unsigned long import_count(void);

/* export.c */
int export_type3_all(void);
void export_mac(struct vni_conf *v, const uint8_t mac[6], bool add);
void export_neigh(struct vni_conf *v, const uint8_t mac[6], const struct ipaddr *ip, bool on);
void export_resync(void);	/* after a gobgpd reconnect */
void export_sweep(void);	/* what an earlier run originated, no longer wanted */
unsigned long export_count(void);

/* rtnl.c: the bridges' FDBs. */
int rtnl_open(void);
int rtnl_fd(void);
int rtnl_dump(void);
void rtnl_read(void);

/* status.c */
int status_listen(const char *path);
int status_fd(void);
void status_serve(void);
int status_query(const char *path, bool json);
const char *bad_kind_name(int k);

/* Helpers. */
void fmt_mac(const uint8_t mac[6], char out[18]);
int parse_mac(const char *s, uint8_t mac[6]);
int ipaddr_parse(const char *s, struct ipaddr *ip);
bool ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b);
const char *ipaddr_str(const struct ipaddr *ip, char *buf, size_t len);
size_t ipaddr_len(const struct ipaddr *ip);
struct vni_conf *vni_by_rt(uint32_t asn, uint32_t val, bool l3);

#endif
