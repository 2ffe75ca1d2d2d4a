#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for vxip selftests: KTAP output, namespaces, waits.
# Modelled on tools/testing/selftests/{net/lib.sh,kselftest/ktap_helpers.sh},
# which the 6.1 tree lacks.

# iproute2 by full path: a busybox shell would run its own "ip" applet.
IP=${IP:-/usr/bin/ip}
BRIDGE=${BRIDGE:-/usr/sbin/bridge}
VXIPCTL=${VXIPCTL:-vxipctl}

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0
KTAP_TESTNO=0

ktap_print_header() {
	echo "TAP version 13"
}

ktap_set_plan() {
	KTAP_PLAN=$1
	echo "1..$1"
}

ktap_test_pass() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
	echo "ok $KTAP_TESTNO $*"
}

ktap_test_fail() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
	echo "not ok $KTAP_TESTNO $*"
}

ktap_test_skip() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
	echo "ok $KTAP_TESTNO $* # SKIP"
}

ktap_print_totals() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

# Exit 0 only if every planned test ran and none failed.
ktap_finished() {
	ktap_print_totals
	if [ "$KTAP_CNT_FAIL" -eq 0 ] && [ "$KTAP_TESTNO" -eq "$KTAP_PLAN" ]; then
		exit $KSFT_PASS
	fi
	[ "$KTAP_TESTNO" -eq "$KTAP_PLAN" ] ||
		echo "# planned $KTAP_PLAN tests but ran $KTAP_TESTNO"
	exit $KSFT_FAIL
}

# Diagnostics go to stdout as KTAP comments.
diag() {
	echo "$*" | sed 's/^/# /'
}

# run_test DESC FUNC [ARGS...]: FUNC's status decides ok / not ok.
# FUNC explains a failure by calling fail "why" (or printing diagnostics).
run_test() {
	local desc=$1 rc
	shift
	FAIL_MSG=""
	( set -e; "$@" ) > "$TMPDIR_TEST/out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		ktap_test_pass "$desc"
	elif [ $rc -eq $KSFT_SKIP ]; then
		diag "$(cat "$TMPDIR_TEST/out")"
		ktap_test_skip "$desc"
	else
		diag "$(cat "$TMPDIR_TEST/out")"
		ktap_test_fail "$desc"
	fi
}

fail() {
	echo "FAIL: $*"
	return 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# busywait TIMEOUT_MS CMD...: run CMD until it succeeds or time runs out.
busywait() {
	local timeout=$1 start now
	shift
	start=$(date +%s%3N)
	while :; do
		"$@" && return 0
		now=$(date +%s%3N)
		[ $((now - start)) -lt "$timeout" ] || return 1
		sleep 0.1
	done
}

# setup_ns NAME...: create uniquely named netns, store the names in the
# variables NAME..., bring lo up.  The names are recorded in a file, so
# namespaces made inside a test's subshell are cleaned up too.
setup_ns() {
	local __var __ns
	for __var in "$@"; do
		__ns="$__var-$(mktemp -u XXXXXX)"
		$IP netns add "$__ns" || return 1
		echo "$__ns" >> "$TMPDIR_TEST/ns_list"
		$IP -n "$__ns" link set lo up
		eval "$__var=$__ns"
	done
}

cleanup_all_ns() {
	local ns
	[ -f "$TMPDIR_TEST/ns_list" ] || return 0
	while read -r ns; do
		$IP netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		$IP netns del "$ns" 2>/dev/null
	done < "$TMPDIR_TEST/ns_list"
	rm -f "$TMPDIR_TEST/ns_list"
}

# Counter in rtnl stats64 of a device: dev_stat NS DEV FIELD, FIELD as in
# "ip -j -s link": rx.packets, tx.dropped, ...
dev_stat() {
	$IP -n "$1" -j -s link show dev "$2" | jq -r ".[0].stats64.$3"
}

# The pr_debug lines vxip writes for each object, from the kernel log.
count_klog() {
	dmesg | grep -c -- "$1" || true
}

# vxip_devs NS: names of the vxip devices in NS, one per line.
vxip_devs() {
	$IP -n "$1" -d -j link show | jq -r '.[] | select(.linkinfo.info_kind == "vxip") | .ifname'
}

vxip_loaded() {
	grep -q '^vxip ' /proc/modules
}

# Make sure vxip is loaded (a test may have unloaded it).
vxip_reload() {
	vxip_loaded && return 0
	insmod "$VXIP_KO" || return 1
	[ -w /sys/kernel/debug/dynamic_debug/control ] &&
		echo 'module vxip +p' > /sys/kernel/debug/dynamic_debug/control
	return 0
}

TMPDIR_TEST=$(mktemp -d)
lib_cleanup() {
	cleanup_all_ns
	rm -rf "$TMPDIR_TEST"
}

# require_cmd CMD...: skip the whole script if a tool is missing.
require_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" > /dev/null; then
			ktap_print_header
			echo "1..0 # SKIP $c not found"
			exit $KSFT_SKIP
		fi
	done
}
