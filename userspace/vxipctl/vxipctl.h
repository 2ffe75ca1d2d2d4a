/* SPDX-License-Identifier: GPL-2.0 */
/* vxipctl: shared state of the command line tool. */
#ifndef VXIPCTL_H
#define VXIPCTL_H

#include <stdbool.h>

#include "../lib/compiler.h"
#include "../lib/genl.h"

struct ctl {
	struct vxnl nl;
	bool json;
};

/* One subcommand per object; each returns the process exit status. */
int cmd_dev(struct ctl *ctl, int argc, char **argv);

/* Helpers in main.c. */
bool matches(const char *arg, const char *word);
__printf(1, 2) int usage_error(const char *fmt, ...);
int nl_error(struct ctl *ctl, int err, const char *what);
void put_dev_selector(struct nlmsghdr *nlh, const char *dev);

#endif
