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

#include <linux/vxip.h>

#include "vxipctl.h"

static const char usage_text[] =
	"Usage: vxipctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	"\n"
	"Options:\n"
	"  -j, -json          print JSON\n"
	"  -n, -netns NETNS   run in network namespace NETNS (/run/netns/NETNS)\n"
	"  -b, -batch FILE    read commands from FILE (- for stdin), one per line\n"
	"  -f, -force         in batch mode, go on after errors\n"
	"  -h, -help          print this help\n"
	"\n"
	"Objects and commands:\n"
	"  dev show [DEV]\n"
	"  dev set DEV [vni N|none] [local ADDR|auto] [port N] [srcport MIN MAX|auto]\n"
	"              [ttl N|auto|inherit] [tos N|inherit] [df set|unset|inherit]\n"
	"              [udpcsum on|off] [learning on|off] [ageing SECS]\n"
	"              [max-fdb N] [max-routes N] [strict on|off]\n"
	"  peer add|replace DEV ADDR [encap vxlan|ipip] [port N]\n"
	"              [owner static|evpn|gossip] [gen N]\n"
	"  peer del DEV ADDR\n"
	"  peer show [DEV] [ADDR]\n"
	"  fdb add|replace DEV MAC peer ADDR [ip ADDR]... [sticky] [dynamic]\n"
	"              [owner static|evpn|gossip] [gen N]\n"
	"  fdb del DEV MAC\n"
	"  fdb show [DEV] [peer ADDR] [owner OWNER]\n"
	"  flood add|del DEV peer ADDR\n"
	"  flood show [DEV]\n"
	"  route add|replace DEV PREFIX peer ADDR [encap ipip|vxlan] [vni N]\n"
	"              [rmac MAC] [owner static|evpn|gossip] [gen N]\n"
	"  route del DEV PREFIX\n"
	"  route show [DEV] [peer ADDR] [owner OWNER]\n"
	"  route get DEV ADDR\n"
	"  flush DEV [fdb|peer|flood|route|all] [owner OWNER] [gen-below N]\n"
	"              [peer ADDR]\n"
	"  monitor\n";

static const struct {
	const char *name;
	int (*fn)(struct ctl *ctl, int argc, char **argv);
} objects[] = {
	{ "dev", cmd_dev },
	{ "peer", cmd_peer },
	{ "fdb", cmd_fdb },
	{ "flood", cmd_flood },
	{ "route", cmd_route },
	{ "flush", cmd_flush },
	{ "monitor", cmd_monitor },
};

static struct ctl *the_ctl;

/* iproute2 habit: any unambiguous prefix of a keyword is accepted. */
bool matches(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n && n <= strlen(word) && !strncmp(arg, word, n);
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
	if (ctl->batching)
		fprintf(stderr, "vxipctl: line %u: %s: %s\n", ctl->lineno, what,
			vxnl_strerror(&ctl->nl, err));
	else
		fprintf(stderr, "vxipctl: %s: %s\n", what,
			vxnl_strerror(&ctl->nl, err));
	return 1;
}

void *ctl_buf(void)
{
	/* Requests are small; the largest, an FDB entry with 8 IPs, is < 300 bytes. */
	static char buf[8192] __attribute__((aligned(8)));

	return buf;
}

static void batch_done(void *data, unsigned int i, int err)
{
	struct ctl *ctl = data;

	ctl->sent++;
	if (!err)
		return;
	ctl->failed++;
	fprintf(stderr, "vxipctl: line %u: %s\n", ctl->batch_lines[i],
		vxnl_strerror(&ctl->nl, err));
}

