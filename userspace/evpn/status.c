// SPDX-License-Identifier: GPL-2.0
/*
 * `vxip-evpn status` asks the running daemon over a unix socket in the
 * abstract namespace, "vxip-evpn:" + the config file's real path: one per
 * netns and config file, nothing left on disk.  The daemon answers with
 * one JSON document and closes; `status -j` prints it as it is, `status`
 * as text.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <jansson.h>

#include "evpn.h"

static int lsk = -1;

static const char *const state_names[] = {
	"unknown", "idle", "connect", "active", "opensent", "openconfirm",
	"established",
};

static socklen_t sock_addr(const char *file, struct sockaddr_un *sun)
{
	char real[PATH_MAX];
	int n;

	if (!realpath(file, real))
		snprintf(real, sizeof(real), "%s", file);
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1,
		     "vxip-evpn:%s", real);
	if (n > (int)sizeof(sun->sun_path) - 2)
		n = sizeof(sun->sun_path) - 2;
	return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

int status_listen(const char *file)
{
	struct sockaddr_un sun;
	socklen_t len = sock_addr(file, &sun);

	lsk = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lsk < 0 || bind(lsk, (struct sockaddr *)&sun, len) || listen(lsk, 4)) {
		logmsg("status socket: %s%s", strerror(errno), errno == EADDRINUSE ?
		       " (is another vxip-evpn running with this config?)" : "");
		return -1;
	}
	return 0;
}

int status_fd(void)
{
	return lsk;
}

static void peer_cb(const char *addr, uint32_t asn, int state, void *data)
{
	json_t *o = json_object();

	json_object_set_new(o, "address", json_string(addr ?: ""));
	json_object_set_new(o, "asn", json_integer(asn));
	json_object_set_new(o, "state", json_string(state >= 0 && state <= 6 ?
						     state_names[state] : "unknown"));
	json_array_append_new(data, o);
}

static json_t *counts(const unsigned long *n)
{
	return json_pack("{s:I,s:I,s:I}", "type2", (json_int_t)n[RT_MAC],
			 "type3", (json_int_t)n[RT_MCAST], "type5", (json_int_t)n[RT_PREFIX]);
}

/* The device's local addresses (read at the connection to gobgpd). */
static json_t *locals(const struct vni_conf *v)
{
	json_t *a = json_array();
	char buf[INET6_ADDRSTRLEN];

	if (v->local4.af)
		json_array_append_new(a, json_string(ipaddr_str(&v->local4, buf, sizeof(buf))));
	if (v->local6.af)
		json_array_append_new(a, json_string(ipaddr_str(&v->local6, buf, sizeof(buf))));
	return a;
}

static json_t *status_json(void)
{
	json_t *root = json_object(), *g = json_object(), *peers = json_array();
	json_t *vnis = json_array(), *bad = json_object(), *errs = json_array();
	struct vni_conf *v;
	unsigned int i, n;
	unsigned long paths;

	json_object_set_new(g, "address", json_string(conf.gobgp));
	json_object_set_new(g, "connected", json_boolean(stats.connected));
	json_object_set_new(g, "asn", json_integer(stats.asn));
	json_object_set_new(g, "reconnects", json_integer(stats.reconnects));
	json_object_set_new(root, "gobgp", g);
	if (stats.connected)
		gb_list_peers(peer_cb, peers);
	json_object_set_new(root, "peers", peers);
	json_object_set_new(root, "vtep", json_string(conf.vtep_str));
	json_object_set_new(root, "generation", json_integer(stats.gen));
	for (v = conf.vnis; v; v = v->next) {
		json_t *o = json_object();

		json_object_set_new(o, v->l3 ? "l3vni" : "vni", json_integer(v->vni));
		json_object_set_new(o, "device", json_string(v->device));
		json_object_set_new(o, "local", locals(v));
		json_object_set_new(o, "route-target",
				    json_sprintf("%u:%u", v->rt_asn, v->rt_val));
		json_object_set_new(o, "imported", counts(v->n_imp));
		json_object_set_new(o, "exported", counts(v->n_exp));
		json_array_append_new(vnis, o);
	}
	json_object_set_new(root, "vnis", vnis);
	for (i = 0; i < BAD_KINDS; i++)
		json_object_set_new(bad, bad_kind_name(i), json_integer(stats.bad[i]));
	json_object_set_new(root, "bad-routes", bad);
	json_object_set_new(root, "kernel-errors", json_integer(stats.kernel_errors));
	json_object_set_new(root, "kernel-requests", json_integer(stats.kernel_reqs));
	paths = stats.import_paths ? stats.import_paths : 1;
	json_object_set_new(root, "import",
			    json_pack("{s:I, s:f, s:f, s:f, s:f}",
				      "paths", (json_int_t)stats.import_paths,
				      "mean-us", stats.import_ns / 1e3 / paths,
				      "kernel-mean-us", stats.import_kernel_ns / 1e3 / paths,
				      "cpu-mean-us", stats.import_cpu_ns / 1e3 / paths,
				      "max-event-us", stats.import_event_ns_max / 1e3));
	n = stats.n_last < 8 ? stats.n_last : 8;
	for (i = 0; i < n; i++) {
		const char *e = stats.last_errors[(stats.n_last - n + i) % 8];

		json_array_append_new(errs, json_string(e));
	}
	json_object_set_new(root, "last-errors", errs);
	return root;
}

