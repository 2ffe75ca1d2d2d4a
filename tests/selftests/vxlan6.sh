#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VXLAN over an IPv6 underlay, against Linux's vxlan; and an IPv4 and an
# IPv6 peer side by side in one vxip device, which a Linux vxlan device
# (pinned to one underlay family) cannot do.
#
#   p1 -- n1 [vxip]   \   192.168.0.0/24 and fd00::/64
#   p2 -- n2 [vxlan]   +-- lan bridge        n2: local fd00::2 (IPv6)
#   p3 -- n3 [vxlan]  /   VNI 42, UDP 4789   n3: local 192.168.0.3
source "$(dirname "$0")/lib.sh"
require_cmd jq iperf3 tcpdump ethtool

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup() {
	local i ns
	topo_lan && topo_node 1 && topo_node 2 && topo_node 3 || return 1
	for i in 1 2 3; do
		eval "ns=\$N$i"
		# ns_quiet turned IPv6 off; the underlay link needs it.
		$IP netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 &&
			$IP -n "$ns" addr add "fd00::$i/64" dev eth0 nodad || return 1
	done
	# VXLAN over IPv6 costs 70 bytes: 1430 on a 1500-byte underlay, as
	# Linux vxlan's default over IPv6; n3's pod (IPv4 only) keeps 1450.
	topo_vxip 1 42 && $VXIPCTL -n "$N1" dev set vxip0 local fd00::1 || return 1
	$IP -n "$N1" link set vxip0 mtu 1430 && $IP -n "$P1" link set eth0 mtu 1430 &&
		$IP -n "$N1" link set p1 mtu 1430 || return 1
	vxlan6_node 2 && topo_pod 2 1430 && topo_vxlan 3 42 && vxlan_peers 3 1 || return 1
	$VXIPCTL -n "$N1" peer add vxip0 fd00::2 &&
		$VXIPCTL -n "$N1" flood add vxip0 peer fd00::2 &&
		vxip_peers 1 3
}

# vxlan6_node I [ARGS]: node I's Linux vxlan device over IPv6 (local
# fd00::I), flooding to n1, with ARGS (made again if there: udp6zerocsum*
# cannot change in place).
vxlan6_node() {
	local ns
	eval "ns=\$N$1"
	$IP -n "$ns" link del vxlan0 2> /dev/null || true
	$IP -n "$ns" link add vxlan0 type vxlan id 42 dstport 4789 local "fd00::$1" \
		nolearning "${@:2}" &&
		$IP -n "$ns" link set vxlan0 master br0 up &&
		$BRIDGE -n "$ns" fdb append 00:00:00:00:00:00 dev vxlan0 dst fd00::1
}

# iperf CLIENT SERVER [ARGS]: a 2 s TCP stream between bridged pods.
iperf() {
	pod_iperf "$1" "$2" "10.244.0.$2" "${@:3}"
}

t_ping6() {
	pod_ping 1 2
	pod_ping 2 1
}

t_iperf6() {
	iperf 1 2
	info "TCP vxip -> Linux vxlan over IPv6: $IPERF_BYTES bytes in 2 s"
	iperf 1 2 -R
	info "TCP Linux vxlan -> vxip over IPv6: $IPERF_BYTES bytes in 2 s"
	# The same over IPv4, from the same device: a reference, not a test.
	iperf 1 3
	info "TCP vxip -> Linux vxlan over IPv4, for comparison: $IPERF_BYTES bytes in 2 s"
}

# The header on the wire: IPv6, UDP to 4789 with a checksum that holds
# (RFC 6935: zero only where both ends agree), the I flag and VNI 42, the
# inner packet intact, and a flow label.
t_wire6() {
	local out
	# Software checksums on the underlay, so the capture shows final values.
	$IP netns exec "$N1" ethtool -K eth0 tx off > /dev/null
	capture "$N1" "$TMPDIR_TEST/v6.pcap" "ip6 and udp dst port 4789 and src host fd00::1" -- \
		pod_ping 1 2 2
	$IP netns exec "$N1" ethtool -K eth0 tx on > /dev/null
	out=$(tcpdump -r "$TMPDIR_TEST/v6.pcap" -nn -vv 2> /dev/null)
	echo "$out" | head -n 4
	echo "$out" | grep -q "fd00::1\.[0-9]* > fd00::2\.4789: \[udp sum ok\] VXLAN, flags \[I\] (0x08), vni 42" ||
		fail "no VXLAN over IPv6 with a valid UDP checksum, the I flag and VNI 42"
	echo "$out" | grep -q "10.244.0.1 > 10.244.0.2: ICMP echo request" ||
		fail "inner packet not found"
	echo "$out" | grep -q "flowlabel 0x[0-9a-f]*[1-9a-f][0-9a-f]*," ||
		fail "no flow label"
}

