#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IPIP receive: the device found by the outer source (a hash of the IPIP
# peers of every device), ICMP redirects about IPIP packets, IPsec input
# policy; and, as a measurement (VXIP_MEASURE=1 only), receive cost with
# 100 devices in a netns.
#
#   n1 [vxip0, vxip1] 192.168.0.1 \
#   n2                192.168.0.2  |
#   n3                192.168.0.3  +-- lan bridge
#   n4 [Linux ipip]   192.168.0.4  |
#   r9 (a router)     192.168.0.254/
#
# vxip0 has n2 as an IPIP peer.  vxip1 has n3 as a VXLAN peer that it
# reaches in IPIP by a route, and n2 as a VXLAN peer.
source "$(dirname "$0")/lib.sh"
require_cmd jq ethtool
require_scapy

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup() {
	local d
	topo_lan && topo_node 1 && topo_node 2 && topo_node 3 && topo_node 4 ||
		return 1
	for d in vxip0 vxip1; do
		$IP -n "$N1" link add "$d" type vxip || return 1
		$VXIPCTL -n "$N1" dev set "$d" local 192.168.0.1 || return 1
		$IP -n "$N1" link set "$d" up
	done
	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.2 encap ipip &&
	$VXIPCTL -n "$N1" route add vxip0 10.244.2.0/24 peer 192.168.0.2 &&
	$VXIPCTL -n "$N1" peer add vxip1 192.168.0.3 encap vxlan &&
	$VXIPCTL -n "$N1" route add vxip1 10.244.3.0/24 peer 192.168.0.3 encap ipip &&
	$VXIPCTL -n "$N1" peer add vxip1 192.168.0.2 encap vxlan || return 1
	setup_ns R9 && ns_quiet "$R9" &&
	$IP -n "$R9" link add eth0 type veth peer name r9 netns "$LAN" &&
	$IP -n "$LAN" link set r9 master br0 up &&
	$IP -n "$R9" addr add 192.168.0.254/24 dev eth0 &&
	$IP -n "$R9" link set eth0 up
}

ipip_send() {	# ipip_send NS SRC COUNT: IPIP to n1, inner source SRC
	$IP netns exec "$1" "$PYTHON" "$(dirname "$0")/py/ipip_send.py" \
		192.168.0.1 good "$2" "$3"
}

rx_from() {	# rx_from DEV PEER: packets DEV of n1 received from PEER
	$VXIPCTL -n "$N1" -j peer show "$1" "$2" | jq -r '.[0].stats["rx-packets"]'
}

stat_of() {	# stat_of DEV COUNTER: ethtool -S counter of n1's DEV
	$IP netns exec "$N1" ethtool -S "$1" | awk -v k="$2:" '$1 == k { print $2 }'
}

# Two devices in one netns, each with its own IPIP peer: each receives
# its own peer's packets, and only those.
t_two_devices() {
	local a0 a1 b1 rx0 rx1
	a0=$(rx_from vxip0 192.168.0.2)
	a1=$(rx_from vxip1 192.168.0.2)
	b1=$(rx_from vxip1 192.168.0.3)
	rx0=$(dev_stat "$N1" vxip0 rx.packets)
	rx1=$(dev_stat "$N1" vxip1 rx.packets)
	ipip_send "$N2" 10.244.2.2 3
	ipip_send "$N3" 10.244.3.2 2
	sleep 0.5
	expect_eq "vxip0 from n2" $(( $(rx_from vxip0 192.168.0.2) - a0 )) 3
	expect_eq "vxip1 from n2 (its VXLAN peer)" $(( $(rx_from vxip1 192.168.0.2) - a1 )) 0
	expect_eq "vxip1 from n3 (IPIP by a route)" $(( $(rx_from vxip1 192.168.0.3) - b1 )) 2
	expect_eq "vxip0 packets" $(( $(dev_stat "$N1" vxip0 rx.packets) - rx0 )) 3
	expect_eq "vxip1 packets" $(( $(dev_stat "$N1" vxip1 rx.packets) - rx1 )) 2
}

