#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unloading vxip with devices up removes them all cleanly.
source "$(dirname "$0")/lib.sh"

cleanup() { lib_cleanup; vxip_reload; }
trap cleanup EXIT

t_rmmod_with_devices_up() {
	local a b c d i
	setup_ns a b c
	d=$(count_klog ": device destroyed")
	i=1
	for ns in "$a" "$b" "$c"; do
		$IP -n "$ns" link add vxr$i type vxip
		$IP -n "$ns" addr add 10.8.$i.1/24 dev vxr$i
		$IP -n "$ns" link set vxr$i up
		i=$((i + 1))
	done
	rmmod vxip
	! vxip_loaded || fail "vxip still loaded"
	expect_eq "destroyed lines" "$(count_klog ": device destroyed")" $((d + 3))
	for ns in "$a" "$b" "$c"; do
		[ -z "$(vxip_devs "$ns")" ] ||
			fail "a vxip device survived rmmod in $ns"
	done
}

t_family_gone_after_rmmod() {
	local out
	vxip_loaded && rmmod vxip
	out=$($VXIPCTL dev show 2>&1) && fail "dev show succeeded without the module"
	echo "$out" | grep -q 'family "vxip" not found: is the vxip module loaded?' ||
		fail "unexpected message: $out"
}

t_reload_works() {
	local a
	vxip_reload
	setup_ns a
	$IP -n "$a" link add vxr9 type vxip
	expect_eq "device after reload" "$($VXIPCTL -n "$a" -j dev show | jq -r '.[0].ifname')" vxr9
}

ktap_print_header
ktap_set_plan 3
run_test "rmmod: unload with 3 devices up" t_rmmod_with_devices_up
run_test "rmmod: genl family gone, vxipctl says so" t_family_gone_after_rmmod
run_test "rmmod: module reloads and works" t_reload_works
ktap_finished
