# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# What the demos print: sourced by tests/demo/*.sh, after
# tests/selftests/lib.sh.

# step TEXT: a heading.
step() { printf '\n\033[1m### %s\033[0m\n' "$*"; }

# run CMD...: CMD, shown as typed.
run() { echo "\$ $*"; "$@"; }

# on I CMD...: CMD in node I's netns ($N<I>), shown as typed there.
on() {
	local i=$1 n
	eval "n=\$N$i"
	shift
	echo "n$i# $*"
	$IP netns exec "$n" "$@"
}