# Flows are told apart in the underlay by the flow label as by the UDP
# source port: 5 TCP flows, 4 labels or more.
t_flowlabel() {
	local labels
	capture "$N1" "$TMPDIR_TEST/fl.pcap" "ip6 and udp dst port 4789 and src host fd00::1" -- \
		iperf 1 2 -P 4
	labels=$(tcpdump -r "$TMPDIR_TEST/fl.pcap" -nn -v 2> /dev/null |
		grep -o 'flowlabel 0x[0-9a-f]*' | sort -u | wc -l)
	info "distinct flow labels for 5 TCP flows: $labels"
	[ "$labels" -ge 4 ] || fail "only $labels flow labels for 5 inner flows"
}

# csum6_seen FROM TO: pod FROM pings pod TO; ZERO and NONZERO count the
# VXLAN packets over IPv6 from node FROM's address that n1 sent or
# received meanwhile, by UDP checksum (ip6[46:2]: UDP right after IPv6).
# A command, not $(...): the ping and the capture may fail the test.
csum6_seen() {
	local f=$TMPDIR_TEST/cs6.pcap
	capture "$N1" "$f" "ip6 and udp dst port 4789 and src host fd00::$1" -- pod_ping "$1" "$2" 2
	ZERO=$(tcpdump -r "$f" -nn 'ip6[46:2] = 0' 2> /dev/null | wc -l)
	NONZERO=$(tcpdump -r "$f" -nn 'ip6[46:2] != 0' 2> /dev/null | wc -l)
}

# RFC 6935/6936 against Linux vxlan: checksums by default; zero ones from
# udp6zerocsumtx dropped and counted until udp6-zero-csum-rx is on; sent
# with udp6-zero-csum-tx.
t_zero_csum6() {
	local d
	csum6_seen 1 2
	[ "$ZERO" = 0 ] && [ "$NONZERO" -ge 2 ] ||
		fail "by default: $ZERO packets with a zero checksum, $NONZERO with one"
	vxlan6_node 2 udp6zerocsumtx udp6zerocsumrx || fail "n2: no vxlan with udp6zerocsumtx/rx"
	d=$(vxip_stat "$N1" rx_drop_zero_csum)
	! $IP netns exec "$P2" ping -q -c 3 -i 0.2 -W 1 10.244.0.1 > /dev/null 2>&1 ||
		fail "zero checksums accepted with udp6-zero-csum-rx off"
	[ "$(vxip_stat "$N1" rx_drop_zero_csum)" -gt "$d" ] ||
		fail "rx_drop_zero_csum did not move from $d"
	$VXIPCTL -n "$N1" dev set vxip0 udp6-zero-csum-rx on
	csum6_seen 2 1
	[ "$ZERO" -ge 2 ] && [ "$NONZERO" = 0 ] ||
		fail "from Linux vxlan with udp6zerocsumtx: $ZERO packets with a zero checksum, $NONZERO with one"
	$VXIPCTL -n "$N1" dev set vxip0 udp6-zero-csum-tx on
	csum6_seen 1 2
	[ "$ZERO" -ge 2 ] && [ "$NONZERO" = 0 ] ||
		fail "udp6-zero-csum-tx on: $ZERO packets with a zero checksum, $NONZERO with one"
	$VXIPCTL -n "$N1" dev set vxip0 udp6-zero-csum-tx off udp6-zero-csum-rx off
	vxlan6_node 2 || fail "n2: no vxlan with the defaults again"
	pod_ping 1 2
}

