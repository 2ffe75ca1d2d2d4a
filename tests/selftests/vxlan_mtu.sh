#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MTU and offloads, routed pods over VXLAN (and IP-in-IPv6 in
# t_underlay_pmtu_ipip6):
#
#   p1 10.1.0.2 -- n1 [vxip0 10.0.0.1] 192.168.1.1 -- r -- 192.168.2.1 [vxip0 10.0.0.2] n2 -- p2 10.2.0.2
#                                         fd01::1          fd02::1
#                                         mtu 1500 ----^---- mtu 1400
# Each node's vxip0 has both of the other's addresses as peers; its FDB
# entry for the other's MAC uses the IPv4 one but in t_underlay_pmtu6.
source "$(dirname "$0")/lib.sh"
require_cmd jq iperf3 ethtool

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup() {
	local i
	setup_ns N1 N2 R P1 P2 || return 1
	# IPv6 on the underlay only (t_underlay_pmtu6).
	for ns in "$P1" "$P2"; do
		ns_quiet "$ns"
	done
	$IP -n "$R" link add e1 type veth peer name eth0 netns "$N1"
	$IP -n "$R" link add e2 mtu 1400 type veth peer name eth0 mtu 1400 netns "$N2"
	$IP -n "$R" addr add 192.168.1.254/24 dev e1
	$IP -n "$R" addr add 192.168.2.254/24 dev e2
	$IP -n "$R" addr add fd01::254/64 dev e1 nodad
	$IP -n "$R" addr add fd02::254/64 dev e2 nodad
	$IP -n "$R" link set e1 up
	$IP -n "$R" link set e2 up
	$IP netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	for i in 1 2; do
		local n p other
		eval "n=\$N$i; p=\$P$i"
		other=$((3 - i))
		$IP -n "$n" addr add "192.168.$i.1/24" dev eth0
		$IP -n "$n" addr add "fd0$i::1/64" dev eth0 nodad
		$IP -n "$n" link set eth0 up
		$IP -n "$n" route add 192.168.0.0/16 via "192.168.$i.254"
		$IP -n "$n" route add fd00::/8 via "fd0$i::254"
		$IP netns exec "$n" sysctl -qw net.ipv4.ip_forward=1
		$IP -n "$n" link add vxip0 type vxip
		$VXIPCTL -n "$n" dev set vxip0 vni 42 local "192.168.$i.1" || return 1
		$IP -n "$n" addr add "10.0.0.$i/24" dev vxip0
		$IP -n "$n" link set vxip0 up
		$VXIPCTL -n "$n" peer add vxip0 "192.168.$other.1" || return 1
		$VXIPCTL -n "$n" peer add vxip0 "fd0$other::1" || return 1
		routed_pod_link "$n" "$p" "10.$i.0"
		$IP -n "$n" route add "10.$other.0.0/24" via "10.0.0.$other" dev vxip0
	done
	# Each node knows the other's overlay MAC and IP: no flooding needed.
	MAC1=$($IP -n "$N1" -j link show vxip0 | jq -r '.[0].address')
	MAC2=$($IP -n "$N2" -j link show vxip0 | jq -r '.[0].address')
	fdb_via add 4
}

# fdb_via add|replace 4|6: each node's FDB entry for the other's MAC,
# through the other's IPv4 or IPv6 address.
fdb_via() {
	local a1=192.168.1.1 a2=192.168.2.1
	[ "$2" = 4 ] || { a1=fd01::1; a2=fd02::1; }
	$VXIPCTL -n "$N1" fdb "$1" vxip0 "$MAC2" peer "$a2" ip 10.0.0.2 &&
		$VXIPCTL -n "$N2" fdb "$1" vxip0 "$MAC1" peer "$a1" ip 10.0.0.1
}

t_routed_ping() {
	$IP netns exec "$P1" ping -q -c 3 -i 0.2 -W 2 10.2.0.2 > /dev/null ||
		fail "p1 cannot reach p2"
}

# A DF packet bigger than the overlay MTU gets frag-needed with 1450.
t_frag_needed() {
	local out
	out=$($IP netns exec "$P1" ping -M do -s 1472 -c 2 -i 0.5 -W 2 10.2.0.2 2>&1) &&
		fail "1500-byte DF ping went through"
	echo "$out" | grep -qE "mtu ?= ?1450" || fail "no frag-needed with mtu 1450: $out"
	$IP -n "$P1" route get 10.2.0.2 | grep -q "mtu 1450" ||
		fail "p1's PMTU not updated: $($IP -n "$P1" route get 10.2.0.2)"
	$IP netns exec "$P1" ping -q -M do -s 1422 -c 2 -i 0.2 -W 2 10.2.0.2 > /dev/null ||
		fail "a 1450-byte DF ping does not fit"
	info "pod learned PMTU 1450 from frag-needed"
}

t_tcp() {
	pod_iperf 1 2 10.2.0.2
	info "TCP p1 -> p2: $IPERF_BYTES bytes in 2 s"
	pod_iperf 1 2 10.2.0.2 -R
	info "TCP p2 -> p1: $IPERF_BYTES bytes in 2 s"
}

