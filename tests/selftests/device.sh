#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxip net_device: creation, deletion, MAC, MTU bounds, per-CPU stats.
source "$(dirname "$0")/lib.sh"

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup_ns ns

t_create_delete() {
	local created destroyed kind
	created=$(count_klog "vxip0: device created")
	destroyed=$(count_klog "vxip0: device destroyed")
	$IP -n "$ns" link add vxip0 type vxip
	kind=$($IP -n "$ns" -d -j link show vxip0 | jq -r '.[0].linkinfo.info_kind')
	expect_eq "kind" "$kind" vxip
	expect_eq "link type" "$($IP -n "$ns" -j link show vxip0 | jq -r '.[0].link_type')" ether
	$IP -n "$ns" link del vxip0
	! $IP -n "$ns" link show vxip0 2> /dev/null || fail "vxip0 still exists"
	busywait_out 5000 -gt "$destroyed" count_klog "vxip0: device destroyed" ||
		fail "no 'device destroyed' line after deletion"
	expect_eq "created lines" "$(count_klog "vxip0: device created")" $((created + 1))
	expect_eq "destroyed lines" "$(count_klog "vxip0: device destroyed")" $((destroyed + 1))
}

t_random_mac() {
	local a b first
	$IP -n "$ns" link add vxa type vxip
	$IP -n "$ns" link add vxb type vxip
	a=$($IP -n "$ns" -j link show vxa | jq -r '.[0].address')
	b=$($IP -n "$ns" -j link show vxb | jq -r '.[0].address')
	$IP -n "$ns" link del vxa
	$IP -n "$ns" link del vxb
	[ "$a" != "$b" ] || fail "two devices got the same MAC $a"
	first=$((16#${a%%:*}))
	# Locally administered (0x02) and unicast (0x01 clear).
	expect_eq "MAC $a bits" $((first & 3)) 2
}

t_mtu_bounds() {
	$IP -n "$ns" link add vxm type vxip
	expect_eq "default mtu" "$($IP -n "$ns" -j link show vxm | jq -r '.[0].mtu')" 1450
	expect_eq "min_mtu" "$($IP -n "$ns" -d -j link show vxm | jq -r '.[0].min_mtu')" 68
	expect_eq "max_mtu" "$($IP -n "$ns" -d -j link show vxm | jq -r '.[0].max_mtu')" 65485
	$IP -n "$ns" link set vxm mtu 68
	$IP -n "$ns" link set vxm mtu 65485
	! $IP -n "$ns" link set vxm mtu 67 2> /dev/null || fail "mtu 67 accepted"
	! $IP -n "$ns" link set vxm mtu 65486 2> /dev/null || fail "mtu 65486 accepted"
	expect_eq "mtu after rejects" "$($IP -n "$ns" -j link show vxm | jq -r '.[0].mtu')" 65485
	$IP -n "$ns" link del vxm
}

# Nothing is programmed yet, so every frame is dropped and counted.
t_tx_drops_counted() {
	local before after
	$IP -n "$ns" link add vxs type vxip
	$IP netns exec "$ns" sysctl -qw net.ipv6.conf.vxs.disable_ipv6=1
	$IP -n "$ns" addr add 10.9.0.1/24 dev vxs
	$IP -n "$ns" link set vxs up
	before=$(dev_stat "$ns" vxs tx.dropped)
	# Broadcast pings need no ARP: exactly one frame each.
	$IP netns exec "$ns" ping -q -b -c 5 -i 0.2 -W 1 10.9.0.255 > /dev/null 2>&1 || true
	after=$(dev_stat "$ns" vxs tx.dropped)
	expect_eq "tx dropped" $((after - before)) 5
	expect_eq "tx packets" "$(dev_stat "$ns" vxs tx.packets)" 0
	$IP -n "$ns" link del vxs
}

t_reject_multicast_mac() {
	local err
	err=$($IP -n "$ns" link add vxbad address 01:00:5e:00:00:01 type vxip 2>&1) &&
		fail "multicast MAC accepted"
	echo "$err" | grep -q "Provided Ethernet address is not unicast" ||
		fail "unexpected error: $err"
}

ktap_print_header
ktap_set_plan 5
run_test "device: create and delete" t_create_delete
run_test "device: random unicast MAC per device" t_random_mac
run_test "device: MTU default and bounds" t_mtu_bounds
run_test "device: tx drops counted in per-CPU stats" t_tx_drops_counted
run_test "device: multicast MAC rejected with extack" t_reject_multicast_mac
ktap_finished
