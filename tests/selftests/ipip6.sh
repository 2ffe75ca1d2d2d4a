#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IP-in-IPv6 (RFC 2473) against Linux's ip6tnl, and IPIP peers of both
# underlay families in one vxip device.
#
#   p1 10.244.1.2 fd01:1::2 -- n1 [vxip0]  fd00::1 192.168.0.1 \
#   p2 10.244.2.2 fd01:2::2 -- n2 [t6]     fd00::2              +-- lan bridge
#   p3 10.244.3.2           -- n3 [vxip0]          192.168.0.3 /
#
# n1 reaches n2 in IPv4-in-IPv6 and IPv6-in-IPv6 (proto 4 and 41 over
# IPv6), and n3 in IPv4-in-IPv4.  n2's t6 is an ip6tnl device in mode any
# with its default encapsulation limit: what it sends carries a
# destination options header before the inner packet.  n1 also has an
# ip6tnl device of its own, to n3 (no vxip peer there): that traffic is
# not vxip's and must reach it.
source "$(dirname "$0")/lib.sh"
require_cmd jq iperf3 tcpdump
require_scapy

cleanup() { lib_cleanup; }
trap cleanup EXIT

# v6_on NS...: IPv6 on (ns_quiet turned it off), forwarding too.
v6_on() {
	local ns
	for ns in "$@"; do
		$IP netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
			net.ipv6.conf.default.disable_ipv6=0 \
			net.ipv6.conf.all.forwarding=1 || return 1
	done
}

# pod I [V6]: a routed pod behind node I, 10.244.I.2 (and fd01:I::2).
pod() {
	local i=$1 n p
	eval "n=\$N$i"
	setup_ns "P$i" || return 1
	eval "p=\$P$i"
	ns_quiet "$p"
	routed_pod_link "$n" "$p" "10.244.$i" || return 1
	[ -n "${2:-}" ] || return 0
	v6_on "$p" &&
		$IP -n "$p" addr add "fd01:$i::2/64" dev eth0 nodad &&
		$IP -n "$n" addr add "fd01:$i::1/64" dev pod nodad &&
		$IP -n "$p" -6 route add default via "fd01:$i::1"
}

setup() {
	topo_lan && topo_node 1 && topo_node 2 && topo_node 3 || return 1
	v6_on "$N1" "$N2" "$N3" || return 1
	$IP -n "$N1" addr add fd00::1/64 dev eth0 nodad &&
		$IP -n "$N2" addr add fd00::2/64 dev eth0 nodad &&
		$IP -n "$N3" addr add fd00::3/64 dev eth0 nodad || return 1
	pod 1 v6 && pod 2 v6 && pod 3 || return 1

	$IP -n "$N1" link add vxip0 type vxip
	$IP -n "$N1" link set vxip0 up
	$IP -n "$N1" route add 10.244.0.0/16 dev vxip0
	$IP -n "$N1" -6 route add fd01::/16 dev vxip0
	$VXIPCTL -n "$N1" peer add vxip0 fd00::2 encap ipip &&
		$VXIPCTL -n "$N1" route add vxip0 10.244.2.0/24 peer fd00::2 &&
		$VXIPCTL -n "$N1" route add vxip0 fd01:2::/64 peer fd00::2 &&
		$VXIPCTL -n "$N1" peer add vxip0 192.168.0.3 encap ipip &&
		$VXIPCTL -n "$N1" route add vxip0 10.244.3.0/24 peer 192.168.0.3 || return 1

	$IP -n "$N2" link add t6 type ip6tnl mode any local fd00::2 remote fd00::1 &&
		$IP -n "$N2" link set t6 up &&
		$IP -n "$N2" route add 10.244.1.0/24 dev t6 &&
		$IP -n "$N2" -6 route add fd01:1::/64 dev t6 || return 1

	$IP -n "$N3" link add vxip0 type vxip
	$IP -n "$N3" link set vxip0 up
	$IP -n "$N3" route add 10.244.1.0/24 dev vxip0
	$VXIPCTL -n "$N3" peer add vxip0 192.168.0.1 encap ipip &&
		$VXIPCTL -n "$N3" route add vxip0 10.244.1.0/24 peer 192.168.0.1
}

