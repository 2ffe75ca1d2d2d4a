/* SPDX-License-Identifier: GPL-2.0 */
/* vxip-gossip: drives a vxip device from a Serf cluster. */
#ifndef VXIP_GOSSIP_H
#define VXIP_GOSSIP_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <net/if.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define GOSSIP_MAX_CIDRS	8
/* Seconds between resyncs: the default, and the most a config may say. */
#define GOSSIP_RESYNC_SECS	30
#define GOSSIP_RESYNC_MAX	86400
#define GOSSIP_MAX_JOIN		16
#define GOSSIP_NAME_MAX		64

enum gossip_encap { ENCAP_VXLAN, ENCAP_IPIP, ENCAP_AUTO };

/* An IPv4 or IPv6 address: a VTEP. */
struct ipaddr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* 4 or 16 bytes used, the rest zero */
};

/* An IPv4 or IPv6 prefix, host bits zero. */
struct prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* 4 or 16 bytes used */
	uint8_t plen;
};

struct config {
	char path[256];
	char name[GOSSIP_NAME_MAX];
	char device[IF_NAMESIZE];
	struct ipaddr vtep;
	bool has_vtep;
	struct prefix podcidr[GOSSIP_MAX_CIDRS];
	unsigned int n_podcidr;
	char podcidr_text[512];
	struct prefix cluster;
	bool has_cluster;
	enum gossip_encap encap;
	uint32_t vni;
	char bind[64];
	char rpc[64];
	char join[GOSSIP_MAX_JOIN][64];
	unsigned int n_join;
	char encrypt_key[64];
	char snapshot[256];
	unsigned int resync_secs;	/* between resyncs */
};

/* config.c */
int config_load(struct config *cfg, const char *path);
int parse_prefix(const char *s, struct prefix *p);
int parse_prefix_list(const char *s, struct prefix *out, unsigned int max,
		      unsigned int *n);
int parse_encap(const char *s, enum gossip_encap *e);
int parse_mac(const char *s, uint8_t mac[6]);
int parse_vni(const char *s, uint32_t *vni);
const char *encap_str(enum gossip_encap e);
void mask_prefix(struct prefix *p);
bool prefix_overlap(const struct prefix *a, const struct prefix *b);
bool prefix_contains(const struct prefix *a, const struct prefix *b);
void fmt_prefix(const struct prefix *p, char *buf, size_t len);
int parse_vtep(const char *s, struct ipaddr *a);
void fmt_addr(const struct ipaddr *a, char *buf, size_t len);
bool addr_same(const struct ipaddr *a, const struct ipaddr *b);
const char *family_str(int family);
int parse_hostport(const char *s, bool need_port, struct ipaddr *a,
		   uint16_t *port);

/* A Serf member as the RPC reports it. */
struct serf_tag {
	char key[32];
	char val[256];
};

#define SERF_MAX_TAGS	16

struct serf_member {
	char name[GOSSIP_NAME_MAX];
	char status[16];
	struct serf_tag tags[SERF_MAX_TAGS];
	unsigned int n_tags;
	bool too_many_tags;
};

/* serf.c: Serf's RPC, msgpack over TCP. */
struct serf_rpc {
	int fd;
	uint64_t seq;
	uint64_t stream_seq;
	bool stream_acked;
	bool want_body;
	void *unp;		/* msgpack_unpacker */
};

typedef void (*serf_event_cb)(void *data, const char *event,
			      const struct serf_member *m, unsigned int n);

int serf_connect(struct serf_rpc *r, const char *addr, int timeout_ms);
void serf_close(struct serf_rpc *r);
int serf_members(struct serf_rpc *r, struct serf_member **out,
		 unsigned int *n);
int serf_leave(struct serf_rpc *r);
int serf_stream(struct serf_rpc *r, const char *filter);
/* Read what the stream socket has; <0 on error or EOF. */
int serf_stream_read(struct serf_rpc *r, serf_event_cb cb, void *data);
int serf_set_tags(struct serf_rpc *r, const struct serf_tag *t,
		  unsigned int n);
const char *serf_tag(const struct serf_member *m, const char *key);
extern char serf_errmsg[256];

/* kern.c: the vxip device and the kernel route, over netlink. */
struct kroute {
	struct prefix dst;
	struct ipaddr peer;
	enum gossip_encap encap;	/* VXLAN or IPIP */
	uint32_t vni;
	uint8_t rmac[6];
};

int kern_open(void);
void kern_close(void);
int kern_setup_device(const struct config *cfg, uint8_t mac[6]);
int kern_cluster_route(const struct config *cfg);
int kern_peer_claim(const char *dev, const struct ipaddr *peer,
		    enum gossip_encap encap, uint32_t gen);
int kern_peer_unclaim(const char *dev, const struct ipaddr *peer);
int kern_route_add(const char *dev, const struct kroute *r, uint32_t gen);
int kern_route_del(const char *dev, const struct prefix *dst);
int kern_flush(const char *dev, bool below, uint32_t gen);
int kern_max_gen(const char *dev, uint32_t *gen);
/* The gossip route for @dst, if any: 1 and *peer, or 0. */
int kern_route_lookup(const char *dev, const struct prefix *dst,
		      struct ipaddr *peer);
const char *kern_strerror(int err);

/* main.c */
void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
