#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README.md's two-node recipe ("Installing on a node"), run as written:
# each code block after a "<!-- recipe: NAME -->" marker, its "sudo "
# dropped, in a network namespace of its node, from the repository's
# directory.  Nodes A (192.168.0.1) and B (192.168.0.2) share an underlay
# veth pair.  Both share this guest's kernel, so vxip is unloaded first
# for A's modprobe and insmod, and B's module lines are left out; the
# build block is left out too (vm-run built what it builds).  Stock
# kernel only: the recipe loads the tree's module/vxip.ko.
source "$(dirname "$0")/lib.sh"
require_cmd jq

SRC=${VXIP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
README=$SRC/README.md

cleanup() { lib_cleanup; vxip_reload; }
trap cleanup EXIT

# block NAME: the code block after README's "<!-- recipe: NAME -->".
block() {
	awk -v m="<!-- recipe: $1 -->" '
		$0 == m { on = 1; next }
		on && /^```/ { if (inblk) exit; inblk = 1; next }
		on && inblk { sub(/^sudo /, ""); print }' "$README"
}

# recipe NODE_NS NAME [FILTER]: block NAME, run by bash -e
# in the node's netns; its output in $TMPDIR_TEST/NAME.out.  FILTER
# (grep -v -E) drops lines.
recipe() {
	local ns=$1 name=$2 script
	script=$(block "$name" | grep -v -E "${3:-^$}")
	[ -n "$script" ] || fail "README.md has no recipe block \"$name\""
	# The transcript, in the KTAP output (a passing test's INFO lines).
	echo "$script" | sed "s/^/INFO: $name\$ /"
	(cd "$SRC" && $IP netns exec "$ns" bash -e -c "$script") \
		> "$TMPDIR_TEST/$name.out" 2>&1 ||
		fail "recipe \"$name\" failed: $(tail -n 5 "$TMPDIR_TEST/$name.out")"
	sed 's/^/INFO:   /' "$TMPDIR_TEST/$name.out"
}

setup() {
	setup_ns A B || return 1
	ns_quiet "$A" && ns_quiet "$B"
	$IP -n "$A" link add eth0 type veth peer name eth0 netns "$B" &&
	$IP -n "$A" addr add 192.168.0.1/24 dev eth0 &&
	$IP -n "$B" addr add 192.168.0.2/24 dev eth0 &&
	$IP -n "$A" link set eth0 up && $IP -n "$B" link set eth0 up
}

t_blocks() {
	local name
	for name in build "node A" "node B" "proof on A"; do
		[ -n "$(block "$name")" ] || fail "README.md has no recipe block \"$name\""
	done
	block build | grep -q '^make$\|^make  *#' || fail "the build block does not run make"
}

t_two_nodes() {
	vxip_loaded && { rmmod vxip || fail "cannot unload vxip for the recipe's insmod"; }
	recipe "$A" "node A"
	vxip_loaded || fail "node A's recipe did not load vxip"
	recipe "$B" "node B" '^(modprobe|insmod) '
	recipe "$A" "proof on A"
	grep -q ' 0% packet loss' "$TMPDIR_TEST/proof on A.out" ||
		fail "the proof's ping lost packets"
	[ "$($VXIPCTL -n "$A" -j peer show vxip0 192.168.0.2 |
	     jq '.[0].stats["tx-packets"]')" -gt 0 ] || fail "node A sent nothing to B by vxip"
}

ktap_print_header
setup_or_bail
ktap_set_plan 2
run_test "readme: the two-node recipe's blocks are there" t_blocks
run_test "readme: the two-node recipe, run as written, ends in a ping that works" t_two_nodes
ktap_finished