/* Send what is queued and read every ACK.  Returns 0 if none failed. */
static int batch_flush(struct ctl *ctl)
{
	unsigned int failed = ctl->failed;
	int err;

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

int ctl_change(struct ctl *ctl, struct nlmsghdr *nlh, const char *what)
{
	int err;

	nlh->nlmsg_flags |= NLM_F_ACK;
	if (!ctl->batching) {
		err = vxnl_talk(&ctl->nl, nlh, NULL, NULL);
		return err ? nl_error(ctl, err, what) : 0;
	}
	if (!vxnl_batch_fits(&ctl->batch, nlh->nlmsg_len) &&
	    batch_flush(ctl) && !ctl->force)
		return 1;
	ctl->batch_lines[ctl->batch.n] = ctl->lineno;
	vxnl_batch_add(&ctl->batch, nlh);
	return 0;
}

int ctl_sync(struct ctl *ctl)
{
	/* Earlier batched changes must be in place first. */
	if (ctl->batching && batch_flush(ctl) && !ctl->force)
		return 1;
	return 0;
}

int ctl_query(struct ctl *ctl, struct nlmsghdr *nlh, vxnl_cb_t cb, void *data,
	      void (*reset)(void *data), const char *what)
{
	uint16_t flags = nlh->nlmsg_flags;
	int err, tries = 0;

	if (ctl_sync(ctl))
		return 1;
	for (;;) {
		if (reset)
			reset(data);
		err = vxnl_talk(&ctl->nl, nlh, cb, data);
		if (err != -EINTR || ++tries == 10)
			break;
		/* The tables changed during the dump: read them again. */
		nlh->nlmsg_seq = ++ctl->nl.seq;
		nlh->nlmsg_flags = flags;
	}
	if (err == -EINTR)
		fprintf(stderr,
			"vxipctl: %s: the tables kept changing; output may be inconsistent\n",
			what);
	else if (err)
		return nl_error(ctl, err, what);
	return 0;
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

static int run(struct ctl *ctl, int argc, char **argv)
{
	size_t i;

	if (argc < 1 || matches(argv[0], "help")) {
		fputs(usage_text, argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (matches(argv[0], objects[i].name))
			return objects[i].fn(ctl, argc - 1, argv + 1);
	return usage_error("unknown object \"%s\"", argv[0]);
}

#define BATCH_MAX_ARGS	64

static int run_batch(struct ctl *ctl, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, *argv[BATCH_MAX_ARGS], *tok, *save;
	unsigned int window;
	size_t cap = 0;
	int ret = 0, argc;

	if (!f) {
		fprintf(stderr, "vxipctl: cannot open %s: %s\n", file, strerror(errno));
		return 1;
	}
	/*
	 * Requests in flight: their ACKs (about 1 kB of socket buffer each)
	 * fit in the 8 MB receive buffer, and 128 kB of requests fit in one
	 * sendmsg (the default netlink send buffer is 208 kB).
	 */
	window = 1024;
	ctl->batch_lines = calloc(window, sizeof(*ctl->batch_lines));
	if (!ctl->batch_lines || vxnl_batch_init(&ctl->batch, window, 131072)) {
		fprintf(stderr, "vxipctl: out of memory\n");
		return 1;
	}
	ctl->batching = true;

	while (getline(&line, &cap, f) > 0) {
		ctl->lineno++;
		argc = 0;
		for (tok = strtok_r(line, " \t\r\n", &save); tok;
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (*tok == '#')
				break;
			if (argc == BATCH_MAX_ARGS) {
				ret = usage_error("too many arguments");
				break;
			}
			argv[argc++] = tok;
		}
		if (!ret && argc)
			ret = run(ctl, argc, argv);
		if (ret && !ctl->force)
			break;
		if (ret)
			ctl->failed++;
		ret = 0;
	}
	if (batch_flush(ctl))
		ret = 1;
	if (ctl->failed)
		ret = ret ?: 1;
	if (ctl->failed)
		fprintf(stderr, "vxipctl: batch: %u of %u requests failed\n",
			ctl->failed, ctl->sent);
	free(line);
	if (f != stdin)
		fclose(f);
	free(ctl->batch_lines);
	vxnl_batch_free(&ctl->batch);
	return ret;
}

int main(int argc, char **argv)
{
	struct ctl ctl = { 0 };
	const char *batch = NULL;
	int err, ret;

	the_ctl = &ctl;
	for (argc--, argv++; argc > 0 && argv[0][0] == '-' && argv[0][1]; argc--, argv++) {
		const char *opt = argv[0] + 1;

		if (*opt == '-')
			opt++;
		if (!strcmp(opt, "j") || matches(opt, "json")) {
			ctl.json = true;
		} else if (!strcmp(opt, "f") || matches(opt, "force")) {
			ctl.force = true;
		} else if (!strcmp(opt, "n") || matches(opt, "netns")) {
			if (argc < 2)
				return usage_error("option \"%s\" needs a namespace", argv[0]);
			if (enter_netns(argv[1]))
				return 1;
			argc--, argv++;
		} else if (!strcmp(opt, "b") || matches(opt, "batch")) {
			if (argc < 2)
				return usage_error("option \"%s\" needs a file", argv[0]);
			batch = argv[1];
			argc--, argv++;
		} else if (!strcmp(opt, "h") || matches(opt, "help")) {
			fputs(usage_text, stdout);
			return 0;
		} else {
			return usage_error("unknown option \"%s\"", argv[0]);
		}
	}

	if (!batch) {
		size_t i;

		if (argc < 1 || matches(argv[0], "help"))
			return run(&ctl, argc, argv);
		for (i = 0; i < ARRAY_SIZE(objects); i++)
			if (matches(argv[0], objects[i].name))
				break;
		if (i == ARRAY_SIZE(objects))
			return usage_error("unknown object \"%s\"", argv[0]);
	}

	err = vxnl_open(&ctl.nl);
	if (err) {
		fprintf(stderr, "vxipctl: %s\n", vxnl_strerror(&ctl.nl, err));
		return 1;
	}
	ctl.nl.attr_name = request_attr_name;
	ret = batch ? run_batch(&ctl, batch) : run(&ctl, argc, argv);
	vxnl_close(&ctl.nl);
	return ret;
}
