// SPDX-License-Identifier: GPL-2.0
/*
 * vxipctl stats [--prometheus] [DEV]: a device's counters (drops by reason
 * and events, VXIP_DEV_A_STATS of its DEV_GET reply, which ethtool -S shows
 * too, under the same names), its table sizes, and its peers' counters; as
 * text, JSON (-j), or the Prometheus text exposition format, for
 * node-exporter's textfile collector.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include <linux/vxip.h>

#include "vxipctl.h"

#define STATS_MAX_DEVS	256

struct stats_peer {
	char addr[INET6_ADDRSTRLEN];
	const char *encap;
	uint64_t st[VXIP_PEER_STATS_A_MAX + 1];
	uint32_t n_fdb;
	bool flood;
	unsigned int n_owners;
	uint32_t owners[VXIP_PEER_CLAIMS];
};

struct stats_route {
	char prefix[INET6_ADDRSTRLEN + 4];
	struct peer_list peers;
	uint32_t encap, owner;
};

struct stats_dev {
	char ifname[IF_NAMESIZE];
	uint32_t n[4];			/* peers, fdb, flood, routes */
	bool has_stats;
	uint64_t st[VXIP_DEV_STATS_A_MAX + 1];
	struct vec peers, routes;
};

/* ethtool -S's names, which the spec's are with '-' for '_'. */
static const char *const dev_stat_names[VXIP_DEV_STATS_A_MAX + 1] = {
	[VXIP_DEV_STATS_A_TX_DROP_MISS]		= "tx_drop_miss",
	[VXIP_DEV_STATS_A_TX_DROP_NO_ROUTE]	= "tx_drop_no_route",
	[VXIP_DEV_STATS_A_TX_DROP_TOO_BIG]	= "tx_drop_too_big",
	[VXIP_DEV_STATS_A_TX_DROP_ERROR]	= "tx_drop_error",
	[VXIP_DEV_STATS_A_TX_DROP_NOT_IP]	= "tx_drop_not_ip",
	[VXIP_DEV_STATS_A_TX_DROP_MALFORMED]	= "tx_drop_malformed",
	[VXIP_DEV_STATS_A_TX_DROP_NO_L3_ROUTE]	= "tx_drop_no_l3_route",
	[VXIP_DEV_STATS_A_RX_DROP_BAD_HEADER]	= "rx_drop_bad_header",
	[VXIP_DEV_STATS_A_RX_DROP_UNKNOWN_SOURCE] = "rx_drop_unknown_source",
	[VXIP_DEV_STATS_A_RX_DROP_RUNT]		= "rx_drop_runt",
	[VXIP_DEV_STATS_A_RX_DROP_BAD_INNER_MAC] = "rx_drop_bad_inner_mac",
	[VXIP_DEV_STATS_A_RX_DROP_ECN]		= "rx_drop_ecn",
	[VXIP_DEV_STATS_A_RX_DROP_DOWN]		= "rx_drop_down",
	[VXIP_DEV_STATS_A_RX_DROP_INNER_HEADER]	= "rx_drop_inner_header",
	[VXIP_DEV_STATS_A_RX_DROP_INNER_LENGTH]	= "rx_drop_inner_length",
	[VXIP_DEV_STATS_A_RX_DROP_SPOOFED]	= "rx_drop_spoofed",
	[VXIP_DEV_STATS_A_RX_DROP_POLICY]	= "rx_drop_policy",
	[VXIP_DEV_STATS_A_ARP_SUPPRESSED]	= "arp_suppressed",
	[VXIP_DEV_STATS_A_ND_SUPPRESSED]	= "nd_suppressed",
	[VXIP_DEV_STATS_A_FLOOD_TX]		= "flood_tx",
	[VXIP_DEV_STATS_A_FDB_LEARNED]		= "fdb_learned",
	[VXIP_DEV_STATS_A_FDB_AGED]		= "fdb_aged",
	[VXIP_DEV_STATS_A_FDB_LEARN_FULL]	= "fdb_learn_full",
	[VXIP_DEV_STATS_A_ARP_PROXIED]		= "arp_proxied",
	[VXIP_DEV_STATS_A_ND_PROXIED]		= "nd_proxied",
	[VXIP_DEV_STATS_A_PORT_RX_DROP_UNKNOWN_VNI] = "port_rx_drop_unknown_vni",
	[VXIP_DEV_STATS_A_PORT_RX_DROP_BAD_HEADER] = "port_rx_drop_bad_header",
	[VXIP_DEV_STATS_A_VXLAN_TX_PACKETS]	= "vxlan_tx_packets",
	[VXIP_DEV_STATS_A_VXLAN_TX_BYTES]	= "vxlan_tx_bytes",
	[VXIP_DEV_STATS_A_VXLAN_RX_PACKETS]	= "vxlan_rx_packets",
	[VXIP_DEV_STATS_A_VXLAN_RX_BYTES]	= "vxlan_rx_bytes",
	[VXIP_DEV_STATS_A_IPIP_TX_PACKETS]	= "ipip_tx_packets",
	[VXIP_DEV_STATS_A_IPIP_TX_BYTES]	= "ipip_tx_bytes",
	[VXIP_DEV_STATS_A_IPIP_RX_PACKETS]	= "ipip_rx_packets",
	[VXIP_DEV_STATS_A_IPIP_RX_BYTES]	= "ipip_rx_bytes",
	[VXIP_DEV_STATS_A_RX_DROP_ZERO_CSUM]	= "rx_drop_zero_csum",
};

