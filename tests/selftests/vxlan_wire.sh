#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The settings an operator sets, as they show on the wire and in counters:
# outer TTL and TOS (set and inherited), ECN both ways (RFC 6040), the
# source port range, a peer's own port, a route's own L3 VNI, IPv6
# prefixes over VXLAN routes, dynamic FDB entries ageing, the miss rate
# limit as "monitor -j" sees it, and "-n PATH".  Stock kernel only: these
# are formats and counters, which the debug kernel's checkers add nothing
# to (tests/selftests/run.sh).
#
#   n1 [vxip0 10.244.0.1] eth0 192.168.0.1 ---- eth0 192.168.0.2 [vxlan0 10.244.0.2] r2
source "$(dirname "$0")/lib.sh"
require_cmd jq tcpdump ethtool nstat
require_scapy

cleanup() {
	[ -n "${MON_PID:-}" ] && kill "$MON_PID" 2> /dev/null
	lib_cleanup
}
trap cleanup EXIT

OUT="udp dst port 4789 and src host 192.168.0.1"

setup() {
	topo_pair
}

# send_r2 [ARGS]: 2 pings from n1 over the overlay, answered or not (r2
# answers none but for its own address).
send_r2() {
	$IP netns exec "$N1" ping -q -c 2 -i 0.2 -W 1 "$@" > /dev/null 2>&1 || true
}

# outer FILTER [PING ARGS]: echo requests (udp[39] = 1: ICMP inside; udp[50]
# = 8: echo request) n1 sends to r2 while pinging with ARGS, and how many
# of them FILTER (on the outer header) also matches: "ALL MATCHING".
outer() {
	local f=$TMPDIR_TEST/outer.pcap req="$OUT and udp[39] = 1 and udp[50] = 8" _
	for _ in 1 2; do	# tcpdump is slow to start under TCG: a second go
		capture "$N1" "$f" "$OUT" -- send_r2 "${@:2}" 10.244.0.2
		[ "$(pcount "$f" "$req")" -gt 0 ] && break
	done
	echo "$(pcount "$f" "$req") $(pcount "$f" "$req and $1")"
}

# expect_outer WHAT FILTER [PING ARGS]: every echo request matches FILTER.
expect_outer() {
	local all match
	read -r all match <<< "$(outer "$2" "${@:3}")"
	[ "$all" -ge 2 ] || fail "$1: only $all echo requests captured"
	expect_eq "$1: echo requests matching '$2' of $all" "$match" "$all"
}

t_ttl_tos() {
	$VXIPCTL -n "$N1" dev set vxip0 ttl 9 tos 0x28
	expect_outer "ttl 9 tos 0x28" "ip[8] = 9 and ip[1] = 0x28"
	# ECN is copied from the inner packet whatever the TOS setting.
	expect_outer "tos 0x28, inner ECT(0)" "ip[1] = 0x2a" -Q 0x02
	$VXIPCTL -n "$N1" dev set vxip0 ttl inherit tos inherit
	expect_outer "ttl and tos inherit" "ip[8] = 33 and ip[1] = 0x48" -t 33 -Q 0x48
	$VXIPCTL -n "$N1" dev set vxip0 ttl auto tos 0
	expect_outer "ttl auto: the route's (64), tos 0" "ip[8] = 64 and ip[1] = 0"
}

# scapy_vxlan TOS INNER_TOS N: r2 sends n1 N VXLAN packets (VNI 42) with
# outer TOS and an inner ICMP echo request with INNER_TOS.
scapy_vxlan() {
	$IP netns exec "$R2" "$PYTHON" - "$1" "$2" "$3" "$N1_MAC" "$R2_MAC" <<- 'EOF'
	import sys
	from scapy.config import conf
	from scapy.layers.inet import IP, UDP, ICMP
	from scapy.layers.l2 import Ether
	from scapy.layers.vxlan import VXLAN
	from scapy.sendrecv import send
	conf.verb = 0
	tos, itos, n, dst, src = int(sys.argv[1], 0), int(sys.argv[2], 0), int(sys.argv[3]), sys.argv[4], sys.argv[5]
	inner = Ether(dst=dst, src=src) / IP(src="10.244.0.2", dst="10.244.0.1", tos=itos) / ICMP()
	send(IP(src="192.168.0.2", dst="192.168.0.1", tos=tos) / UDP(sport=40000, dport=4789) /
	     VXLAN(flags=0x08, vni=42) / inner, count=n)
	EOF
}

# in_ce: IP packets n1 received with CE (IpExtInCEPkts).
in_ce() {
	$IP netns exec "$N1" nstat -az IpExtInCEPkts | awk '$1 == "IpExtInCEPkts" { print $2 }'
}

