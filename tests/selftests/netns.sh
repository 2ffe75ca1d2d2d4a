#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxip and network namespaces: devices die with their netns and with their
# underlay netns, wherever they were moved.
source "$(dirname "$0")/lib.sh"

cleanup() {
	[ ! -f "$TMPDIR_TEST/pids" ] || xargs -r kill < "$TMPDIR_TEST/pids" 2> /dev/null
	lib_cleanup
}
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

# overlay_via_underlay DEVNS: vxl in DEVNS, whose underlay is node 1's netns,
# reaches node 2's vxip0 (10.9.0.2) over node 1's eth0, and its UDP socket
# is in node 1's netns, not in DEVNS.
overlay_via_underlay() {
	local d=$1 before after
	$VXIPCTL -n "$d" dev set vxl vni 42 local 192.168.0.1
	$VXIPCTL -n "$d" peer add vxl 192.168.0.2
	$VXIPCTL -n "$d" flood add vxl peer 192.168.0.2
	$IP -n "$d" addr add 10.9.0.1/24 dev vxl
	$IP -n "$d" link set vxl up
	$IP -n "$N2" link add vxip0 type vxip
	$VXIPCTL -n "$N2" dev set vxip0 vni 42 local 192.168.0.2
	$VXIPCTL -n "$N2" peer add vxip0 192.168.0.1
	$VXIPCTL -n "$N2" flood add vxip0 peer 192.168.0.1
	$IP -n "$N2" addr add 10.9.0.2/24 dev vxip0
	$IP -n "$N2" link set vxip0 up

	[ -n "$($IP netns exec "$N1" ss -Hunl 'sport = :4789')" ] ||
		fail "no UDP socket on port 4789 in the underlay netns"
	[ -z "$($IP netns exec "$d" ss -Hunl 'sport = :4789')" ] ||
		fail "a UDP socket on port 4789 in the device's netns"
	before=$(dev_stat "$N1" eth0 tx.packets)
	$IP netns exec "$d" ping -q -c 3 -i 0.2 -W 2 10.9.0.2 > "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "no ping over the underlay netns"; }
	after=$(dev_stat "$N1" eth0 tx.packets)
	[ $((after - before)) -ge 3 ] ||
		fail "underlay eth0 sent $((after - before)) packets, want >= 3"
	expect_eq "link netns reported" \
		"$($IP -n "$d" -j link show vxl | jq '.[0].link_netnsid != null')" true
}

# ip -n D link add ... link-netns N: the device in D, its underlay in N.
t_link_netns() {
	local d
	topo_lan
	topo_node 1
	topo_node 2
	setup_ns d
	ns_quiet "$d"
	$IP -n "$d" link add vxl link-netns "$N1" type vxip
	overlay_via_underlay "$d"
}

# ip -n N link add ... netns D: the same, made from the underlay's side.
t_netns_attr() {
	local d
	topo_lan
	topo_node 1
	topo_node 2
	setup_ns d
	ns_quiet "$d"
	$IP -n "$N1" link add vxl netns "$d" type vxip
	! $IP -n "$N1" link show vxl > /dev/null 2>&1 || fail "vxl left in the underlay netns"
	overlay_via_underlay "$d"
}

# A device moved into a netns of an unprivileged user namespace: its root
# may change the device's settings over rtnetlink, but not the port or the
# local address, which live in the underlay netns it has no rights over.
# link_as PID VERB IFNAME ARGS...: py/vxip_link.py as the root of PID's user
# namespace, in its netns.
link_as() {
	local pid=$1
	shift
	nsenter -t "$pid" -U -n "$PYTHON" "$(dirname "$0")/py/vxip_link.py" \
		"$VXIP_SRC/uapi/linux/vxip.h" "$@"
}

t_changelink_underlay_perm() {
	local pid out
	local eperm="error EPERM: Port and local address need CAP_NET_ADMIN over the underlay netns"
	unshare -U -r -n sleep 60 &
	pid=$!
	echo "$pid" >> "$TMPDIR_TEST/pids"
	busywait_out 5000 != "$(readlink /proc/self/ns/user)" readlink "/proc/$pid/ns/user" ||
		fail "no user namespace"
	$IP link add vxu type vxip
	$IP link set vxu netns "$pid"
	expect_eq "ttl, as the user namespace's root" "$(link_as "$pid" set vxu ttl=7)" ok
	expect_eq "ttl changed" "$(link_as "$pid" show vxu | jq .ttl)" 7
	out=$(link_as "$pid" set vxu port=4790) && fail "port change accepted"
	expect_eq "port refused" "$out" "$eperm"
	out=$(link_as "$pid" set vxu local4=192.168.9.9) && fail "local change accepted"
	expect_eq "local refused" "$out" "$eperm"
	expect_eq "port unchanged" "$(link_as "$pid" show vxu | jq .port)" 4789
	kill "$pid"
	wait "$pid" 2> /dev/null || true
}

ktap_print_header
ktap_set_plan 7
run_test "netns: deleting a netns deletes its devices" t_delete_netns_with_device
run_test "netns: a moved device dies with its underlay netns" t_moved_device_dies_with_underlay
run_test "netns: device and underlay netns dying together" t_both_netns_die
run_test "netns: unrelated netns deletion leaves devices alone" t_unrelated_netns_deletion
run_test "netns: link-netns is the underlay: socket and traffic" t_link_netns
run_test "netns: a device made into another netns keeps the maker's underlay" t_netns_attr
run_test "netns: port and local need CAP_NET_ADMIN over the underlay" t_changelink_underlay_perm
ktap_finished