struct stats_view {
	struct stats_dev devs[STATS_MAX_DEVS];
	unsigned int n;
	bool truncated;
};

struct stats_view *stats_view;

static const char *const table_names[] = { "peers", "fdb", "flood", "routes" };

void stats_view_dev(const char *ifname, const uint32_t *a, const uint64_t *st)
{
	struct stats_dev *d;

	if (stats_view->n == STATS_MAX_DEVS) {
		stats_view->truncated = true;
		return;
	}
	d = &stats_view->devs[stats_view->n++];
	memset(d, 0, sizeof(*d));
	snprintf(d->ifname, sizeof(d->ifname), "%s", ifname);
	d->n[0] = a[VXIP_DEV_A_N_PEERS];
	d->n[1] = a[VXIP_DEV_A_N_FDB];
	d->n[2] = a[VXIP_DEV_A_N_FLOOD];
	d->n[3] = a[VXIP_DEV_A_N_ROUTES];
	d->peers.size = sizeof(struct stats_peer);
	d->routes.size = sizeof(struct stats_route);
	d->has_stats = st;
	if (st)
		memcpy(d->st, st, sizeof(d->st));
}

static struct stats_dev *view_dev(const char *dev)
{
	unsigned int i;

	for (i = 0; i < stats_view->n; i++)
		if (!strcmp(stats_view->devs[i].ifname, dev))
			return &stats_view->devs[i];
	return NULL;
}

void stats_view_peer(const struct view_peer *vp)
{
	struct stats_dev *d = view_dev(vp->dev);
	struct stats_peer *p;
	size_t n_st = vp->n_st;

	p = d ? vec_push(&d->peers) : NULL;
	if (!p)
		return;
	memset(p, 0, sizeof(*p));
	snprintf(p->addr, sizeof(p->addr), "%s", vp->addr);
	p->encap = encap_name(vp->encap);
	if (n_st > ARRAY_SIZE(p->st))
		n_st = ARRAY_SIZE(p->st);
	memcpy(p->st, vp->st, n_st * sizeof(*vp->st));
	p->n_fdb = vp->n_fdb;
	p->flood = vp->flood;
	p->n_owners = vp->n_owners;
	memcpy(p->owners, vp->owners, sizeof(p->owners));
}

void stats_view_route(const char *dev, const char *prefix,
		      const struct peer_list *peers, uint32_t encap,
		      uint32_t owner)
{
	struct stats_dev *d = view_dev(dev);
	struct stats_route *r;

	r = d ? vec_push(&d->routes) : NULL;
	if (!r)
		return;
	snprintf(r->prefix, sizeof(r->prefix), "%s", prefix);
	r->peers = *peers;
	r->encap = encap;
	r->owner = owner;
}