# RFC 6040 on decap: outer CE marks an ECN-capable inner packet CE, and
# drops a not-ECT one (counted: rx_drop_ecn).
t_ecn_decap() {
	local ce drops
	N1_MAC=$($IP -n "$N1" -j link show vxip0 | jq -r '.[0].address')
	R2_MAC=$($IP -n "$R2" -j link show vxlan0 | jq -r '.[0].address')
	ce=$(in_ce)
	drops=$(vxip_stat "$N1" rx_drop_ecn)
	# n1's IP layer counts the outer packets and the inner ones it gets.
	scapy_vxlan 0x03 0x02 3
	sleep 0.5
	expect_eq "CE packets: 3 outer, 3 inner marked CE" $(( $(in_ce) - ce )) 6
	scapy_vxlan 0x03 0x00 3
	sleep 0.5
	expect_eq "not-ECT inner packets under outer CE dropped" \
		$(( $(vxip_stat "$N1" rx_drop_ecn) - drops )) 3
	expect_eq "CE packets: 3 more outer, no inner" $(( $(in_ce) - ce )) 9
	# Outer ECT(0) over a not-ECT inner packet: delivered, unmarked.
	scapy_vxlan 0x02 0x00 3
	sleep 0.5
	expect_eq "no more drops for outer ECT(0)" $(( $(vxip_stat "$N1" rx_drop_ecn) - drops )) 3
}

# srcport MIN MAX: every outer source port of 32 flows in the range.
t_srcport_range() {
	local f=$TMPDIR_TEST/sp.pcap ports n
	$VXIPCTL -n "$N1" dev set vxip0 srcport 5000 5010
	capture "$N1" "$f" "$OUT" -- $IP netns exec "$N1" bash -c \
		'for i in $(seq 32); do echo x > /dev/udp/10.244.0.2/9; done'
	$VXIPCTL -n "$N1" dev set vxip0 srcport auto
	ports=$(tcpdump -r "$f" -nn "$OUT and udp[39] = 17" 2> /dev/null |
		sed -n 's/.* 192\.168\.0\.1\.\([0-9]*\) > 192\.168\.0\.2\.4789:.*/\1/p' | sort -un)
	n=$(echo "$ports" | grep -c .)
	info "32 flows, srcport 5000 5010: $n source ports, $(echo $ports)"
	[ "$n" -ge 3 ] || fail "only $n source ports for 32 flows"
	expect_eq "source ports outside 5000-5010" \
		"$(echo "$ports" | awk '$1 < 5000 || $1 > 5010' | xargs)" ""
}

t_peer_port() {
	local f=$TMPDIR_TEST/pp.pcap
	$VXIPCTL -n "$N1" peer replace vxip0 192.168.0.2 port 4790
	capture "$N1" "$f" "udp and src host 192.168.0.1" -- send_r2 10.244.0.2
	$VXIPCTL -n "$N1" peer replace vxip0 192.168.0.2 port 0
	[ "$(pcount "$f" "udp dst port 4790")" -ge 2 ] || fail "nothing sent to port 4790"
	expect_eq "sent to port 4789 meanwhile" "$(pcount "$f" "udp dst port 4789")" 0
}

# route_rmac: r2's MAC, the router MAC of the routes below.
route_rmac() {
	$IP -n "$R2" -j link show vxlan0 | jq -r '.[0].address'
}

# A route's own L3 VNI, and its router MAC as the inner destination.
t_route_vni() {
	local f=$TMPDIR_TEST/rv.pcap rmac out
	rmac=$(route_rmac)
	$VXIPCTL -n "$N1" route add vxip0 10.250.0.0/24 peer 192.168.0.2 rmac "$rmac" vni 77
	$IP -n "$N1" route add 10.250.0.0/24 dev vxip0
	capture "$N1" "$f" "$OUT" -- send_r2 10.250.0.5
	$IP -n "$N1" route del 10.250.0.0/24
	$VXIPCTL -n "$N1" route del vxip0 10.250.0.0/24
	out=$(tcpdump -r "$f" -nn -e -v 2> /dev/null)
	echo "$out" | grep -A1 "vni 77" | head -n 4
	[ "$(echo "$out" | grep -c "vni 77")" -ge 2 ] || fail "no VXLAN packet with VNI 77"
	echo "$out" | grep -A1 "vni 77" | grep -q "> $rmac, ethertype IPv4" ||
		fail "the inner frame does not go to the router MAC $rmac"
}

# An IPv6 prefix routed over VXLAN: by the route (its VNI, its router MAC
# as the inner destination), not flooded.
t_route6_vxlan() {
	local f=$TMPDIR_TEST/r6.pcap rmac out
	rmac=$(route_rmac)
	$IP netns exec "$N1" sysctl -qw net.ipv6.conf.vxip0.disable_ipv6=0
	$IP -n "$N1" addr add fd00::1/64 dev vxip0 nodad
	$VXIPCTL -n "$N1" route add vxip0 fd00:250::/64 peer 192.168.0.2 rmac "$rmac" vni 78
	$IP -n "$N1" -6 route add fd00:250::/64 dev vxip0
	capture "$N1" "$f" "$OUT" -- send_r2 fd00:250::5
	$VXIPCTL -n "$N1" route del vxip0 fd00:250::/64
	out=$(tcpdump -r "$f" -nn -e -v 2> /dev/null | grep -A1 "vni 78")
	echo "$out" | head -n 2
	[ "$(echo "$out" | grep "> $rmac, ethertype IPv6" |
		grep -c "fd00::1 > fd00:250::5: .*ICMP6, echo request")" -ge 2 ] ||
		fail "no IPv6 echo request to fd00:250::5 in VNI 78 to the router MAC"
}