ping_pod() {	# ping_pod FROM TO-ADDR [ARGS]
	local from
	eval "from=\$P$1"
	$IP netns exec "$from" ping -q -c 3 -i 0.2 -W 2 "${@:3}" "$2" \
		> "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "pod $1 cannot ping $2"; }
}

t_ping() {
	ping_pod 1 10.244.2.2
	ping_pod 2 10.244.1.2
	ping_pod 1 fd01:2::2
	ping_pod 2 fd01:1::2
}

# What n1 sends: an outer IPv6 header straight to the inner one (no
# encapsulation limit option), with a flow label; what ip6tnl sends back
# has its destination options header first.
t_wire() {
	local f=$TMPDIR_TEST/wire.pcap out
	capture "$N1" "$f" "ip6" -- ping_pod 1 10.244.2.2
	out=$(tcpdump -r "$f" -nn -v 2> /dev/null)
	echo "$out" | head -n 8
	tcpdump -r "$f" -nn 2> /dev/null |
		grep -q "IP6 fd00::1 > fd00::2: IP 10.244.1.2 > 10.244.2.2: ICMP echo request" ||
		fail "no IPv4-in-IPv6 echo request from n1"
	[ "$(pcount "$f" "src host fd00::1 and ip6[6] = 4 and ip6[0:4] & 0xfffff != 0")" -ge 3 ] ||
		fail "n1's IPv4-in-IPv6 packets carry no flow label"
	[ "$(pcount "$f" "src host fd00::2 and ip6[6] = 60")" -ge 3 ] ||
		fail "ip6tnl's replies came without a destination options header"
	capture "$N1" "$f" "ip6" -- ping_pod 1 fd01:2::2
	tcpdump -r "$f" -nn 2> /dev/null |
		grep -q "IP6 fd00::1 > fd00::2: IP6 fd01:1::2 > fd01:2::2: ICMP6, echo request" ||
		fail "no IPv6-in-IPv6 echo request from n1"
}

# TCP both ways in both inner families: GSO (SKB_GSO_IPXIP6) on the way
# out, and what ip6tnl's GSO sends on the way in.
t_iperf() {
	pod_iperf 1 2 10.244.2.2
	info "TCP vxip -> ip6tnl, IPv4 in IPv6: $IPERF_BYTES bytes in 2 s"
	pod_iperf 2 1 10.244.1.2
	info "TCP ip6tnl -> vxip, IPv4 in IPv6: $IPERF_BYTES bytes in 2 s"
	pod_iperf 1 2 fd01:2::2
	info "TCP vxip -> ip6tnl, IPv6 in IPv6: $IPERF_BYTES bytes in 2 s"
	pod_iperf 2 1 fd01:1::2
	info "TCP ip6tnl -> vxip, IPv6 in IPv6: $IPERF_BYTES bytes in 2 s"
}

# One device, an IPv6 and an IPv4 IPIP peer: each pod reaches its own,
# and each peer counts only its own packets.
t_mixed() {
	local tx6 rx6 tx4 rx4
	tx6=$(peer_stat "$N1" fd00::2 tx_packets) rx6=$(peer_stat "$N1" fd00::2 rx_packets)
	tx4=$(peer_stat "$N1" 192.168.0.3 tx_packets) rx4=$(peer_stat "$N1" 192.168.0.3 rx_packets)
	ping_pod 1 10.244.3.2 -c 5
	ping_pod 1 10.244.2.2 -c 3
	expect_eq "fd00::2 tx" $(( $(peer_stat "$N1" fd00::2 tx_packets) - tx6 )) 3
	expect_eq "fd00::2 rx" $(( $(peer_stat "$N1" fd00::2 rx_packets) - rx6 )) 3
	expect_eq "192.168.0.3 tx" $(( $(peer_stat "$N1" 192.168.0.3 tx_packets) - tx4 )) 5
	expect_eq "192.168.0.3 rx" $(( $(peer_stat "$N1" 192.168.0.3 rx_packets) - rx4 )) 5
}