/*
 * A counter's Prometheus form: tx_drop_miss is vxip_drops_total with
 * dir="tx", reason="miss"; port_rx_drop_unknown_vni is
 * vxip_port_drops_total (counted on the device's UDP port);
 * arp_suppressed is vxip_events_total with event="arp_suppressed";
 * vxlan_tx_packets is vxip_encap_packets_total with encap="vxlan",
 * dir="tx".
 */
enum { M_DROPS, M_PORT_DROPS, M_EVENTS, M_ENCAP_PACKETS, M_ENCAP_BYTES, M_N };

static const char *const metric_names[M_N] = {
	"vxip_drops_total", "vxip_port_drops_total", "vxip_events_total",
	"vxip_encap_packets_total", "vxip_encap_bytes_total",
};

static const char *const metric_help[M_N] = {
	"Packets the device dropped, by direction and reason.",
	"Packets dropped on the device's UDP port before a device was found.",
	"Datapath events: suppressed and proxied ARP/ND, flood copies, learning.",
	"Packets the device carried, by encap and direction.",
	"Bytes the device carried, by encap and direction, as the per-peer counters count them.",
};

/*
 * The metric of counter @name, and its label: the reason or the event;
 * for an encap counter ("vxlan_tx_packets") the whole name, which
 * print_prometheus() splits into encap and direction.
 */
static int metric_of(const char *name, const char **label)
{
	if (!strncmp(name, "vxlan_", 6) || !strncmp(name, "ipip_", 5)) {
		*label = name;
		return strstr(name, "_packets") ? M_ENCAP_PACKETS : M_ENCAP_BYTES;
	}
	if (!strncmp(name, "port_rx_drop_", 13)) {
		*label = name + 13;
		return M_PORT_DROPS;
	}
	if (!strncmp(name, "tx_drop_", 8) || !strncmp(name, "rx_drop_", 8)) {
		*label = name + 8;
		return M_DROPS;
	}
	*label = name;
	return M_EVENTS;
}

/* A label value, escaped as the exposition format wants. */
static void print_label(const char *key, const char *val, bool last)
{
	printf("%s=\"", key);
	for (; *val; val++) {
		if (*val == '\\' || *val == '"')
			putchar('\\');
		if (*val == '\n')
			fputs("\\n", stdout);
		else
			putchar(*val);
	}
	printf("\"%s", last ? "}" : ",");
}

static void print_prometheus(const struct stats_view *v)
{
	unsigned int i, j, m;
	size_t k, s;
	const char *label;

	for (m = 0; m < M_N; m++) {
		printf("# HELP %s %s\n# TYPE %s counter\n", metric_names[m],
		       metric_help[m], metric_names[m]);
		for (i = 0; i < v->n; i++) {
			const struct stats_dev *d = &v->devs[i];

			for (j = 0; j <= VXIP_DEV_STATS_A_MAX; j++) {
				if (!d->has_stats || !dev_stat_names[j] ||
				    metric_of(dev_stat_names[j], &label) != (int)m)
					continue;
				printf("%s{", metric_names[m]);
				print_label("dev", d->ifname, false);
				if (m == M_DROPS) {
					printf("dir=\"%.2s\",", dev_stat_names[j]);
					print_label("reason", label, true);
				} else if (m == M_ENCAP_PACKETS || m == M_ENCAP_BYTES) {
					int n = (int)strcspn(label, "_");

					printf("encap=\"%.*s\",dir=\"%.2s\"}", n, label,
					       label + n + 1);
				} else {
					print_label(m == M_EVENTS ? "event" : "reason",
						    label, true);
				}
				printf(" %llu\n", (unsigned long long)d->st[j]);
			}
		}
	}
	printf("# HELP vxip_entries Entries in the device's tables.\n"
	       "# TYPE vxip_entries gauge\n");
	for (i = 0; i < v->n; i++)
		for (j = 0; j < ARRAY_SIZE(table_names); j++) {
			printf("vxip_entries{");
			print_label("dev", v->devs[i].ifname, false);
			printf("table=\"%s\"} %u\n", table_names[j], v->devs[i].n[j]);
		}
	for (s = VXIP_PEER_STATS_A_TX_PACKETS; peer_stat_name(s); s++) {
		char metric[64], *c;

		snprintf(metric, sizeof(metric), "vxip_peer_%s_total", peer_stat_name(s));
		for (c = metric; *c; c++)
			if (*c == '-')
				*c = '_';
		printf("# HELP %s Per-peer counter %s (vxipctl peer show).\n"
		       "# TYPE %s counter\n", metric, peer_stat_name(s), metric);
		for (i = 0; i < v->n; i++) {
			const struct stats_dev *d = &v->devs[i];

			for (k = 0; k < d->peers.n; k++) {
				const struct stats_peer *p = (struct stats_peer *)d->peers.v + k;

				printf("%s{", metric);
				print_label("dev", d->ifname, false);
				printf("peer=\"%s\",encap=\"%s\"} %llu\n", p->addr,
				       p->encap, (unsigned long long)p->st[s]);
			}
		}
	}
}