# A peer that stops using IPIP, or starts, or goes, is followed at once.
t_ipip_use_changes() {
	local b1 rx0 rx1
	# n3's only IPIP use was the route.
	$VXIPCTL -n "$N1" route del vxip1 10.244.3.0/24
	rx1=$(dev_stat "$N1" vxip1 rx.packets)
	ipip_send "$N3" 10.244.3.2 2
	sleep 0.5
	expect_eq "vxip1 packets, n3 without IPIP" $(( $(dev_stat "$N1" vxip1 rx.packets) - rx1 )) 0
	# IPIP by default now.
	$VXIPCTL -n "$N1" peer replace vxip1 192.168.0.3 encap ipip
	$VXIPCTL -n "$N1" route add vxip1 10.244.3.0/24 peer 192.168.0.3
	b1=$(rx_from vxip1 192.168.0.3)
	ipip_send "$N3" 10.244.3.2 2
	sleep 0.5
	expect_eq "vxip1 from n3, IPIP peer" $(( $(rx_from vxip1 192.168.0.3) - b1 )) 2
	# n2 leaves vxip0 (with the route that uses it) and becomes vxip1's
	# IPIP peer.
	$VXIPCTL -n "$N1" flush vxip0 peer 192.168.0.2 > /dev/null
	rx0=$(dev_stat "$N1" vxip0 rx.packets)
	rx1=$(dev_stat "$N1" vxip1 rx.packets)
	ipip_send "$N2" 10.244.2.2 2
	sleep 0.5
	expect_eq "vxip0 packets, n2 deleted" $(( $(dev_stat "$N1" vxip0 rx.packets) - rx0 )) 0
	expect_eq "vxip1 packets, n2 a VXLAN peer" $(( $(dev_stat "$N1" vxip1 rx.packets) - rx1 )) 0
	$VXIPCTL -n "$N1" peer replace vxip1 192.168.0.2 encap ipip
	$VXIPCTL -n "$N1" route add vxip1 10.244.2.0/24 peer 192.168.0.2
	rx1=$(dev_stat "$N1" vxip1 rx.packets)
	ipip_send "$N2" 10.244.2.2 2
	sleep 0.5
	expect_eq "vxip1 packets, n2 its IPIP peer" $(( $(dev_stat "$N1" vxip1 rx.packets) - rx1 )) 2
	# Back as setup left it.
	$VXIPCTL -n "$N1" peer replace vxip1 192.168.0.2 encap vxlan
	$VXIPCTL -n "$N1" route del vxip1 10.244.2.0/24
	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.2 encap ipip
	$VXIPCTL -n "$N1" route add vxip0 10.244.2.0/24 peer 192.168.0.2
}

# An ICMP redirect quoting an IPIP packet to a peer updates the route to
# the peer, as for Linux's ipip devices.  n1 reaches peer 10.99.0.2 via
# r9, which redirects it to 192.168.0.253 on the same lan.
t_redirect() {
	$VXIPCTL -n "$N1" peer add vxip0 10.99.0.2 encap ipip
	$IP -n "$N1" route add 10.99.0.2/32 via 192.168.0.254
	# A redirect to a gateway without a resolved neighbour only starts
	# resolving it.
	$IP -n "$N1" neigh replace 192.168.0.253 lladdr 02:00:00:00:02:53 \
		dev eth0 nud permanent
	expect_eq "route before" "$($IP -n "$N1" -j route get 10.99.0.2 |
		jq -r '.[0].gateway')" 192.168.0.254
	$IP netns exec "$R9" "$PYTHON" -c '
from scapy.config import conf
from scapy.layers.inet import ICMP, IP
from scapy.packet import Raw
from scapy.sendrecv import send
conf.verb = 0
send(IP(src="192.168.0.254", dst="192.168.0.1") /
     ICMP(type=5, code=1, gw="192.168.0.253") /
     IP(src="192.168.0.1", dst="10.99.0.2", proto=4) / Raw(bytes(8)))'
	sleep 0.5
	$IP -n "$N1" route get 10.99.0.2
	expect_eq "route after the redirect" "$($IP -n "$N1" -j route get 10.99.0.2 |
		jq -r '.[0].gateway')" 192.168.0.253
	$IP -n "$N1" route flush cache
	$IP -n "$N1" route del 10.99.0.2/32
	$VXIPCTL -n "$N1" peer del vxip0 10.99.0.2
}