# IP-in-IPv6 from an address that is no vxip peer goes on to ip6tnl: n1
# and n3 talk through ip6tnl devices of their own.
t_coexist() {
	$IP -n "$N1" link add t3 type ip6tnl mode ip6ip6 local fd00::1 remote fd00::3 &&
		$IP -n "$N3" link add t1 type ip6tnl mode ip6ip6 local fd00::3 remote fd00::1 &&
		$IP -n "$N1" addr add fd02::1/64 dev t3 nodad &&
		$IP -n "$N3" addr add fd02::3/64 dev t1 nodad &&
		$IP -n "$N1" link set t3 up && $IP -n "$N3" link set t1 up ||
		fail "no ip6tnl devices on n1 and n3"
	$IP netns exec "$N1" ping -q -c 3 -i 0.2 -W 2 fd02::3 > "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "n1 cannot ping n3 over ip6tnl beside vxip"; }
	# At least the 3 replies (IPv6 on t3 may add router solicitations).
	[ "$(link_rx "$N1" t3)" -ge 3 ] || fail "n1's ip6tnl t3 received $(link_rx "$N1" t3) packets, want >= 3"
	ping_pod 1 fd01:2::2
}

# Strict mode (the default) for an IPv6 peer: an inner source outside the
# peer's prefixes is dropped and counted; its own pass.
t_strict() {
	local sp
	$IP -n "$N2" addr add 10.244.9.2/32 dev t6
	sp=$(vxip_stat "$N1" rx_drop_spoofed)
	$IP netns exec "$N2" ping -q -c 2 -i 0.2 -W 1 -I 10.244.9.2 10.244.1.2 > /dev/null 2>&1 &&
		fail "a ping from outside n2's prefixes was answered"
	expect_eq "spoofed inner sources dropped" $(( $(vxip_stat "$N1" rx_drop_spoofed) - sp )) 2
	ping_pod 2 10.244.1.2
}

# With the device MTU at the underlay's 1500, a full-sized packet with DF
# is too big for either peer: the device answers frag-needed with the MTU
# left after that peer's encap, 40 bytes for IP-in-IPv6 and 20 for IPIP.
t_pmtu() {
	local out
	$IP -n "$P1" route flush cache
	$IP -n "$N1" link set vxip0 mtu 1500
	out=$($IP netns exec "$P1" ping -M do -s 1472 -c 2 -i 0.5 -W 2 10.244.2.2 2>&1) &&
		fail "1500-byte DF ping over IP-in-IPv6 went through"
	echo "$out" | grep -qE "mtu ?= ?1460" || fail "IP-in-IPv6: no frag-needed with 1460: $out"
	out=$($IP netns exec "$P1" ping -M do -s 1472 -c 2 -i 0.5 -W 2 10.244.3.2 2>&1) &&
		fail "1500-byte DF ping over IPIP went through"
	echo "$out" | grep -qE "mtu ?= ?1480" || fail "IPIP: no frag-needed with 1480: $out"
	$IP -n "$N1" link set vxip0 mtu 1450
	$IP -n "$P1" route flush cache
}

# Malformed IP-in-IPv6 from the IPv6 peer, counted as over IPv4 (ipip.sh
# t_spoof_and_malformed).
t_malformed() {
	ipip_malformed "$N1" "$N2" fd00::2 fd00::1
	ping_pod 2 10.244.1.2
}

ktap_print_header
setup_or_bail
ktap_set_plan 8
run_test "ipip6: ping both ways, IPv4 and IPv6 in IPv6, with ip6tnl" t_ping
run_test "ipip6: on the wire: proto 4 and 41 over IPv6, flow label; ip6tnl's dest options read" t_wire
run_test "ipip6: TCP both ways, both inner families, with ip6tnl" t_iperf
run_test "ipip6: an IPv6 and an IPv4 IPIP peer in one device, counted apart" t_mixed
run_test "ipip6: IP-in-IPv6 from a non-peer reaches ip6tnl" t_coexist
run_test "ipip6: frag-needed per peer: 40 bytes for IP-in-IPv6, 20 for IPIP" t_pmtu
run_test "ipip6: strict mode drops an IPv6 peer's spoofed inner source, counted" t_strict
run_test "ipip6: malformed IP-in-IPv6 from a peer dropped, counted" t_malformed
ktap_finished