# One device, one peer over IPv4 (n3) and one over IPv6 (n2): the pods
# behind both answer, and each peer's counters count its own traffic.  FDB
# entries for the two pods, so that unicast is not flooded, and the pods'
# neighbours permanent, so that ARP stays out of the counts (a probe from
# pod 2, answered by pod 1, is a packet to fd00::2; both were seen); still
# "fewer than 5" where no packet is expected, as the kernel may send one.
t_mixed() {
	local tx2 tx3 i pod
	for i in 2 3; do
		$VXIPCTL -n "$N1" fdb add vxip0 "$(pod_mac $i)" peer "$([ $i = 2 ] &&
			echo fd00::2 || echo 192.168.0.3)"
		$IP -n "$P1" neigh replace "10.244.0.$i" lladdr "$(pod_mac $i)" dev eth0 \
			nud permanent
		eval "pod=\$P$i"
		$IP -n "$pod" neigh replace 10.244.0.1 lladdr "$(pod_mac 1)" dev eth0 \
			nud permanent
	done
	pod_ping 1 3
	pod_ping 3 1
	pod_ping 1 2
	tx2=$(peer_stat "$N1" fd00::2 tx_packets)
	tx3=$(peer_stat "$N1" 192.168.0.3 tx_packets)
	pod_ping 1 3 5
	[ "$(peer_stat "$N1" fd00::2 tx_packets)" -lt $((tx2 + 5)) ] ||
		fail "fd00::2's tx counted the 5 echo requests to n3's pod"
	[ "$(peer_stat "$N1" 192.168.0.3 tx_packets)" -ge $((tx3 + 5)) ] ||
		fail "192.168.0.3's tx did not count the 5 echo requests"
	tx3=$(peer_stat "$N1" 192.168.0.3 tx_packets)
	pod_ping 1 2 5
	[ "$(peer_stat "$N1" fd00::2 tx_packets)" -ge $((tx2 + 5)) ] ||
		fail "fd00::2's tx did not count the 5 echo requests"
	[ "$(peer_stat "$N1" 192.168.0.3 tx_packets)" -lt $((tx3 + 5)) ] ||
		fail "192.168.0.3's tx counted the 5 echo requests to n2's pod"
	[ "$(peer_stat "$N1" fd00::2 rx_packets)" -ge 5 ] ||
		fail "fd00::2's rx did not count the echo replies"
	expect_eq "peers, as vxipctl prints them" \
		"$($VXIPCTL -n "$N1" -j peer show vxip0 | jq -r '[.[].addr] | sort | join(" ")')" \
		"192.168.0.3 fd00::2"
	expect_eq "local addresses" \
		"$($VXIPCTL -n "$N1" -j dev show vxip0 | jq -r '.[0] | "\(.local) \(.local6)"')" \
		"192.168.0.1 fd00::1"
}

# Outer GRO on the IPv6 socket, with the nodes' links as NICs
# (wire_like): TCP from Linux vxlan over IPv6 reaches n1's vxip socket
# merged at the outer UDP layer (udp6_gro_receive, then vxip's hooks;
# rx_merged: MTU 1430 and the Ethernet header, 1444 bytes, is the largest
# unmerged frame).  Without GRO on the IPv6 socket, one packet each.
gro_flow6() {
	iperf 2 1
	info "TCP Linux vxlan -> vxip over IPv6, outer GRO: $IPERF_BYTES bytes in 2 s"
}

t_outer_gro6() {
	local i
	# Back to veth's defaults however the test ends.
	trap 'wire_default 1 2' EXIT
	for i in 1 2; do
		wire_like "$i" on || fail "n$i's link: no NIC-like offloads"
	done
	rx_merged 1444 gro_flow6
}

# Learning from an IPv6 peer as from an IPv4 one: with pod 2's entry gone,
# n1 floods to fd00::2 and learns pod 2's MAC behind fd00::2 from the
# reply; the entry is the learned owner's, and unicast then goes by it.
t_learning6() {
	local tx
	$VXIPCTL -n "$N1" fdb del vxip0 "$(pod_mac 2)" 2> /dev/null || true
	$VXIPCTL -n "$N1" dev set vxip0 learning on
	pod_ping 1 2 2
	expect_eq "pod 2's MAC learned behind" "$($VXIPCTL -n "$N1" -j fdb show vxip0 owner learned |
		jq -r --arg m "$(pod_mac 2)" '.[] | select(.mac == $m) | .peer')" fd00::2
	tx=$(vxip_stat "$N1" flood_tx)
	pod_ping 1 2 3
	expect_eq "frames flooded once learned" "$(( $(vxip_stat "$N1" flood_tx) - tx ))" 0
	$VXIPCTL -n "$N1" dev set vxip0 learning off
	$VXIPCTL -n "$N1" flush vxip0 fdb owner learned
}

