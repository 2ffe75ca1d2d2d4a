#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo STATIC=1, inside the guest: vxip programmed by hand with
# vxipctl, no control plane.  Part 1: three nodes on an underlay bridge, a
# vxip device on each, a pod behind each, and the pods on one L2 segment
# across VXLAN.  Part 2: the same nodes routing pod subnets through vxip's
# route table, n1 and n2 in IP-in-IP, the other pairs in VXLAN.  Debian's
# CNI plugins make the pods (packaging/cni/: bridge + host-local in part 1,
# ptp + host-local in part 2), as a kubelet's runtime would.
set -euo pipefail
source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/lib.sh"


cleanup() {
	for ns in lan n1 n2 n3 p1 p2 p3 q1 q2 q3; do
		$IP netns del "$ns" 2> /dev/null || true
	done
	rm -rf "$TMPDIR_TEST"
}
trap cleanup EXIT

step "Underlay: bridge 'lan'; nodes n1, n2, n3 at 192.168.0.1-3"
$IP netns add lan
$IP -n lan link add br0 type bridge
$IP -n lan link set br0 up
for i in 1 2 3; do
	$IP netns add n$i
	$IP -n n$i link set lo up
	$IP -n n$i link add eth0 type veth peer name n$i netns lan
	$IP -n lan link set n$i master br0 up
	$IP -n n$i addr add 192.168.0.$i/24 dev eth0
	$IP -n n$i link set eth0 up
done

step "On each node: vxip0 in VNI 42, a port of br0; a pod (10.244.N.2) made by the CNI bridge plugin"
echo "(packaging/cni/10-vxip-l2.conflist: one 10.244.0.0/16 across the nodes, a range each)"
for i in 1 2 3; do
	run $IP -n n$i link add vxip0 type vxip
	run vxipctl -n n$i dev set vxip0 vni 42 local 192.168.0.$i
	$IP -n n$i link add br0 type bridge
	$IP -n n$i link set br0 up
	$IP -n n$i link set vxip0 master br0 up
	$IP netns add p$i
	echo "n$i# CNI_COMMAND=ADD CNI_NETNS=/run/netns/p$i CNI_IFNAME=eth0 /usr/lib/cni/bridge < 10-vxip-l2.conflist"
	cni ADD l2 n$i p$i ".ipam.ranges[0][0] |= (.rangeStart = \"10.244.$i.2\" | .rangeEnd = \"10.244.$i.254\")"
	jq -c '{ips: [.ips[].address]}' "$TMPDIR_TEST/cni-p$i.json"
done

step "The control plane's job: peers, flood lists, and MAC/IP entries (EVPN types 3 and 2)"
for i in 1 2 3; do
	for j in 1 2 3; do
		[ $i = $j ] && continue
		mac=$($IP -n p$j -j link show eth0 | jq -r '.[0].address')
		run vxipctl -n n$i peer add vxip0 192.168.0.$j
		run vxipctl -n n$i flood add vxip0 peer 192.168.0.$j
		run vxipctl -n n$i fdb add vxip0 "$mac" peer 192.168.0.$j ip 10.244.$j.2
	done
done
run vxipctl -n n1 dev show vxip0

step "Pods ping each other across VXLAN"
run $IP netns exec p1 ping -c 2 -W 2 10.244.2.2
run $IP netns exec p1 ping -c 2 -W 2 10.244.3.2
run $IP netns exec p3 ping -c 2 -W 2 10.244.2.2

step "What n1 knows: peers with their counters, FDB, flood list"
run vxipctl -n n1 peer show
run vxipctl -n n1 fdb show
run vxipctl -n n1 flood show
echo "(ARP for a known MAC/IP was answered by vxip0 itself:)"
$IP netns exec n1 ethtool -S vxip0 | grep -E 'arp_suppressed|flood_tx|drop_miss'

step "On the wire: one VXLAN packet from n1 to n2"
$IP netns exec n1 tcpdump -Z root -i eth0 -nn -v -c 1 'udp port 4789 and dst host 192.168.0.2' 2> /dev/null &
sleep 2
$IP netns exec p1 ping -c 1 -W 2 10.244.2.2 > /dev/null
wait