void status_serve(void)
{
	int c = accept4(lsk, NULL, NULL, SOCK_CLOEXEC);
	char *s;
	size_t len, off = 0;
	ssize_t w;
	json_t *j;

	if (c < 0)
		return;
	j = status_json();
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	len = s ? strlen(s) : 0;
	while (off < len && (w = write(c, s + off, len - off)) > 0)
		off += w;
	free(s);
	close(c);
}

static void print_counts(const char *what, json_t *c)
{
	printf("  %s: type-2 %lld, type-3 %lld, type-5 %lld\n", what,
	       (long long)json_integer_value(json_object_get(c, "type2")),
	       (long long)json_integer_value(json_object_get(c, "type3")),
	       (long long)json_integer_value(json_object_get(c, "type5")));
}

static void print_text(json_t *j)
{
	json_t *g = json_object_get(j, "gobgp"), *a, *o;
	const char *k;
	size_t i;

	printf("gobgpd %s: %s, AS %lld, %lld reconnects\n",
	       json_string_value(json_object_get(g, "address")),
	       json_is_true(json_object_get(g, "connected")) ? "connected" : "NOT connected",
	       (long long)json_integer_value(json_object_get(g, "asn")),
	       (long long)json_integer_value(json_object_get(g, "reconnects")));
	printf("vtep %s, generation %lld\n",
	       json_string_value(json_object_get(j, "vtep")),
	       (long long)json_integer_value(json_object_get(j, "generation")));
	json_array_foreach(json_object_get(j, "peers"), i, o)
		printf("peer %s AS %lld %s\n",
		       json_string_value(json_object_get(o, "address")),
		       (long long)json_integer_value(json_object_get(o, "asn")),
		       json_string_value(json_object_get(o, "state")));
	json_array_foreach(json_object_get(j, "vnis"), i, o) {
		bool l3 = !!json_object_get(o, "l3vni");
		size_t n;

		printf("%s %lld dev %s rt %s, local", l3 ? "l3vni" : "vni",
		       (long long)json_integer_value(json_object_get(o, l3 ? "l3vni" : "vni")),
		       json_string_value(json_object_get(o, "device")),
		       json_string_value(json_object_get(o, "route-target")));
		if (!json_array_size(json_object_get(o, "local")))
			printf(" none");
		json_array_foreach(json_object_get(o, "local"), n, a)
			printf(" %s", json_string_value(a));
		putchar('\n');
		print_counts("imported", json_object_get(o, "imported"));
		print_counts("exported", json_object_get(o, "exported"));
	}
	printf("bad routes:");
	json_object_foreach(json_object_get(j, "bad-routes"), k, a)
		printf(" %s %lld", k, (long long)json_integer_value(a));
	printf("\nkernel errors: %lld\n",
	       (long long)json_integer_value(json_object_get(j, "kernel-errors")));
	o = json_object_get(j, "import");
	printf("import: %lld paths from WatchEvents, %.1f us each to the kernel's ACK\n"
	       "  on average (%.1f us of it waiting for the kernel; %.1f us on a CPU),\n"
	       "  longest event %.1f us\n",
	       (long long)json_integer_value(json_object_get(o, "paths")),
	       json_real_value(json_object_get(o, "mean-us")),
	       json_real_value(json_object_get(o, "kernel-mean-us")),
	       json_real_value(json_object_get(o, "cpu-mean-us")),
	       json_real_value(json_object_get(o, "max-event-us")));
	json_array_foreach(json_object_get(j, "last-errors"), i, o)
		printf("error: %s\n", json_string_value(o));
}

int status_query(const char *file, bool json)
{
	struct sockaddr_un sun;
	socklen_t len = sock_addr(file, &sun);
	json_error_t err;
	json_t *j;
	FILE *f;
	int s;

	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sun, len)) {
		fprintf(stderr, "vxip-evpn: no daemon running with %s: %s\n", file,
			strerror(errno));
		return 1;
	}
	f = fdopen(s, "r");
	j = f ? json_loadf(f, 0, &err) : NULL;
	if (f)
		fclose(f);
	if (!j) {
		fprintf(stderr, "vxip-evpn: bad answer from the daemon\n");
		return 1;
	}
	if (json) {
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		print_text(j);
	}
	json_decref(j);
	return 0;
}
