// SPDX-License-Identifier: GPL-2.0
/* vxipctl helpers: argument parsing, names, error attribute lookup. */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>

#include <linux/vxip.h>

#include "vxipctl.h"

int parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || x > max)
		return -ERANGE;
	*v = (uint32_t)x;
	return 0;
}

/* An IPv4 address becomes v4-mapped, as the kernel keys it. */
int parse_ip(const char *s, struct in6_addr *a, bool *v4)
{
	struct in_addr a4;

	if (inet_pton(AF_INET, s, &a4) == 1) {
		memset(a, 0, sizeof(*a));
		a->s6_addr[10] = 0xff;
		a->s6_addr[11] = 0xff;
		memcpy(&a->s6_addr[12], &a4, 4);
		*v4 = true;
		return 0;
	}
	*v4 = false;
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -EINVAL;
}

/*
 * An underlay address of either family, in the IPv4 or the IPv6 attribute
 * of the nest @nest carries it in.  -EINVAL if @s is not an address.
 */
int put_underlay(struct nlmsghdr *nlh, uint16_t nest, const char *s)
{
	static const uint16_t types[][2] = {
		[VXIP_A_DEV] = { VXIP_DEV_A_LOCAL4, VXIP_DEV_A_LOCAL6 },
		[VXIP_A_PEER] = { VXIP_PEER_A_ADDR4, VXIP_PEER_A_ADDR6 },
		[VXIP_A_FDB] = { VXIP_FDB_A_PEER4, VXIP_FDB_A_PEER6 },
		[VXIP_A_FLOOD] = { VXIP_FLOOD_A_PEER4, VXIP_FLOOD_A_PEER6 },
		[VXIP_A_FLUSH] = { VXIP_FLUSH_A_PEER4, VXIP_FLUSH_A_PEER6 },
		[VXIP_A_ROUTE] = { VXIP_ROUTE_A_PEER4, VXIP_ROUTE_A_PEER6 },
	};
	struct in6_addr a;
	bool v4;

	if (nest >= ARRAY_SIZE(types) || !types[nest][0] || parse_ip(s, &a, &v4))
		return -EINVAL;
	if (v4)
		put_bin(nlh, types[nest][0], 4, &a.s6_addr[12]);
	else
		put_bin(nlh, types[nest][1], sizeof(a), &a);
	return 0;
}

/* Six bytes of one or two hex digits, separated by colons; nothing else. */
int parse_mac(const char *s, uint8_t mac[6])
{
	int i, n;

	for (i = 0; i < 6; i++) {
		unsigned int b = 0;

		for (n = 0; n < 2 && isxdigit((unsigned char)*s); n++, s++)
			b = b * 16 + (isdigit((unsigned char)*s) ? *s - '0' :
				      (tolower((unsigned char)*s) - 'a' + 10));
		if (!n || *s != (i < 5 ? ':' : '\0'))
			return -EINVAL;
		mac[i] = (uint8_t)b;
		if (i < 5)
			s++;
	}
	return 0;
}

/* A MAC an FDB entry or a device may have: unicast and not all zeros. */
int parse_unicast_mac(const char *s, uint8_t mac[6])
{
	static const uint8_t zero[6];

	if (parse_mac(s, mac))
		return -EINVAL;
	return (mac[0] & 1) || !memcmp(mac, zero, sizeof(zero)) ? -EINVAL : 0;
}

int parse_bool(const char *s, bool *v)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1")) {
		*v = true;
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0")) {
		*v = false;
		return 0;
	}
	return -EINVAL;
}

/* Owners are open numbers, as RTPROT_* are; these have names. */
static const char *const owners[] = {
	[VXIP_OWNER_STATIC] = "static",
	[VXIP_OWNER_EVPN] = "evpn",
	[VXIP_OWNER_GOSSIP] = "gossip",
	[VXIP_OWNER_LEARNED] = "learned",
	[VXIP_OWNER_CNI] = "cni",
};

/* A name, or a number 1..255. */
int parse_owner(const char *s, uint32_t *owner)
{
	uint32_t i;

	for (i = 1; i < ARRAY_SIZE(owners); i++)
		if (owners[i] && !strcmp(s, owners[i])) {
			*owner = i;
			return 0;
		}
	if (parse_u32(s, OWNER_MAX, &i) || !i)
		return -EINVAL;
	*owner = i;
	return 0;
}

