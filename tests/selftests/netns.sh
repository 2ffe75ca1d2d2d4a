#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxip and network namespaces: devices die with their netns and with their
# underlay netns, wherever they were moved.
source "$(dirname "$0")/lib.sh"

cleanup() { lib_cleanup; }
trap cleanup EXIT

# wait_destroyed NAME COUNT_BEFORE: a "NAME: device destroyed" line appears.
wait_destroyed() {
	busywait_out 10000 -gt "$2" count_klog "$1: device destroyed" ||
		fail "$1 was not destroyed"
}

no_vxip_left() {
	local n
	n=$( { $IP -d -j link show; for ns in $($IP netns list | cut -d' ' -f1); do
		$IP -n "$ns" -d -j link show; done; } |
		jq -s '[.[][] | select(.linkinfo.info_kind == "vxip" and (.ifname | startswith("'"$1"'")))] | length')
	expect_eq "$1 devices left" "$n" 0
}

t_delete_netns_with_device() {
	local a d
	setup_ns a
	d=$(count_klog "vxn1: device destroyed")
	$IP -n "$a" link add vxn1 type vxip
	$IP -n "$a" link set vxn1 up
	$IP netns del "$a"
	wait_destroyed vxn1 "$d"
	no_vxip_left vxn1
}

t_moved_device_dies_with_underlay() {
	local a b d
	setup_ns a b
	d=$(count_klog "vxn2: device destroyed")
	$IP -n "$a" link add vxn2 type vxip
	$IP -n "$a" link set vxn2 netns "$b"
	expect_eq "seen in new netns" "$($VXIPCTL -n "$b" -j dev show | jq -r '.[0].ifname')" vxn2
	expect_eq "gone from old netns" "$($VXIPCTL -n "$a" -j dev show | jq length)" 0
	$IP netns del "$a"
	wait_destroyed vxn2 "$d"
	! $IP -n "$b" link show vxn2 2> /dev/null || fail "vxn2 outlived its underlay netns"
}

# Both namespaces of a moved device die in one cleanup batch.
t_both_netns_die() {
	local a b d
	setup_ns a b
	d=$(count_klog "vxn3: device destroyed")
	$IP -n "$a" link add vxn3 type vxip
	$IP -n "$a" link set vxn3 netns "$b"
	$IP -n "$a" link add vxn4 type vxip
	$IP netns del "$a"
	$IP netns del "$b"
	wait_destroyed vxn3 "$d"
	expect_eq "vxn3 destroyed once" "$(count_klog "vxn3: device destroyed")" $((d + 1))
}

t_unrelated_netns_deletion() {
	local a c
	setup_ns a c
	$IP -n "$a" link add vxn5 type vxip
	$IP netns del "$c"
	sleep 1
	$IP -n "$a" link show vxn5 > /dev/null || fail "vxn5 died with an unrelated netns"
	expect_eq "vxipctl sees it" "$($VXIPCTL -n "$a" -j dev show | jq -r '.[0].ifname')" vxn5
}

ktap_print_header
ktap_set_plan 4
run_test "netns: deleting a netns deletes its devices" t_delete_netns_with_device
run_test "netns: a moved device dies with its underlay netns" t_moved_device_dies_with_underlay
run_test "netns: device and underlay netns dying together" t_both_netns_die
run_test "netns: unrelated netns deletion leaves devices alone" t_unrelated_netns_deletion
ktap_finished
