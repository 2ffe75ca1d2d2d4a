#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The vxip generic netlink family: DEV_GET do and dump, errors, netns scope.
source "$(dirname "$0")/lib.sh"
require_cmd jq setpriv

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup_ns ns other
$IP -n "$ns" link add vxip0 type vxip

t_get_by_name() {
	local j
	j=$($VXIPCTL -n "$ns" -j dev show vxip0)
	expect_eq "entries" "$(echo "$j" | jq length)" 1
	expect_eq "ifname" "$(echo "$j" | jq -r '.[0].ifname')" vxip0
	expect_eq "ifindex" "$(echo "$j" | jq -r '.[0].ifindex')" \
		"$($IP -n "$ns" -j link show vxip0 | jq -r '.[0].ifindex')"
}

# The defaults documented in uapi/linux/vxip.h and vxipctl.8.
t_defaults() {
	local j
	expect_eq "mac" "$($VXIPCTL -n "$ns" -j dev show vxip0 | jq -r '.[0].mac')" \
		"$($IP -n "$ns" -j link show vxip0 | jq -r '.[0].address')"
	j=$($VXIPCTL -n "$ns" -j dev show vxip0 | jq -c '.[0] | del(.ifindex, .ifname, .mac)')
	expect_eq "config" "$j" "{\"vni\":null,\"local\":null,\"port\":4789,\"srcport-min\":0,\"srcport-max\":0,\"ttl\":0,\"ttl-inherit\":false,\"tos\":0,\"tos-inherit\":false,\"df\":\"unset\",\"udp-csum\":true,\"udp6-zero-csum-tx\":false,\"udp6-zero-csum-rx\":false,\"learning\":false,\"ageing\":300,\"max-fdb\":0,\"strict\":true,\"n-peers\":0,\"n-fdb\":0,\"n-flood\":0,\"max-routes\":0,\"n-routes\":0,\"module-version\":\"$(cat /sys/module/vxip/version)\"}"
}

# vxipctl -V and dev show name the loaded module's MODULE_VERSION.
t_versions() {
	local mod
	mod=$(cat /sys/module/vxip/version)
	[ -n "$mod" ] || fail "the module has no version"
	expect_eq "vxipctl -V, second line" "$($VXIPCTL -V | sed -n 2p)" "vxip module $mod"
	$VXIPCTL -V | head -n 1 | grep -qE "^vxipctl [0-9a-z.-]+$" || fail "vxipctl -V: $($VXIPCTL -V)"
	$VXIPCTL -n "$ns" dev show vxip0 | grep -q "    max-routes 0 module $mod$" ||
		fail "dev show: no module version: $($VXIPCTL -n "$ns" dev show vxip0)"
}

t_text_output() {
	local out
	out=$($VXIPCTL -n "$ns" dev show vxip0)
	echo "$out" | grep -q "^[0-9]*: vxip0 mac $($IP -n "$ns" -j link show vxip0 | jq -r '.[0].address')$" ||
		fail "no header line in: $out"
	echo "$out" | grep -q "vni none local auto port 4789 srcport auto" ||
		fail "unexpected text output: $out"
}

# Many devices need several dump messages; every one must come back once.
t_dump_complete() {
	local ns2 i names want
	setup_ns ns2
	for i in $(seq 1 60); do
		echo "link add vx$i type vxip"
	done | $IP -n "$ns2" -batch -
	$IP -n "$ns2" link add dummy0 type dummy
	names=$($VXIPCTL -n "$ns2" -j dev show | jq -r '.[].ifname' | sort)
	want=$(for i in $(seq 1 60); do echo "vx$i"; done | sort)
	expect_eq "dumped devices" "$names" "$want"
}

t_netns_scope() {
	local out
	expect_eq "devices seen from another netns" \
		"$($VXIPCTL -n "$other" -j dev show | jq length)" 0
	out=$($VXIPCTL -n "$other" dev show vxip0 2>&1) && fail "vxip0 visible from another netns"
	echo "$out" | grep -q "No device with this name" || fail "unexpected error: $out"
}

t_nosuchdev() {
	local out rc=0
	out=$($VXIPCTL -n "$ns" dev show nosuchdev 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "exit status 0 for a missing device"
	expect_eq "message" "$out" "vxipctl: nosuchdev: No device with this name (attribute ifname)"
}

t_not_vxip() {
	local out
	$IP -n "$ns" link add dummy1 type dummy
	out=$($VXIPCTL -n "$ns" dev show dummy1 2>&1) && fail "dummy1 reported as vxip"
	expect_eq "message" "$out" "vxipctl: dummy1: Device is not a vxip device"
}

t_usage_errors() {
	local rc=0
	$VXIPCTL frobnicate > /dev/null 2>&1 || rc=$?
	expect_eq "unknown object exit status" $rc 2
	rc=0
	$VXIPCTL dev show a b > /dev/null 2>&1 || rc=$?
	expect_eq "extra argument exit status" $rc 2
}

# Reading needs no privilege.
t_unprivileged_read() {
	local n
	n=$($IP netns exec "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$(command -v $VXIPCTL)" -j dev show | jq length)
	expect_eq "devices seen by nobody" "$n" 1
}

ktap_print_header
ktap_set_plan 10
run_test "genl: DEV_GET by name" t_get_by_name
run_test "genl: defaults reported" t_defaults
run_test "genl: text output" t_text_output
run_test "genl: vxipctl -V and dev show name the module's version" t_versions
run_test "genl: multi-message dump is complete" t_dump_complete
run_test "genl: devices resolved in the caller's netns" t_netns_scope
run_test "genl: dev show nosuchdev fails with a clear message" t_nosuchdev
run_test "genl: non-vxip device refused" t_not_vxip
run_test "genl: usage errors exit 2" t_usage_errors
run_test "genl: unprivileged users can read" t_unprivileged_read
ktap_finished
