// SPDX-License-Identifier: GPL-2.0
/*
 * vxipctl stats [--prometheus] [DEV]: a device's counters (drops by reason
 * and events, VXIP_DEV_A_STATS of its DEV_GET reply, which ethtool -S shows
 * too, under the same names), its table sizes, and its peers' counters; as
 * text, JSON (-j), or the Prometheus text exposition format, for
 * node-exporter's textfile collector.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include <linux/vxip.h>

#include "vxipctl.h"

#define STATS_MAX_DEVS	256

struct stats_peer {
	char addr[INET_ADDRSTRLEN];
	const char *encap;
	uint64_t st[VXIP_PEER_STATS_A_MAX + 1];
};

struct stats_dev {
	char ifname[IF_NAMESIZE];
	uint32_t n[4];			/* peers, fdb, flood, routes */
	bool has_stats;
	uint64_t st[VXIP_DEV_STATS_A_MAX + 1];
	struct vec peers;
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
	d->has_stats = st;
	if (st)
		memcpy(d->st, st, sizeof(d->st));
}

void stats_view_peer(const char *dev, const char *addr, uint32_t encap,
		     const uint64_t *st, size_t n_st)
{
	struct stats_dev *d = NULL;
	struct stats_peer *p;
	unsigned int i;

	for (i = 0; i < stats_view->n; i++)
		if (!strcmp(stats_view->devs[i].ifname, dev))
			d = &stats_view->devs[i];
	if (!d)
		return;
	p = vec_push(&d->peers);
	if (!p)
		return;
	memset(p, 0, sizeof(*p));
	snprintf(p->addr, sizeof(p->addr), "%s", addr);
	p->encap = encap_name(encap);
	if (n_st > ARRAY_SIZE(p->st))
		n_st = ARRAY_SIZE(p->st);
	memcpy(p->st, st, n_st * sizeof(*st));
}

/*
 * A counter's Prometheus form: tx_drop_miss is vxip_drops_total with
 * dir="tx", reason="miss"; port_rx_drop_unknown_vni is
 * vxip_port_drops_total (counted on the device's UDP port);
 * arp_suppressed is vxip_events_total with event="arp_suppressed".
 */
enum { M_DROPS, M_PORT_DROPS, M_EVENTS, M_N };

static const char *const metric_names[M_N] = {
	"vxip_drops_total", "vxip_port_drops_total", "vxip_events_total"
};

static const char *const metric_help[M_N] = {
	"Packets the device dropped, by direction and reason.",
	"Packets dropped on the device's UDP port before a device was found.",
	"Datapath events: suppressed and proxied ARP/ND, flood copies, learning.",
};

static int metric_of(const char *name, const char **label)
{
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

/* stats [--prometheus] [DEV] */
int cmd_stats(struct ctl *ctl, int argc, char **argv)
{
	char show[] = "show";
	char *dev_argv[2] = { show, NULL };
	struct stats_view *v;
	bool prometheus = false, json = ctl->json;
	unsigned int i;
	int err;

	if (argc >= 1 && (!strcmp(argv[0], "--prometheus") ||
			  !strcmp(argv[0], "-prometheus") || !strcmp(argv[0], "-p"))) {
		prometheus = true;
		argc--, argv++;
	}
	if (argc > 1)
		return usage_error("stats: unexpected argument \"%s\"", argv[1]);
	if (prometheus && json)
		return usage_error("stats: --prometheus or -j, not both");
	if (argc == 1) {
		if (check_dev(argv[0]))
			return 2;
		dev_argv[1] = argv[0];
	}
	v = calloc(1, sizeof(*v));
	if (!v) {
		fprintf(stderr, "vxipctl: out of memory\n");
		return 1;
	}
	ctl->json = false;
	stats_view = v;
	err = cmd_dev(ctl, argc + 1, dev_argv);
	for (i = 0; !err && i < v->n; i++) {
		dev_argv[1] = v->devs[i].ifname;
		err = cmd_peer(ctl, 2, dev_argv);
		if (!err && !v->devs[i].has_stats) {
			fprintf(stderr,
				"vxipctl: stats: %s: the module sends no counters (older than this vxipctl)\n",
				v->devs[i].ifname);
			err = 1;
		}
	}
	stats_view = NULL;
	ctl->json = json;
	if (!err && v->truncated)
		fprintf(stderr, "vxipctl: stats: more than %d devices: the first %d shown\n",
			STATS_MAX_DEVS, STATS_MAX_DEVS);
	if (!err) {
		if (prometheus)
			print_prometheus(v);
		else
			print_stats(v, json);
	}
	for (i = 0; i < v->n; i++)
		vec_free(&v->devs[i].peers);
	free(v);
	return err;
}