const char *owner_name(uint32_t owner)
{
	static char num[16];

	if (owner < ARRAY_SIZE(owners) && owners[owner])
		return owners[owner];
	snprintf(num, sizeof(num), "%u", owner);
	return num;
}

/* JSON: the name, or the number as a number. */
json_t *owner_json(uint32_t owner)
{
	if (owner < ARRAY_SIZE(owners) && owners[owner])
		return json_string(owners[owner]);
	return json_integer(owner);
}

static const char *const encaps[] = {
	[VXIP_ENCAP_VXLAN] = "vxlan",
	[VXIP_ENCAP_IPIP] = "ipip",
};

int parse_encap(const char *s, uint32_t *encap)
{
	uint32_t i;

	for (i = 1; i < ARRAY_SIZE(encaps); i++)
		if (!strcmp(s, encaps[i])) {
			*encap = i;
			return 0;
		}
	return -EINVAL;
}

bool get_u32_field(const struct nlattr *a, const struct u32_field *fields,
		   size_t n, void *obj)
{
	size_t i;

	if (mnl_attr_validate(a, MNL_TYPE_U32))
		return false;
	for (i = 0; i < n; i++) {
		if (fields[i].type != mnl_attr_get_type(a))
			continue;
		*(uint32_t *)((char *)obj + fields[i].val) = mnl_attr_get_u32(a);
		*(bool *)((char *)obj + fields[i].has) = true;
		return true;
	}
	return false;
}

void print_owner_gen(bool has_owner, uint32_t owner, bool has_gen, uint32_t gen)
{
	if (has_owner)
		printf(" owner %s", owner_name(owner));
	if (has_gen)
		printf(" gen %u", gen);
}

void json_owner_gen(json_t *o, bool has_owner, uint32_t owner, bool has_gen,
		    uint32_t gen)
{
	if (has_owner)
		json_object_set_new(o, "owner", owner_json(owner));
	if (has_gen)
		json_object_set_new(o, "gen", json_integer(gen));
}

const char *encap_name(uint32_t encap)
{
	return encap && encap < ARRAY_SIZE(encaps) ? encaps[encap] : "unknown";
}

void fmt_mac(const uint8_t *mac, char *out)
{
	sprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x",
		mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

bool get_underlay(const struct nlattr *a, uint16_t type4, uint16_t type6,
		  char *out)
{
	uint16_t type = mnl_attr_get_type(a), len = mnl_attr_get_payload_len(a);

	if (type == type4 && len == sizeof(struct in_addr))
		return inet_ntop(AF_INET, mnl_attr_get_payload(a), out,
				 INET6_ADDRSTRLEN) != NULL;
	if (type == type6 && len == sizeof(struct in6_addr))
		return inet_ntop(AF_INET6, mnl_attr_get_payload(a), out,
				 INET6_ADDRSTRLEN) != NULL;
	return false;
}

bool peer_list_get(struct peer_list *pl, const struct nlattr *a,
		   uint16_t type4, uint16_t type6)
{
	char addr[INET6_ADDRSTRLEN];

	if (!get_underlay(a, type4, type6, addr))
		return false;
	if (pl->n < VXIP_PEERS_MAX)
		memcpy(pl->addr[pl->n++], addr, sizeof(addr));
	return true;
}

void print_peers(const struct peer_list *pl)
{
	unsigned int i;

	for (i = 0; i < pl->n; i++)
		printf(" peer %s", pl->addr[i]);
}

void json_peers(json_t *o, const struct peer_list *pl)
{
	json_t *arr;
	unsigned int i;

	if (!pl->n)
		return;
	json_object_set_new(o, "peer", json_string(pl->addr[0]));
	if (pl->n == 1)
		return;
	arr = json_array();
	for (i = 0; i < pl->n; i++)
		json_array_append_new(arr, json_string(pl->addr[i]));
	json_object_set_new(o, "peers", arr);
}

static bool overflow;

void msg_reset(void)
{
	overflow = false;
}

bool msg_full(void)
{
	return overflow;
}

void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	if (!mnl_attr_put_u32_check(nlh, CTL_BUF_SIZE, type, v))
		overflow = true;
}

void put_bin(struct nlmsghdr *nlh, uint16_t type, size_t len, const void *d)
{
	if (!mnl_attr_put_check(nlh, CTL_BUF_SIZE, type, len, d))
		overflow = true;
}