step "Flushing node n2's peer on n1 takes its FDB entries and flood-list membership with it"
run vxipctl -n n1 flush vxip0 peer 192.168.0.2
run vxipctl -n n1 fdb show
run vxipctl -n n1 flood show

step "Part 2: routed pods.  On each node: vxip1 (VNI 100), pod qN in 10.245.N.0/24 by the CNI ptp plugin"
for i in 1 2 3; do
	$IP -n n$i link add vxip1 type vxip
	vxipctl -n n$i dev set vxip1 vni 100 local 192.168.0.$i
	$IP -n n$i link set vxip1 up
	$IP netns add q$i
	$IP netns exec n$i sysctl -qw net.ipv4.ip_forward=1
	echo "n$i# CNI_COMMAND=ADD CNI_NETNS=/run/netns/q$i CNI_IFNAME=eth0 /usr/lib/cni/ptp < 10-vxip-routed.conflist"
	cni ADD routed n$i q$i ".mtu = 1450 | .ipam.ranges[0][0].subnet = \"10.245.$i.0/24\""
	# The whole kernel-side configuration: one route, no neighbours.
	run $IP -n n$i route add 10.245.0.0/16 dev vxip1
done
mac() { $IP -n n$1 -j link show vxip1 | jq -r '.[0].address'; }

step "n1 <-> n2 in IP-in-IP; n3 <-> both in VXLAN (EVPN type 5: router MAC)"
run vxipctl -n n1 peer add vxip1 192.168.0.2 encap ipip
run vxipctl -n n1 route add vxip1 10.245.2.0/24 peer 192.168.0.2
run vxipctl -n n2 peer add vxip1 192.168.0.1 encap ipip
run vxipctl -n n2 route add vxip1 10.245.1.0/24 peer 192.168.0.1
for i in 1 2; do
	run vxipctl -n n$i peer add vxip1 192.168.0.3 encap vxlan
	run vxipctl -n n$i route add vxip1 10.245.3.0/24 peer 192.168.0.3 rmac "$(mac 3)"
	run vxipctl -n n3 peer add vxip1 192.168.0.$i
	run vxipctl -n n3 route add vxip1 10.245.$i.0/24 peer 192.168.0.$i rmac "$(mac $i)"
done
run vxipctl -n n1 route show vxip1
run vxipctl -n n1 route get vxip1 10.245.3.7

step "Routed pods reach each other"
run $IP netns exec q1 ping -c 2 -W 2 10.245.2.2
run $IP netns exec q1 ping -c 2 -W 2 10.245.3.2
run $IP netns exec q3 ping -c 2 -W 2 10.245.2.2

step "On the wire from n1: IP-in-IP (protocol 4) to n2, VXLAN to n3"
$IP netns exec n1 tcpdump -Z root -i eth0 -nn -c 2 'src host 192.168.0.1 and (ip proto 4 or udp port 4789)' 2> /dev/null &
sleep 2
$IP netns exec q1 ping -c 1 -W 2 10.245.2.2 > /dev/null
$IP netns exec q1 ping -c 1 -W 2 10.245.3.2 > /dev/null
wait
echo "(n1 answered ARP for the routed addresses itself:)"
run $IP -n n1 neigh show dev vxip1
$IP netns exec n1 ethtool -S vxip1 | grep -E 'arp_proxied'
run vxipctl -n n1 peer show vxip1

step "Pictures: each node's view, drawn by vxipctl graph (Graphviz)"
out=${VXIP_OUT:-/tmp}
for i in 1 2 3; do
	vxipctl -n n$i graph -o "$out/n$i.svg"
	echo "${VXIP_DEMO_OUT:-$out}/n$i.svg"
done
if [ -f "${VXIP_HOST_SRC:-/nonexistent}/build/bench/bench.png" ]; then
	echo "and the last make bench's chart: build/bench/bench.png"
fi
echo
echo "demo finished"
