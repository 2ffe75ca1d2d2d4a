// SPDX-License-Identifier: GPL-2.0
/*
 * vxipctl show -c and apply: a device's static entries as a file, and a
 * file made into a device's static entries, as wg showconf and syncconf
 * do.  The static owner's generation does the work, as a restarting
 * control plane's does: apply programs every line with a generation one
 * above any the owner has on the device, then flushes the owner's older
 * entries.  Other owners' entries and claims are never touched.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vxip.h>

#include "vxipctl.h"

struct static_view *static_view;

void static_view_gen(uint32_t gen)
{
	if (gen > static_view->max_gen)
		static_view->max_gen = gen;
}

bool static_view_entry(uint32_t owner, bool has_gen, uint32_t gen)
{
	if (owner != VXIP_OWNER_STATIC)
		return false;
	if (has_gen)
		static_view_gen(gen);
	return static_view->print;
}

/*
 * Dump DEV's configuration, peers, static FDB entries and static routes
 * into @view.
 */
static int static_dump(struct ctl *ctl, char *dev, struct static_view *view)
{
	char show[] = "show", owner[] = "owner", st[] = "static";
	char *dev_argv[2] = { show, dev };
	char *argv[4] = { show, dev, owner, st };
	bool json = ctl->json;
	int err;

	ctl->json = false;
	static_view = view;
	err = cmd_dev(ctl, 2, dev_argv) ?:
	      cmd_peer(ctl, 2, dev_argv) ?:
	      cmd_fdb(ctl, 4, argv) ?:
	      cmd_route(ctl, 4, argv);
	static_view = NULL;
	ctl->json = json;
	return err;
}

/* show -c DEV */
int cmd_show(struct ctl *ctl, int argc, char **argv)
{
	struct static_view view = { .print = true };

	if (argc != 2 || strcmp(argv[0], "-c"))
		return usage_error("show: usage: show -c DEV");
	if (check_dev(argv[1]))
		return 2;
	if (ctl->json)
		return usage_error("show -c: the output is batch lines; no JSON");
	return static_dump(ctl, argv[1], &view);
}

#define APPLY_MAX_ARGS	64
#define APPLY_MAX_DEVS	64

struct apply_line {
	unsigned int lineno;
	int argc;
	char *argv[APPLY_MAX_ARGS + 4];	/* room for owner static gen N */
	char *buf;
};

struct apply_dev {
	char *name;
	uint32_t gen;
	char gen_str[12];
};

enum { A_DEV, A_PEER, A_FDB, A_FLOOD, A_ROUTE };

static const char *const apply_objects[] = {
	"dev", "peer", "fdb", "flood", "route", NULL
};

/* Is @tok a spelling (a prefix) of @word? */
static bool spells(const char *tok, const char *word)
{
	return *tok && !strncmp(tok, word, strlen(tok));
}

/*
 * Check a line of FILE: "dev set", "peer|fdb|route add|replace",
 * "flood add", with a device and neither owner nor gen, which apply
 * sets.  Returns the object, or -1 after a usage error.
 */
static int apply_check(const struct apply_line *l)
{
	static const char *const set[] = { "set", NULL };
	static const char *const add[] = { "add", "replace", NULL };
	static const char *const flood_add[] = { "add", NULL };
	int obj, i;

	obj = keyword(l->argv[0], apply_objects, "apply", "object");
	if (obj < 0)
		goto bad;
	if (l->argc < 3) {
		usage_error("apply: line %u: \"%s\" needs a command and a device",
			    l->lineno, l->argv[0]);
		goto bad;
	}
	if (keyword(l->argv[1], obj == A_DEV ? set : obj == A_FLOOD ? flood_add : add,
		    apply_objects[obj], "command") < 0)
		goto bad;
	for (i = 3; i < l->argc; i++) {
		if (spells(l->argv[i], "owner") || spells(l->argv[i], "gen")) {
			usage_error("apply: line %u: \"%s\": %s", l->lineno,
				    l->argv[i],
				    "apply sets the owner (static) and the generation");
			goto bad;
		}
	}
	return obj;
bad:
	fprintf(stderr, "vxipctl: apply: line %u not understood; nothing changed\n",
		l->lineno);
	return -1;
}

static void apply_free(struct apply_line *lines, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		free(lines[i].buf);
	free(lines);
}