static void print_stats(const struct stats_view *v, bool json)
{
	json_t *arr = json_array(), *o, *c, *peers, *po, *ps;
	unsigned int i, j;
	size_t k, s;

	for (i = 0; i < v->n; i++) {
		const struct stats_dev *d = &v->devs[i];

		if (!json) {
			printf("%s:", d->ifname);
			for (j = 0; j < ARRAY_SIZE(table_names); j++)
				printf(" %s %u", table_names[j], d->n[j]);
			putchar('\n');
			for (j = 0; j <= VXIP_DEV_STATS_A_MAX; j++)
				if (d->has_stats && dev_stat_names[j])
					printf("    %s %llu\n", dev_stat_names[j],
					       (unsigned long long)d->st[j]);
		}
		o = json_pack("{s:s}", "dev", d->ifname);
		for (j = 0; j < ARRAY_SIZE(table_names); j++) {
			char key[16];

			snprintf(key, sizeof(key), "n-%s", table_names[j]);
			json_object_set_new(o, key, json_integer(d->n[j]));
		}
		c = json_object();
		for (j = 0; j <= VXIP_DEV_STATS_A_MAX; j++)
			if (d->has_stats && dev_stat_names[j])
				json_object_set_new(c, dev_stat_names[j],
						    json_integer((json_int_t)d->st[j]));
		json_object_set_new(o, "counters", c);
		peers = json_array();
		for (k = 0; k < d->peers.n; k++) {
			const struct stats_peer *p = (struct stats_peer *)d->peers.v + k;

			if (!json)
				printf("    peer %s encap %s", p->addr, p->encap);
			po = json_pack("{s:s, s:s}", "peer", p->addr, "encap", p->encap);
			ps = json_object();
			for (s = VXIP_PEER_STATS_A_TX_PACKETS; peer_stat_name(s); s++) {
				if (!json)
					printf(" %s %llu", peer_stat_name(s),
					       (unsigned long long)p->st[s]);
				json_object_set_new(ps, peer_stat_name(s),
						    json_integer((json_int_t)p->st[s]));
			}
			if (!json)
				putchar('\n');
			json_object_set_new(po, "stats", ps);
			json_array_append_new(peers, po);
		}
		json_object_set_new(o, "peers", peers);
		json_array_append_new(arr, o);
	}
	if (json)
		print_json(arr);
	else
		json_decref(arr);
}

/*
 * Collect DEV's (every device's, if NULL) table sizes, counters and peers,
 * and with @routes its routes, into a new view; NULL after a message.
 */
static struct stats_view *view_collect(struct ctl *ctl, char *dev, bool routes,
				       const char *what, int *err)
{
	char show[] = "show";
	char *argv[2] = { show, dev };
	bool json = ctl->json;
	struct stats_view *v;
	unsigned int i;

	v = calloc(1, sizeof(*v));
	if (!v) {
		fprintf(stderr, "vxipctl: out of memory\n");
		*err = 1;
		return NULL;
	}
	ctl->json = false;
	stats_view = v;
	*err = cmd_dev(ctl, dev ? 2 : 1, argv);
	for (i = 0; !*err && i < v->n; i++) {
		argv[1] = v->devs[i].ifname;
		*err = cmd_peer(ctl, 2, argv) ?: (routes ? cmd_route(ctl, 2, argv) : 0);
		if (!*err && !v->devs[i].has_stats) {
			fprintf(stderr,
				"vxipctl: %s: %s: the module sends no counters (older than this vxipctl)\n",
				what, v->devs[i].ifname);
			*err = 1;
		}
	}
	stats_view = NULL;
	ctl->json = json;
	if (!*err && v->truncated)
		fprintf(stderr, "vxipctl: %s: more than %d devices: the first %d shown\n",
			what, STATS_MAX_DEVS, STATS_MAX_DEVS);
	return v;
}