# IPsec input policy applies to IPIP from a peer: a policy that blocks it
# drops it, counted, as Linux's ipip does.
t_xfrm_policy() {
	local rx drop
	if ! $IP -n "$N1" xfrm policy add src 192.168.0.2/32 dst 192.168.0.1/32 \
		proto 4 dir in action block 2> "$TMPDIR_TEST/xfrm"; then
		cat "$TMPDIR_TEST/xfrm"
		# A kernel without CONFIG_XFRM_USER.  The debug kernel is
		# built with it (tests/qemu/debug.config): there, a failure.
		[ "${VXIP_KERNEL:-}" != debug ] &&
			grep -q "Protocol not supported" "$TMPDIR_TEST/xfrm" && return $KSFT_SKIP
		fail "ip xfrm policy add failed"
	fi
	rx=$(dev_stat "$N1" vxip0 rx.packets)
	drop=$(stat_of vxip0 rx_drop_policy)
	ipip_send "$N2" 10.244.2.2 3
	sleep 0.5
	$IP -n "$N1" xfrm policy flush
	expect_eq "received against the policy" $(( $(dev_stat "$N1" vxip0 rx.packets) - rx )) 0
	expect_eq "rx_drop_policy" $(( ${drop:-0} + 3 )) "$(stat_of vxip0 rx_drop_policy)"
	rx=$(dev_stat "$N1" vxip0 rx.packets)
	ipip_send "$N2" 10.244.2.2 2
	sleep 0.5
	expect_eq "received without the policy" $(( $(dev_stat "$N1" vxip0 rx.packets) - rx )) 2
}

# rcv_us: a 2000-packet flood ping from n4's Linux ipip device to vxm0 of
# n1, both ways in IPIP; the median time n1's IPIP receive handler took
# per packet (function_graph, the handler alone), in us.  The tracer
# costs as much in both cases.
rcv_us() {
	local tr=/sys/kernel/debug/tracing
	echo 0 > $tr/tracing_on
	echo vxip_ipip4_rcv > $tr/set_graph_function
	echo 1 > $tr/max_graph_depth
	echo function_graph > $tr/current_tracer
	echo > $tr/trace
	echo 1 > $tr/tracing_on
	$IP netns exec "$N4" ping -f -q -c 2000 10.245.1.1 > /dev/null
	echo 0 > $tr/tracing_on
	# Half the calls are n4's, for the replies, which vxip passes on
	# at once: the median of the slower half is n1's.
	awk '/vxip_ipip4_rcv/ { for (i = 1; i < NF; i++) if ($(i + 1) == "us") print $i }' \
		$tr/trace | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int(NR * 3 / 4)] }'
	echo nop > $tr/current_tracer
}

# Receive cost with 100 devices in the netns, each with an IPIP peer of
# its own: the IPIP receive handler's time per packet of a flood ping to
# the device created first (the last of the netns's device list), with
# 1 and with 100 devices.  A measurement, not a test.
m_rx_100_devices() {
	local i one hundred
	[ -d /sys/kernel/debug/tracing ] || fail "no tracefs"
	$IP -n "$N4" link add ipip4 type ipip local 192.168.0.4 remote 192.168.0.1
	$IP -n "$N4" addr add 10.245.4.1/24 dev ipip4
	$IP -n "$N4" link set ipip4 up
	$IP -n "$N4" route add 10.245.1.0/24 dev ipip4
	$IP -n "$N1" link add vxm0 type vxip
	$VXIPCTL -n "$N1" dev set vxm0 local 192.168.0.1
	$VXIPCTL -n "$N1" peer add vxm0 192.168.0.4 encap ipip
	$VXIPCTL -n "$N1" route add vxm0 10.245.4.0/24 peer 192.168.0.4
	$IP -n "$N1" addr add 10.245.1.1/24 dev vxm0
	$IP -n "$N1" link set vxm0 up
	$IP -n "$N1" route add 10.245.4.0/24 dev vxm0
	$IP netns exec "$N4" ping -c 2 -W 2 10.245.1.1 > /dev/null
	one=$(rcv_us)
	# One ip and one vxipctl for all of them: a process costs tens of
	# milliseconds here, more on the debug kernel.
	for i in {1..99}; do
		echo "link add vxm$i type vxip"
	done | $IP -n "$N1" -batch -
	for i in {1..99}; do
		echo "peer add vxm$i 10.98.0.$i encap ipip"
	done | $VXIPCTL -n "$N1" -b -
	hundred=$(rcv_us)
	info "IPIP receive handler, median per packet: $one us with 1 device, $hundred us with 100 devices in the netns"
	for i in {0..99}; do
		echo "link del vxm$i"
	done | $IP -n "$N1" -batch -
}

ktap_print_header
setup_or_bail
ktap_set_plan 4
run_test "ipip rx: two devices, each receives only its own peers" t_two_devices
run_test "ipip rx: peers starting and stopping IPIP are followed" t_ipip_use_changes
run_test "ipip rx: an ICMP redirect about IPIP updates the route" t_redirect
run_test "ipip rx: IPsec input policy applies" t_xfrm_policy
# Minutes under TCG: only when asked for (VXIP_MEASURE=1).
[ -z "${VXIP_MEASURE:-}" ] || measure m_rx_100_devices
ktap_finished