/* Read FILE into lines of words: 0, or 2 after a message. */
static int apply_read(const char *file, struct apply_line **out,
		      unsigned int *n)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	struct apply_line *lines = NULL, *l, *grown;
	unsigned int lineno = 0, cap = 0;
	char *line = NULL, *tok, *save;
	size_t len = 0;

	*n = 0;
	*out = NULL;
	if (!f) {
		fprintf(stderr, "vxipctl: cannot open %s: %s\n", file, strerror(errno));
		return 2;
	}
	while (getline(&line, &len, f) > 0) {
		lineno++;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(lines, cap * sizeof(*lines));
			if (!grown)
				goto oom;
			lines = grown;
		}
		l = &lines[*n];
		memset(l, 0, sizeof(*l));
		l->lineno = lineno;
		l->buf = strdup(line);
		if (!l->buf)
			goto oom;
		(*n)++;
		for (tok = strtok_r(l->buf, " \t\r\n", &save); tok;
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (*tok == '#')
				break;
			if (l->argc == APPLY_MAX_ARGS) {
				usage_error("apply: line %u: too many arguments", lineno);
				goto err;
			}
			l->argv[l->argc++] = tok;
		}
		if (!l->argc) {		/* blank or a comment */
			free(l->buf);
			(*n)--;
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	*out = lines;
	return 0;
oom:
	fprintf(stderr, "vxipctl: out of memory\n");
err:
	free(line);
	if (f != stdin)
		fclose(f);
	apply_free(lines, *n);
	*n = 0;
	return 2;
}

static struct apply_dev *apply_dev(struct apply_dev *devs, unsigned int *n,
				   char *name)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(devs[i].name, name))
			return &devs[i];
	if (*n == APPLY_MAX_DEVS)
		return NULL;
	devs[*n].name = name;
	return &devs[(*n)++];
}

/* apply FILE */
int cmd_apply(struct ctl *ctl, int argc, char **argv)
{
	char replace[] = "replace", owner[] = "owner", st[] = "static",
	     gen[] = "gen", all[] = "all", below[] = "gen-below";
	struct apply_dev devs[APPLY_MAX_DEVS];
	struct apply_line *lines;
	unsigned int n, n_devs = 0, i;
	int obj, ret = 0;

	if (argc != 1)
		return usage_error("apply: usage: apply FILE");
	if (ctl->batching)
		return usage_error("apply: not in a batch");
	if (ctl->json)
		return usage_error("apply: no JSON output");
	if (apply_read(argv[0], &lines, &n))
		return 2;
	for (i = 0; i < n; i++) {
		struct apply_line *l = &lines[i];
		struct apply_dev *d;

		obj = apply_check(l);
		if (obj < 0) {
			ret = 2;
			goto out;
		}
		if (check_dev(l->argv[2])) {
			fprintf(stderr, "vxipctl: apply: line %u; nothing changed\n",
				l->lineno);
			ret = 2;
			goto out;
		}
		d = apply_dev(devs, &n_devs, l->argv[2]);
		if (!d) {
			usage_error("apply: more than %d devices", APPLY_MAX_DEVS);
			ret = 2;
			goto out;
		}
		/* Made a replace, so that an entry of an older generation
		 * takes the new one.
		 */
		if (obj != A_DEV && obj != A_FLOOD)
			l->argv[1] = replace;
		if (obj != A_DEV) {
			l->argv[l->argc++] = owner;
			l->argv[l->argc++] = st;
			l->argv[l->argc++] = gen;
			l->argv[l->argc++] = d->gen_str;
		}
	}

	/* One generation above any the static owner has on each device. */
	for (i = 0; i < n_devs; i++) {
		struct static_view view = { 0 };

		ret = static_dump(ctl, devs[i].name, &view);
		if (ret)
			goto out;
		if (view.max_gen == UINT32_MAX) {
			fprintf(stderr,
				"vxipctl: apply: %s: the static generations are used up; flush %s owner static first\n",
				devs[i].name, devs[i].name);
			ret = 1;
			goto out;
		}
		devs[i].gen = view.max_gen + 1;
		snprintf(devs[i].gen_str, sizeof(devs[i].gen_str), "%u", devs[i].gen);
	}

	/* Every line, stopping at the first the kernel refuses. */
	ret = batch_begin(ctl);
	if (ret)
		goto out;
	for (i = 0; i < n && !ret; i++) {
		ctl->lineno = lines[i].lineno;
		ret = run(ctl, lines[i].argc, lines[i].argv);
	}
	if (batch_end(ctl) && !ret)
		ret = 1;
	if (ret) {
		fprintf(stderr,
			"vxipctl: apply: stopped at line %u; nothing flushed: the lines before it are in place, and so are the older entries\n",
			ctl->lineno);
		goto out;
	}

	/* Then what FILE no longer lists goes. */
	for (i = 0; i < n_devs; i++) {
		char *flush_argv[6] = {
			devs[i].name, all, owner, st, below, devs[i].gen_str
		};

		printf("%s: generation %u: ", devs[i].name, devs[i].gen);
		fflush(stdout);
		ret = cmd_flush(ctl, 6, flush_argv);
		if (ret)
			goto out;
	}
out:
	apply_free(lines, n);
	return ret;
}