struct nlattr *put_nest(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, CTL_BUF_SIZE, type);

	if (!nest)
		overflow = true;
	return nest;
}

void end_nest(struct nlmsghdr *nlh, struct nlattr *nest)
{
	if (nest)
		mnl_attr_nest_end(nlh, nest);
}

/*
 * replace: change the object if it exists, make it if not.  The flags
 * travel in an attribute: genetlink keeps nlmsg_flags' NLM_F_REPLACE
 * from new families.  Without it the kernel takes CREATE: an existing
 * object is EEXIST.
 */
void put_replace(struct nlmsghdr *nlh)
{
	put_u32(nlh, VXIP_A_REQ_FLAGS, VXIP_REQ_F_CREATE | VXIP_REQ_F_REPLACE);
}

void put_dev(struct nlmsghdr *nlh, const char *dev)
{
	if (!mnl_attr_put_strz_check(nlh, CTL_BUF_SIZE, VXIP_A_IFNAME, dev))
		overflow = true;
}

int check_dev(const char *dev)
{
	if (strlen(dev) >= IF_NAMESIZE)
		return usage_error("\"%s\" is too long for a device name", dev);
	return 0;
}

/* Attribute names as the YNL spec spells them, for error messages. */
static const char *const top_names[] = {
	[VXIP_A_IFINDEX] = "ifindex", [VXIP_A_IFNAME] = "ifname",
	[VXIP_A_DEV] = "dev", [VXIP_A_PEER] = "peer", [VXIP_A_FDB] = "fdb",
	[VXIP_A_FLOOD] = "flood", [VXIP_A_FLUSH] = "flush",
	[VXIP_A_MISS] = "miss", [VXIP_A_ROUTE] = "route",
	[VXIP_A_REQ_FLAGS] = "req-flags",
};

static const char *const dev_names[] = {
	[VXIP_DEV_A_VNI] = "vni", [VXIP_DEV_A_LOCAL4] = "local4",
	[VXIP_DEV_A_PORT] = "port", [VXIP_DEV_A_SRCPORT_MIN] = "srcport-min",
	[VXIP_DEV_A_SRCPORT_MAX] = "srcport-max", [VXIP_DEV_A_TTL] = "ttl",
	[VXIP_DEV_A_TTL_INHERIT] = "ttl-inherit", [VXIP_DEV_A_TOS] = "tos",
	[VXIP_DEV_A_TOS_INHERIT] = "tos-inherit", [VXIP_DEV_A_DF] = "df",
	[VXIP_DEV_A_UDP_CSUM] = "udp-csum", [VXIP_DEV_A_LEARNING] = "learning",
	[VXIP_DEV_A_AGEING] = "ageing", [VXIP_DEV_A_MAX_FDB] = "max-fdb",
	[VXIP_DEV_A_STRICT] = "strict", [VXIP_DEV_A_MAX_ROUTES] = "max-routes",
	[VXIP_DEV_A_MAC] = "mac", [VXIP_DEV_A_LOCAL6] = "local6",
	[VXIP_DEV_A_UDP6_ZERO_CSUM_TX] = "udp6-zero-csum-tx",
	[VXIP_DEV_A_UDP6_ZERO_CSUM_RX] = "udp6-zero-csum-rx",
};

static const char *const peer_names[] = {
	[VXIP_PEER_A_ADDR4] = "addr4", [VXIP_PEER_A_ENCAP] = "encap",
	[VXIP_PEER_A_PORT] = "port", [VXIP_PEER_A_OWNER] = "owner",
	[VXIP_PEER_A_GEN] = "gen", [VXIP_PEER_A_ADDR6] = "addr6",
};

static const char *const fdb_names[] = {
	[VXIP_FDB_A_MAC] = "mac", [VXIP_FDB_A_PEER4] = "peer4",
	[VXIP_FDB_A_IP4] = "ip4", [VXIP_FDB_A_IP6] = "ip6",
	[VXIP_FDB_A_FLAGS] = "flags", [VXIP_FDB_A_OWNER] = "owner",
	[VXIP_FDB_A_GEN] = "gen", [VXIP_FDB_A_PEER6] = "peer6",
};

static const char *const flood_names[] = {
	[VXIP_FLOOD_A_PEER4] = "peer4", [VXIP_FLOOD_A_OWNER] = "owner",
	[VXIP_FLOOD_A_GEN] = "gen", [VXIP_FLOOD_A_PEER6] = "peer6",
};