# IPv6 addresses that can be no peer's, or no local address, are refused
# with one message each; nothing changes.
t_refusals6() {
	ctl_refused "$N1" "vxipctl: peer add: Peer address must be a global unicast IPv6 address (attribute peer.addr6)" \
		peer add vxip0 ff02::1
	ctl_refused "$N1" "vxipctl: peer add: Peer address must be a global unicast IPv6 address (attribute peer.addr6)" \
		peer add vxip0 ::ffff:192.168.0.9
	ctl_refused "$N1" "vxipctl: dev set: Local IPv6 address must be a global unicast address, or :: for automatic (attribute dev.local6)" \
		dev set vxip0 local fe80::1
	expect_eq "peers" "$($VXIPCTL -n "$N1" peer show vxip0 | grep -c '^[0-9a-f]')" 2
}

# Strict mode over IPv6 as over IPv4: VXLAN from an IPv6 address that is
# no peer (n4, a Linux vxlan at fd00::4 flooding to n1) is dropped and
# counted, and taken once fd00::4 is a peer.
t_strict6() {
	local d rx
	topo_node 4 && topo_pod 4 1430 || fail "no n4"
	$IP netns exec "$N4" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
	$IP -n "$N4" addr add fd00::4/64 dev eth0 nodad
	vxlan6_node 4 || fail "n4: no vxlan"
	d=$(vxip_stat "$N1" rx_drop_unknown_source)
	rx=$(dev_stat "$N1" vxip0 rx.packets)
	# p4's ARP requests, flooded to n1 (no answer can come back: n1 does
	# not flood to fd00::4).  The other pods are quiet meanwhile.
	$IP netns exec "$P4" ping -q -c 2 -W 1 10.244.0.1 > /dev/null 2>&1 || true
	[ "$(vxip_stat "$N1" rx_drop_unknown_source)" -gt "$d" ] ||
		fail "rx_drop_unknown_source did not move from $d"
	expect_eq "frames vxip0 received from fd00::4, no peer" \
		$(( $(dev_stat "$N1" vxip0 rx.packets) - rx )) 0
	$VXIPCTL -n "$N1" peer add vxip0 fd00::4
	$VXIPCTL -n "$N1" flood add vxip0 peer fd00::4
	# p4's entry for p1 may still be resolving, its probes spent: the
	# pings below would wait on it and fail with it.  A new one.
	$IP -n "$P4" neigh flush all
	pod_ping 4 1
	$VXIPCTL -n "$N1" flood del vxip0 peer fd00::4
	$VXIPCTL -n "$N1" peer del vxip0 fd00::4
}

ktap_print_header
setup_or_bail
ktap_set_plan 10
run_test "vxlan6: vxip <-> Linux vxlan over IPv6, ping both ways" t_ping6
run_test "vxlan6: iperf3 TCP vxip <-> Linux vxlan over IPv6, both ways" t_iperf6
run_test "vxlan6: IPv6, UDP checksum, VXLAN header and flow label on the wire" t_wire6
run_test "vxlan6: flow labels from the inner flows" t_flowlabel
run_test "vxlan6: zero UDP checksums (RFC 6935/6936), sent and accepted by choice" t_zero_csum6
run_test "vxlan6: an IPv4 and an IPv6 peer in one device, counted apart" t_mixed
run_test "vxlan6: outer UDP GRO on the IPv6 socket, TCP from Linux vxlan merged" t_outer_gro6
run_test "vxlan6: learning: a MAC learned behind an IPv6 peer" t_learning6
run_test "vxlan6: non-unicast IPv6 addresses refused" t_refusals6
run_test "vxlan6: strict mode: VXLAN from an IPv6 address that is no peer dropped" t_strict6
ktap_finished