# fdb ... dynamic: ages like a learned entry; a static one stays.
t_fdb_dynamic_ageing() {
	$VXIPCTL -n "$N1" dev set vxip0 ageing 2
	$VXIPCTL -n "$N1" fdb add vxip0 02:dd:00:00:00:01 peer 192.168.0.2 dynamic
	$VXIPCTL -n "$N1" fdb add vxip0 02:dd:00:00:00:02 peer 192.168.0.2
	expect_eq "flags of the dynamic entry" "$($VXIPCTL -n "$N1" -j fdb show vxip0 |
		jq -c '.[] | select(.mac == "02:dd:00:00:00:01") | .flags')" '[]'
	busywait 15000 eval '! $VXIPCTL -n "$N1" fdb show vxip0 | grep -q 02:dd:00:00:00:01' ||
		fail "the dynamic entry did not age out in 15 s (ageing 2)"
	$VXIPCTL -n "$N1" fdb show vxip0 | grep -q 02:dd:00:00:00:02 ||
		fail "the static entry aged out"
	$VXIPCTL -n "$N1" fdb del vxip0 02:dd:00:00:00:02
	$VXIPCTL -n "$N1" dev set vxip0 ageing 300
}

# Misses are rate-limited (20 a second per device, burst 20), and
# "monitor -j" prints each as one JSON object per line.
t_miss_ratelimit() {
	local mon=$TMPDIR_TEST/miss.json mac=02:99:00:00:00:01 t0 t1 n max
	$VXIPCTL -n "$N1" -j monitor miss > "$mon" &
	MON_PID=$!
	$IP -n "$N1" neigh replace 10.244.0.99 lladdr $mac dev vxip0 nud permanent
	# The monitor is listening once a miss reaches it.
	busywait 10000 eval "$IP netns exec $N1 bash -c 'echo x > /dev/udp/10.244.0.99/9'; grep -q . $mon" ||
		fail "monitor miss saw no miss"
	sleep 1.1	# a fresh rate-limit window
	cp "$mon" "$mon.before"
	t0=$(date +%s%N)
	$IP netns exec "$N1" bash -c 'for i in $(seq 300); do echo x > /dev/udp/10.244.0.99/9; done'
	t1=$(date +%s%N)
	sleep 0.5
	kill "$MON_PID"
	MON_PID=
	n=$(( $(wc -l < "$mon") - $(wc -l < "$mon.before") ))
	# 20 per started second of the burst, plus one window's worth.
	max=$(( ((t1 - t0) / 1000000000 + 2) * 20 ))
	info "300 frames to an unknown MAC in $(( (t1 - t0) / 1000000 )) ms: $n miss events (at most $max)"
	[ "$n" -ge 1 ] || fail "no miss event for 300 frames"
	[ "$n" -le "$max" ] || fail "$n miss events, more than the limit allows ($max)"
	[ "$n" -lt 300 ] || fail "every frame made an event: no rate limit"
	expect_eq "events that are not one JSON miss object per line for $mac" \
		"$(jq -c --arg m $mac 'select(.event != "miss" or .mac != $m)' "$mon" | wc -l)" 0
	$IP -n "$N1" neigh del 10.244.0.99 dev vxip0
}

# -n takes a path to a netns as well as a name.
t_netns_path() {
	local out
	expect_eq "vni through -n /run/netns/NAME" \
		"$($VXIPCTL -n "/run/netns/$N1" -j dev show vxip0 | jq '.[0].vni')" 42
	out=$($VXIPCTL -n /nonexistent/ns dev show vxip0 2>&1) && fail "a missing netns path was taken"
	echo "$out" | grep -q 'cannot open network namespace "/nonexistent/ns"' ||
		fail "no clear error: $out"
}

ktap_print_header
setup_or_bail
ktap_set_plan 9
run_test "wire: ttl and tos, set and inherited; ECN copied out" t_ttl_tos
run_test "wire: RFC 6040 on decap: CE marked, not-ECT under CE dropped" t_ecn_decap
run_test "wire: srcport MIN MAX bounds the outer source ports" t_srcport_range
run_test "wire: a peer's own port" t_peer_port
run_test "wire: a route's own L3 VNI and router MAC" t_route_vni
run_test "wire: an IPv6 prefix over a VXLAN route" t_route6_vxlan
run_test "fdb: a dynamic entry ages, a static one stays" t_fdb_dynamic_ageing
run_test "events: misses rate-limited; monitor -j, one object a line" t_miss_ratelimit
run_test "vxipctl: -n takes a netns path" t_netns_path
ktap_finished