static const char *const flush_names[] = {
	[VXIP_FLUSH_A_SCOPE] = "scope", [VXIP_FLUSH_A_OWNER] = "owner",
	[VXIP_FLUSH_A_GEN_BELOW] = "gen-below", [VXIP_FLUSH_A_PEER4] = "peer4",
	[VXIP_FLUSH_A_PEER6] = "peer6",
};

static const char *const route_names[] = {
	[VXIP_ROUTE_A_DST4] = "dst4", [VXIP_ROUTE_A_DST6] = "dst6",
	[VXIP_ROUTE_A_PLEN] = "plen", [VXIP_ROUTE_A_PEER4] = "peer4",
	[VXIP_ROUTE_A_ENCAP] = "encap", [VXIP_ROUTE_A_VNI] = "vni",
	[VXIP_ROUTE_A_RMAC] = "rmac", [VXIP_ROUTE_A_OWNER] = "owner",
	[VXIP_ROUTE_A_GEN] = "gen", [VXIP_ROUTE_A_PEER6] = "peer6",
};

static const struct {
	const char *const *names;
	size_t n;
} nests[] = {
	[VXIP_A_DEV] = { dev_names, ARRAY_SIZE(dev_names) },
	[VXIP_A_PEER] = { peer_names, ARRAY_SIZE(peer_names) },
	[VXIP_A_FDB] = { fdb_names, ARRAY_SIZE(fdb_names) },
	[VXIP_A_FLOOD] = { flood_names, ARRAY_SIZE(flood_names) },
	[VXIP_A_FLUSH] = { flush_names, ARRAY_SIZE(flush_names) },
	[VXIP_A_ROUTE] = { route_names, ARRAY_SIZE(route_names) },
};

static const char *name_of(const char *const *names, size_t n, uint16_t type)
{
	return type < n && names[type] ? names[type] : "unknown";
}

/* "nest.attr" for the attribute at byte offset @off of @req. */
const char *request_attr_name(const struct nlmsghdr *req, unsigned int off)
{
	static char out[64];
	const struct nlattr *a, *b;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr)) {
		unsigned int start = (const char *)a - (const char *)req;
		uint16_t type = mnl_attr_get_type(a);

		if (off == start)
			return name_of(top_names, ARRAY_SIZE(top_names), type);
		if (off < start || off >= start + a->nla_len ||
		    type >= ARRAY_SIZE(nests) || !nests[type].names)
			continue;
		mnl_attr_for_each_nested(b, a) {
			if ((unsigned int)((const char *)b - (const char *)req) != off)
				continue;
			snprintf(out, sizeof(out), "%s.%s",
				 name_of(top_names, ARRAY_SIZE(top_names), type),
				 name_of(nests[type].names, nests[type].n,
					 mnl_attr_get_type(b)));
			return out;
		}
	}
	return NULL;
}

const struct nlattr *msg_nest(const struct nlmsghdr *nlh, uint16_t type,
			      char *dev)
{
	const struct nlattr *a, *nest = NULL;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME && dev &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(dev, IF_NAMESIZE, "%s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) == type)
			nest = a;
	}
	return nest;
}

void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(j);
}

void *vec_push(struct vec *vec)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? 2 * vec->cap : 64;
		void *v = realloc(vec->v, cap * vec->size);

		if (!v)
			return NULL;
		vec->v = v;
		vec->cap = cap;
	}
	return memset((char *)vec->v + vec->n++ * vec->size, 0, vec->size);
}

void vec_reset(void *vec)
{
	((struct vec *)vec)->n = 0;
}

void vec_free(struct vec *vec)
{
	free(vec->v);
	vec->v = NULL;
	vec->n = 0;
	vec->cap = 0;
}

const char *module_version(void)
{
	static char v[64];
	static bool done;
	FILE *f;

	if (done)
		return *v ? v : NULL;
	done = true;
	f = fopen("/sys/module/vxip/version", "r");
	if (!f)
		return NULL;
	if (!fgets(v, sizeof(v), f))
		*v = 0;
	fclose(f);
	v[strcspn(v, "\n")] = 0;
	return *v ? v : NULL;
}

void get_u64_nest(const struct nlattr *nest, uint64_t *out, uint16_t max)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t t = mnl_attr_get_type(a);

		if (t <= max && mnl_attr_validate(a, MNL_TYPE_U64) == 0)
			out[t] = mnl_attr_get_u64(a);
	}
}
