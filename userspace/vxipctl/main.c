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
#include <net/if.h>

#include <linux/vxip.h>

#include "vxipctl.h"

static const char usage_text[] =
	"Usage: vxipctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	"\n"
	"Options:\n"
	"  -j, -json          print JSON\n"
	"  -n, -netns NETNS   run in network namespace NETNS (/run/netns/NETNS)\n"
	"  -h, -help          print this help\n"
	"\n"
	"Objects and commands:\n"
	"  dev show [DEV]\n";

static const struct {
	const char *name;
	int (*fn)(struct ctl *ctl, int argc, char **argv);
} objects[] = {
	{ "dev", cmd_dev },
};

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
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"vxipctl help\".\n", stderr);
	return 2;
}

int nl_error(struct ctl *ctl, int err, const char *what)
{
	fprintf(stderr, "vxipctl: %s: %s\n", what, vxnl_strerror(&ctl->nl, err));
	return 1;
}

/* Name the device a request is about, as the kernel resolves it. */
void put_dev_selector(struct nlmsghdr *nlh, const char *dev)
{
	mnl_attr_put_strz(nlh, VXIP_A_IFNAME, dev);
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

int main(int argc, char **argv)
{
	struct ctl ctl = { 0 };
	size_t i;
	int err, ret;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		const char *opt = argv[0] + 1;

		if (*opt == '-')
			opt++;
		if (!strcmp(opt, "j") || matches(opt, "json")) {
			ctl.json = true;
		} else if (!strcmp(opt, "n") || matches(opt, "netns")) {
			if (argc < 2)
				return usage_error("option \"%s\" needs a namespace", argv[0]);
			if (enter_netns(argv[1]))
				return 1;
			argc--, argv++;
		} else if (!strcmp(opt, "h") || matches(opt, "help")) {
			fputs(usage_text, stdout);
			return 0;
		} else {
			return usage_error("unknown option \"%s\"", argv[0]);
		}
	}

	if (argc < 1 || matches(argv[0], "help")) {
		fputs(usage_text, argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}

	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (matches(argv[0], objects[i].name))
			break;
	if (i == ARRAY_SIZE(objects))
		return usage_error("unknown object \"%s\"", argv[0]);

	err = vxnl_open(&ctl.nl);
	if (err) {
		fprintf(stderr, "vxipctl: %s\n", vxnl_strerror(&ctl.nl, err));
		return 1;
	}
	ret = objects[i].fn(&ctl, argc - 1, argv + 1);
	vxnl_close(&ctl.nl);
	return ret;
}