static void view_free(struct stats_view *v)
{
	unsigned int i;

	for (i = 0; v && i < v->n; i++) {
		vec_free(&v->devs[i].peers);
		vec_free(&v->devs[i].routes);
	}
	free(v);
}

/* stats [--prometheus] [DEV] */
int cmd_stats(struct ctl *ctl, int argc, char **argv)
{
	struct stats_view *v;
	bool prometheus = false;
	int err;

	if (argc >= 1 && (!strcmp(argv[0], "--prometheus") ||
			  !strcmp(argv[0], "-prometheus") || !strcmp(argv[0], "-p"))) {
		prometheus = true;
		argc--, argv++;
	}
	if (argc > 1)
		return usage_error("stats: unexpected argument \"%s\"", argv[1]);
	if (prometheus && ctl->json)
		return usage_error("stats: --prometheus or -j, not both");
	if (argc == 1 && check_dev(argv[0]))
		return 2;
	v = view_collect(ctl, argc ? argv[0] : NULL, false, "stats", &err);
	if (!err) {
		if (prometheus)
			print_prometheus(v);
		else
			print_stats(v, ctl->json);
	}
	view_free(v);
	return err;
}

/* Graphviz's colour for each owner (the legend says which). */
static const char *owner_colour(uint32_t owner)
{
	switch (owner) {
	case VXIP_OWNER_STATIC:	return "black";
	case VXIP_OWNER_EVPN:	return "blue";
	case VXIP_OWNER_GOSSIP:	return "darkgreen";
	case VXIP_OWNER_LEARNED: return "gray50";
	case VXIP_OWNER_CNI:	return "darkorange";
	default:		return "purple";
	}
}

