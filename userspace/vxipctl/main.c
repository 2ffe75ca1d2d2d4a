// SPDX-License-Identifier: GPL-2.0
/* vxipctl: configure vxip devices over generic netlink. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/vxip.h>

#include "version.h"
#include "vxipctl.h"

static const char usage_text[] =
	"Usage: vxipctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	"\n"
	"Options:\n"
	"  -j, -json          print JSON\n"
	"  -n, -netns NETNS   run in network namespace NETNS (/run/netns/NETNS)\n"
	"  -b, -batch FILE    read commands from FILE (- for stdin), one per line\n"
	"  -f, -force         in batch mode, go on after errors\n"
	"  -t, -timestamp     monitor: print the time of each event\n"
	"  -V, -version       print vxipctl's version and the module's\n"
	"  -h, -help          print this help\n"
	"\n"
	"Objects and commands:\n"
	"  dev show [DEV]\n"
	"  dev set DEV [vni N|none] [local ADDR|auto] [mac MAC] [port N]\n"
	"              [srcport MIN MAX|auto] [ttl N|auto|inherit] [tos N|inherit]\n"
	"              [df set|unset|inherit]\n"
	"              [udp-csum on|off] [learning on|off] [ageing SECS]\n"
	"              [max-fdb N] [max-routes N] [strict on|off]\n"
	"              [udp6-zero-csum-tx on|off] [udp6-zero-csum-rx on|off]\n"
	"  peer add|replace DEV ADDR [encap vxlan|ipip] [port N]\n"
	"              [owner OWNER] [gen N]\n"
	"  peer del DEV ADDR [owner OWNER]\n"
	"  peer show [DEV] [ADDR]\n"
	"  fdb add|replace DEV MAC peer ADDR [ip ADDR]... [sticky] [dynamic]\n"
	"              [owner OWNER] [gen N]\n"
	"  fdb del DEV MAC [owner OWNER]\n"
	"  fdb show [DEV] [peer ADDR] [owner OWNER]\n"
	"  flood add|del DEV peer ADDR [owner OWNER] [gen N]\n"
	"  flood show [DEV]\n"
	"  route add|replace DEV PREFIX peer ADDR [encap ipip|vxlan] [vni N]\n"
	"              [rmac MAC] [owner OWNER] [gen N]\n"
	"  route del DEV PREFIX [owner OWNER]\n"
	"  route show [DEV] [peer ADDR] [owner OWNER]\n"
	"  route get DEV ADDR\n"
	"  flush DEV [fdb|peer|flood|route|all] [owner OWNER] [gen-below N]\n"
	"              [peer ADDR]\n"
	"  monitor [-t] [dev|peer|fdb|flood|route|miss|all]...\n"
	"  stats [--prometheus] [DEV]\n"
	"                     counters: per drop reason, events, per peer\n"
	"  graph [-o FILE] [DEV]\n"
	"                     the devices, peers and prefixes, drawn (Graphviz)\n"
	"  show -c DEV        the static owner's entries, as apply reads them\n"
	"  apply FILE         make the static entries of FILE's devices what\n"
	"                     FILE says (batch lines: peer, flood, fdb, route\n"
	"                     add, dev set), then flush the older ones\n"
	"\n"
	"OWNER is static, evpn, gossip, learned, cni or a number 1-255.\n"
	"Keywords may be abbreviated to any unambiguous prefix.\n";

static const char *const object_names[] = {
	"dev", "peer", "fdb", "flood", "route", "flush", "monitor", "show",
	"apply", "stats", "graph", "help", NULL
};

static int (*const object_fns[])(struct ctl *ctl, int argc, char **argv) = {
	cmd_dev, cmd_peer, cmd_fdb, cmd_flood, cmd_route, cmd_flush,
	cmd_monitor, cmd_show, cmd_apply, cmd_stats, cmd_graph,
};

static struct ctl *the_ctl;

/*
 * Spellings of one keyword stand next to each other in a table, the
 * short ones first ("del", "delete"): a prefix of both is no ambiguity.
 */
static bool same_keyword(const char *const *words, int a, int b)
{
	size_t n = strlen(words[a]);

	return b == a + 1 && !strncmp(words[a], words[b], n);
}

int lookup(const char *arg, const char *const *words, const char *ctx,
	   const char *kind)
{
	return lookup_quiet(arg, words, ctx, kind, false);
}