# The underlay path MTU (1400 past r) reaches the pods through vxip:
# ICMP from r -> vxip's err_lookup -> route exception -> 1350 for pods.
t_underlay_pmtu() {
	local out
	$VXIPCTL -n "$N1" dev set vxip0 df set
	out=$($IP netns exec "$P1" ping -M do -s 1400 -c 4 -i 0.5 -W 1 10.2.0.2 2>&1) || true
	echo "$out" | grep -qE "mtu ?= ?1350" || fail "pods not told of the 1400 underlay: $out"
	$IP netns exec "$P1" ping -q -M do -s 1322 -c 2 -i 0.2 -W 2 10.2.0.2 > /dev/null ||
		fail "a 1350-byte DF ping does not fit"
	info "underlay PMTU 1400 reached the pod as 1350"
	$VXIPCTL -n "$N1" dev set vxip0 df unset
}

# The same over IPv6, with each node's MAC moved to its IPv6 address: r's
# Packet Too Big (1400) for fd02::1 lands in n1's route to that peer, and
# the pods are told 1330 (70 bytes of IPv6, UDP, VXLAN and Ethernet).  p1
# already has 1350 for p2 (t_underlay_pmtu): 1340 bytes fit that, and are
# too big for the IPv6 path.
t_underlay_pmtu6() {
	local out
	trap 'fdb_via replace 4' EXIT	# for the tests after this one, failed or not
	fdb_via replace 6
	pmtu6_told 1312 1330 VXLAN
}

# pmtu6_told SIZE TOLD WHAT: DF pings of SIZE from p1 to p2 cross r's
# 1400-byte link to fd02::1; p1 is told TOLD, n1's route to fd02::1 has
# PMTU 1400, and TOLD bytes pass over WHAT.
pmtu6_told() {
	local out
	out=$($IP netns exec "$P1" ping -M do -s "$1" -c 4 -i 0.5 -W 1 10.2.0.2 2>&1) || true
	echo "$out" | grep -qE "mtu ?= ?$2" || fail "pods not told $2 for the 1400 IPv6 underlay: $out"
	out=$($IP -n "$N1" -6 route get fd02::1)
	echo "$out" | grep -q " mtu 1400" || fail "n1's route to fd02::1 has no PMTU 1400: $out"
	$IP netns exec "$P1" ping -q -M do -s $(($2 - 28)) -c 2 -i 0.2 -W 2 10.2.0.2 > /dev/null ||
		fail "a $2-byte DF ping over $3 does not fit"
	info "IPv6 underlay PMTU 1400 reached the pod as $2 over $3"
}

# ipip6_routes add|del: each node's pods reached by an IP-in-IPv6 route to
# the other's IPv6 address, onlink (vxip answers ARP for them), in place
# of the L2 path through 10.0.0.I.
ipip6_routes() {
	local i other
	for i in 1 2; do
		other=$((3 - i))
		if [ "$1" = add ]; then
			$VXIPCTL -n "$(eval echo "\$N$i")" route add vxip0 "10.$other.0.0/24" \
				peer "fd0$other::1" encap ipip &&
				$IP -n "$(eval echo "\$N$i")" route replace "10.$other.0.0/24" dev vxip0 ||
				return 1
		else
			$IP -n "$(eval echo "\$N$i")" route replace "10.$other.0.0/24" \
				via "10.0.0.$other" dev vxip0
			$VXIPCTL -n "$(eval echo "\$N$i")" route del vxip0 "10.$other.0.0/24"
		fi
	done
}

# The same for IP-in-IPv6: with n1's learned PMTU to fd02::1 forgotten,
# r's Packet Too Big about an IP-in-IPv6 packet reaches vxip's tunnel6
# error handler, lands in n1's route to that peer, and the pods are told
# 1360 (40 bytes of IPv6).
t_underlay_pmtu_ipip6() {
	trap 'ipip6_routes del' EXIT
	ipip6_routes add || fail "no IP-in-IPv6 routes"
	$IP -n "$P1" route flush cache
	$IP -n "$N1" -6 route flush cache
	$IP -n "$N1" -6 route get fd02::1 | grep -q " mtu 1400" &&
		fail "n1 still has PMTU 1400 for fd02::1"
	pmtu6_told 1372 1360 IP-in-IPv6
}

# TCP through vxip with checksum offload off and on, both ends.
t_csum_offload() {
	local mode b
	for mode in off on; do
		$IP netns exec "$N1" ethtool -K vxip0 tx "$mode" > /dev/null
		$IP netns exec "$N2" ethtool -K vxip0 tx "$mode" > /dev/null
		pod_iperf 1 2 10.2.0.2
		b=$IPERF_BYTES
		pod_iperf 1 2 10.2.0.2 -R
		info "tx checksum offload $mode: $b bytes p1 -> p2, $IPERF_BYTES back, in 2 s each"
	done
}

ktap_print_header
setup_or_bail
ktap_set_plan 7
run_test "mtu: routed pods reach each other over VXLAN" t_routed_ping
run_test "mtu: DF traffic above 1450 gets frag-needed, PMTU adapts" t_frag_needed
run_test "mtu: TCP both ways" t_tcp
run_test "mtu: the underlay's PMTU reaches the pods" t_underlay_pmtu
run_test "mtu: an IPv6 underlay's Packet Too Big reaches the pods" t_underlay_pmtu6
run_test "mtu: the same over IP-in-IPv6" t_underlay_pmtu_ipip6
run_test "mtu: TCP with TX checksum offload off and on" t_csum_offload
ktap_finished