/* A DOT string: quotes and backslashes escaped. */
static void dot_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void print_dot(FILE *f, const struct stats_view *v)
{
	static const uint32_t legend[] = {
		VXIP_OWNER_STATIC, VXIP_OWNER_EVPN, VXIP_OWNER_GOSSIP,
		VXIP_OWNER_LEARNED, VXIP_OWNER_CNI,
	};
	char id[IF_NAMESIZE + INET6_ADDRSTRLEN + 8];
	unsigned int i, j;
	size_t k;

	fprintf(f, "digraph vxip {\n\trankdir=LR;\n\tnode [fontname=\"sans\", fontsize=10];\n");
	fprintf(f, "\tedge [fontname=\"sans\", fontsize=9];\n");
	fprintf(f, "\tsubgraph cluster_legend {\n\t\tlabel=\"owners\";\n");
	for (i = 0; i < ARRAY_SIZE(legend); i++)
		fprintf(f, "\t\t\"owner %s\" [shape=plaintext, fontcolor=%s];\n",
			owner_name(legend[i]), owner_colour(legend[i]));
	fprintf(f, "\t}\n");
	for (i = 0; i < v->n; i++) {
		const struct stats_dev *d = &v->devs[i];

		fprintf(f, "\t");
		dot_str(f, d->ifname);
		fprintf(f, " [shape=box3d, style=bold, label=\"%s", d->ifname);
		fprintf(f, "\\npeers %u  fdb %u\\nflood %u  routes %u\"];\n",
			d->n[0], d->n[1], d->n[2], d->n[3]);
		for (k = 0; k < d->peers.n; k++) {
			const struct stats_peer *p = (struct stats_peer *)d->peers.v + k;

			snprintf(id, sizeof(id), "%s/%s", d->ifname, p->addr);
			fprintf(f, "\t");
			dot_str(f, id);
			fprintf(f, " [shape=ellipse, color=%s, label=\"%s\\n%s, fdb %u",
				owner_colour(p->n_owners ? p->owners[0] : 0), p->addr,
				p->encap, p->n_fdb);
			fprintf(f, "\\ntx %llu  rx %llu",
				(unsigned long long)p->st[VXIP_PEER_STATS_A_TX_PACKETS],
				(unsigned long long)p->st[VXIP_PEER_STATS_A_RX_PACKETS]);
			if (p->st[VXIP_PEER_STATS_A_DROPS])
				fprintf(f, "\\ndrops %llu",
					(unsigned long long)p->st[VXIP_PEER_STATS_A_DROPS]);
			fprintf(f, "\\nowners");
			for (j = 0; j < p->n_owners; j++)
				fprintf(f, " %s", owner_name(p->owners[j]));
			fprintf(f, "\"];\n\t");
			dot_str(f, d->ifname);
			fprintf(f, " -> ");
			dot_str(f, id);
			fprintf(f, p->flood ? " [style=bold, label=\"flood\"];\n" : ";\n");
		}
		for (k = 0; k < d->routes.n; k++) {
			const struct stats_route *r = (struct stats_route *)d->routes.v + k;

			snprintf(id, sizeof(id), "%s/%s", d->ifname, r->prefix);
			fprintf(f, "\t");
			dot_str(f, id);
			fprintf(f, " [shape=note, color=%s, fontcolor=%s, label=\"%s%s%s\"];\n",
				owner_colour(r->owner), owner_colour(r->owner), r->prefix,
				r->encap ? "\\n" : "", r->encap ? encap_name(r->encap) : "");
			for (j = 0; j < r->peers.n; j++) {
				fprintf(f, "\t\"%s/%s\" -> ", d->ifname,
					r->peers.addr[j]);
				dot_str(f, id);
				fprintf(f, " [color=%s];\n", owner_colour(r->owner));
			}
		}
	}
	fprintf(f, "}\n");
}

/* graph [-o FILE] [DEV]: DOT on stdout, or drawn by dot into FILE. */
int cmd_graph(struct ctl *ctl, int argc, char **argv)
{
	const char *out = NULL, *ext;
	struct stats_view *v;
	char cmd[PATH_MAX + 64];
	FILE *f;
	int err;

	if (argc >= 2 && !strcmp(argv[0], "-o")) {
		out = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (argc > 1)
		return usage_error("graph: unexpected argument \"%s\"", argv[1]);
	if (ctl->json)
		return usage_error("graph: no JSON output");
	if (argc == 1 && check_dev(argv[0]))
		return 2;
	ext = out ? strrchr(out, '.') : NULL;
	if (out && (!ext || (strcmp(ext, ".svg") && strcmp(ext, ".png") &&
			     strcmp(ext, ".dot"))))
		return usage_error("graph: -o FILE ends in .svg, .png or .dot");
	if (out && strchr(out, '\''))
		return usage_error("graph: no quote in the file name, please");
	v = view_collect(ctl, argc ? argv[0] : NULL, true, "graph", &err);
	if (err)
		goto out;
	if (!out || !strcmp(ext, ".dot")) {
		f = out ? fopen(out, "w") : stdout;
		if (!f) {
			fprintf(stderr, "vxipctl: graph: %s: %s\n", out, strerror(errno));
			err = 1;
			goto out;
		}
		print_dot(f, v);
		if (out && fclose(f)) {
			fprintf(stderr, "vxipctl: graph: %s: %s\n", out, strerror(errno));
			err = 1;
		}
		goto out;
	}
	snprintf(cmd, sizeof(cmd), "dot -T%s -o '%s'", ext + 1, out);
	f = popen(cmd, "w");
	if (!f) {
		fprintf(stderr, "vxipctl: graph: cannot run dot: %s\n", strerror(errno));
		err = 1;
		goto out;
	}
	print_dot(f, v);
	err = pclose(f);
	if (err) {
		fprintf(stderr, "vxipctl: graph: dot failed (is Graphviz installed?)\n");
		err = 1;
	}
out:
	view_free(v);
	return err;
}