int lookup_quiet(const char *arg, const char *const *words, const char *ctx,
		 const char *kind, bool quiet)
{
	size_t n = strlen(arg);
	int i, found = -1, count = 0;
	char list[256];

	for (i = 0; words[i]; i++)
		if (!strcmp(arg, words[i]))
			return i;
	if (!n)
		return -1;
	list[0] = '\0';	/* not "" at its declaration: a batch looks up a lot */
	for (i = 0; words[i]; i++) {
		if (strncmp(arg, words[i], n))
			continue;
		if (found >= 0 && same_keyword(words, found, i))
			continue;
		if (count++)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, words[i], sizeof(list) - strlen(list) - 1);
		found = i;
	}
	if (count > 1) {
		if (quiet)
			return -2;
		usage_error("%s%s%s \"%s\" is ambiguous: %s", ctx ?: "",
			    ctx ? ": " : "", kind, arg, list);
		return -2;
	}
	return found;
}

int keyword(const char *arg, const char *const *words, const char *ctx,
	    const char *kind)
{
	int i = lookup(arg, words, ctx, kind);

	if (i == -1) {
		usage_error("%s%sunknown %s \"%s\"", ctx ?: "", ctx ? ": " : "",
			    kind, arg);
		return -2;
	}
	return i;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vxipctl: ", stderr);
	if (the_ctl && the_ctl->batching)
		fprintf(stderr, "line %u: ", the_ctl->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"vxipctl help\".\n", stderr);
	return 2;
}

int nl_error(struct ctl *ctl, int err, const char *what)
{
	if (ctl->batching) {
		ctl->failed++;
		fprintf(stderr, "vxipctl: line %u: %s: %s\n", ctl->lineno, what,
			vxnl_strerror(&ctl->nl, err));
	} else {
		fprintf(stderr, "vxipctl: %s: %s\n", what,
			vxnl_strerror(&ctl->nl, err));
	}
	return 1;
}

/* A request the kernel took, with a warning. */
static void nl_warning(struct ctl *ctl, const char *what)
{
	if (ctl->batching)
		fprintf(stderr, "vxipctl: line %u: %s: warning: %s\n",
			ctl->lineno, what, ctl->nl.errmsg);
	else
		fprintf(stderr, "vxipctl: %s: warning: %s\n", what,
			ctl->nl.errmsg);
}

struct nlmsghdr *ctl_msg(struct ctl *ctl, uint8_t cmd, uint16_t flags)
{
	static char buf[CTL_BUF_SIZE] __attribute__((aligned(8)));

	msg_reset();
	return vxnl_msg(&ctl->nl, buf, cmd, flags);
}

/*
 * The family is resolved with the first request, so that a command line
 * is checked whole before vxipctl looks for the module.
 */
static int ctl_open(struct ctl *ctl, const char *what)
{
	int err;

	if (ctl->opened)
		return 0;
	err = vxnl_open(&ctl->nl);
	if (err) {
		/* In a batch, the line that could not be sent says so. */
		if (ctl->batching) {
			ctl->sent++;
			return nl_error(ctl, err, what);
		}
		fprintf(stderr, "vxipctl: %s\n", vxnl_strerror(&ctl->nl, err));
		return 1;
	}
	ctl->nl.attr_name = request_attr_name;
	ctl->opened = true;
	return 0;
}

/* A request complete and the family known: ready to send. */
static int ctl_ready(struct ctl *ctl, struct nlmsghdr *nlh, const char *what)
{
	if (msg_full())
		return usage_error("%s: too many arguments: the request is larger than %d bytes",
				   what, CTL_BUF_SIZE);
	if (ctl_open(ctl, what))
		return 1;
	nlh->nlmsg_type = ctl->nl.family;
	return 0;
}

static void batch_done(void *data, unsigned int i, int err)
{
	struct ctl *ctl = data;

	if (!err) {
		if (ctl->nl.errmsg[0])
			fprintf(stderr, "vxipctl: line %u: %s: warning: %s\n",
				ctl->batch_lines[i], ctl->batch_what[i],
				ctl->nl.errmsg);
		return;
	}
	ctl->failed++;
	fprintf(stderr, "vxipctl: line %u: %s: %s\n", ctl->batch_lines[i],
		ctl->batch_what[i], vxnl_strerror(&ctl->nl, err));
}

/* Send what is queued and read every ACK.  Returns 0 if none failed. */
static int batch_flush(struct ctl *ctl)
{
	unsigned int failed = ctl->failed;
	int err;

	if (!ctl->batch.n)
		return 0;
	err = vxnl_batch_send(&ctl->nl, &ctl->batch, batch_done, ctl);
	if (err) {
		fprintf(stderr,
			"vxipctl: batch: lost track of the kernel's answers (%s); state unknown after line %u\n",
			strerror(-err), ctl->lineno);
		ctl->failed++;
		return err;
	}
	return ctl->failed == failed ? 0 : -EINVAL;
}

/*
 * Without -force a batch stops at the first refused request, as
 * ip -batch does: one request in flight.  With -force nothing depends on
 * an answer, and requests are pipelined.  Pipelined requests ask for no
 * ACK: a refusal is answered anyway, and the batch's last request is the
 * barrier (vxnl_batch_send()).  PEER_DEL is the exception, as the only
 * request whose success can carry a warning (the peer stays).
 */
int ctl_change(struct ctl *ctl, struct nlmsghdr *nlh, const char *what)
{
	struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	int err;

	err = ctl_ready(ctl, nlh, what);
	if (err)
		return err;
	if (!ctl->batching || !ctl->force || g->cmd == VXIP_CMD_PEER_DEL)
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (!ctl->batching || !ctl->force) {
		err = vxnl_talk(&ctl->nl, nlh, NULL, NULL);
		ctl->sent++;
		if (err)
			return nl_error(ctl, err, what);
		if (ctl->nl.errmsg[0])
			nl_warning(ctl, what);
		return 0;
	}
	if (!vxnl_batch_fits(&ctl->batch, nlh->nlmsg_len))
		batch_flush(ctl);
	ctl->batch_lines[ctl->batch.n] = ctl->lineno;
	ctl->batch_what[ctl->batch.n] = what;
	vxnl_batch_add(&ctl->nl, &ctl->batch, nlh);
	ctl->sent++;
	return 0;
}

int ctl_sync(struct ctl *ctl)
{
	/* Earlier batched changes must be in place first. */
	if (ctl->batching)
		batch_flush(ctl);
	return 0;
}

int ctl_query(struct ctl *ctl, struct nlmsghdr *nlh, vxnl_cb_t cb, void *data,
	      void (*reset)(void *data), const char *what)
{
	uint16_t flags = nlh->nlmsg_flags;
	int err, tries = 0;

	err = ctl_ready(ctl, nlh, what);
	if (err)
		return err;
	ctl_sync(ctl);
	ctl->sent++;
	for (;;) {
		if (reset)
			reset(data);
		err = vxnl_talk(&ctl->nl, nlh, cb, data);
		if (err != -EINTR || ++tries == 10)
			break;
		/* The tables changed during the dump: read them again. */
		nlh->nlmsg_flags = flags;
	}
	if (err == -EINTR)
		fprintf(stderr,
			"vxipctl: %s: the tables kept changing; output may be inconsistent\n",
			what);
	else if (err)
		return nl_error(ctl, err, what);
	else if (ctl->nl.errmsg[0])
		nl_warning(ctl, what);
	return 0;
}

int ctl_query_stream(struct ctl *ctl, struct nlmsghdr *nlh, vxnl_cb_t cb,
		     void *data, const char *what)
{
	int err;

	err = ctl_ready(ctl, nlh, what);
	if (err)
		return err;
	ctl_sync(ctl);
	ctl->sent++;
	err = vxnl_talk(&ctl->nl, nlh, cb, data);
	if (err && err != -EINTR)
		return nl_error(ctl, err, what);
	return err;
}

/* For monitor: the family and its groups. */
int ctl_join(struct ctl *ctl)
{
	return ctl_open(ctl, "monitor");
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vxipctl: cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "vxipctl: cannot enter network namespace \"%s\": %s\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int run(struct ctl *ctl, int argc, char **argv)
{
	int i;

	if (argc < 1) {
		fputs(usage_text, stderr);
		return 2;
	}
	i = keyword(argv[0], object_names, NULL, "object");
	if (i < 0)
		return 2;
	if (i == (int)ARRAY_SIZE(object_fns)) {
		fputs(usage_text, stdout);
		return 0;
	}
	return object_fns[i](ctl, argc - 1, argv + 1);
}

#define BATCH_MAX_ARGS	64

int batch_begin(struct ctl *ctl)
{
	/*
	 * Requests in flight: their ACKs (about 1 kB of socket buffer each)
	 * fit in the 8 MB receive buffer, and 128 kB of requests fit in one
	 * sendmsg (the default netlink send buffer is 208 kB).
	 */
	unsigned int window = 1024;

	ctl->batch_lines = calloc(window, sizeof(*ctl->batch_lines));
	ctl->batch_what = calloc(window, sizeof(*ctl->batch_what));
	if (!ctl->batch_lines || !ctl->batch_what ||
	    vxnl_batch_init(&ctl->batch, window, 131072)) {
		fprintf(stderr, "vxipctl: out of memory\n");
		return 1;
	}
	ctl->batching = true;
	return 0;
}

int batch_end(struct ctl *ctl)
{
	int err = batch_flush(ctl);

	ctl->batching = false;
	free(ctl->batch_lines);
	free(ctl->batch_what);
	ctl->batch_lines = NULL;
	ctl->batch_what = NULL;
	vxnl_batch_free(&ctl->batch);
	return err;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Split a batch line into words at blanks, up to a '#' that starts a
 * word.  Returns the number of words, or -1 if there are more than
 * BATCH_MAX_ARGS.  (By hand, not strtok_r(): its strspn and strcspn are
 * most of a large batch's parsing time.)
 */
static int split_line(char *p, char **argv)
{
	int argc = 0;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			return argc;
		if (argc == BATCH_MAX_ARGS)
			return -1;
		argv[argc++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (!*p)
			return argc;
		*p++ = '\0';
	}
}

static int run_batch(struct ctl *ctl, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, *argv[BATCH_MAX_ARGS];
	size_t cap = 0;
	int ret = 0, argc;

	if (!f) {
		fprintf(stderr, "vxipctl: cannot open %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (batch_begin(ctl)) {
		if (f != stdin)
			fclose(f);
		return 1;
	}

	while (getline(&line, &cap, f) > 0) {
		ctl->lineno++;
		argc = split_line(line, argv);
		if (argc < 0)
			ret = usage_error("too many arguments");
		if (!ret && argc)
			ret = run(ctl, argc, argv);
		if (ret && !ctl->force)
			break;
		/* Refusals are counted as their ACKs come. */
		if (ret == 2)
			ctl->bad_lines++;
		ret = 0;
	}
	batch_end(ctl);
	if (ctl->force && (ctl->failed || ctl->bad_lines)) {
		fprintf(stderr, "vxipctl: batch: %u of %u requests refused",
			ctl->failed, ctl->sent);
		if (ctl->bad_lines)
			fprintf(stderr, "; lines not understood: %u",
				ctl->bad_lines);
		fputc('\n', stderr);
	}
	if (!ret && (ctl->failed || ctl->bad_lines))
		ret = ctl->failed ? 1 : 2;
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	struct ctl ctl = { 0 };
	const char *batch = NULL;
	int ret;

	the_ctl = &ctl;
	for (argc--, argv++; argc > 0 && argv[0][0] == '-' && argv[0][1]; argc--, argv++) {
		static const char *const opts[] = {
			"j", "json", "f", "force", "n", "netns", "b", "batch",
			"h", "help", "t", "timestamp", "V", "version", NULL
		};
		const char *opt = argv[0] + 1;
		int i;

		if (*opt == '-')
			opt++;
		i = lookup(opt, opts, NULL, "option");
		if (i == -2)
			return 2;
		switch (i) {
		case 0: case 1:
			ctl.json = true;
			break;
		case 2: case 3:
			ctl.force = true;
			break;
		case 4: case 5:
			if (argc < 2)
				return usage_error("option \"%s\" needs a namespace", argv[0]);
			if (enter_netns(argv[1]))
				return 1;
			argc--, argv++;
			break;
		case 6: case 7:
			if (argc < 2)
				return usage_error("option \"%s\" needs a file", argv[0]);
			batch = argv[1];
			argc--, argv++;
			break;
		case 8: case 9:
			fputs(usage_text, stdout);
			return 0;
		case 10: case 11:
			ctl.timestamp = true;
			break;
		case 12: case 13:
			printf("vxipctl %s\n", VXIPCTL_VERSION);
			if (module_version())
				printf("vxip module %s\n", module_version());
			else
				printf("vxip module not loaded\n");
			return 0;
		default:
			return usage_error("unknown option \"%s\"", argv[0]);
		}
	}

	ret = batch ? run_batch(&ctl, batch) : run(&ctl, argc, argv);
	vxnl_close(&ctl.nl);
	return ret;
}
