#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pods made the way a kubelet's runtime makes them: Debian's standard CNI
# plugins (containernetworking-plugins: bridge, ptp, host-local), called
# with CNI_COMMAND=ADD or DEL, a network namespace path and a config on
# stdin, with the example configs of packaging/cni/.  vxip carries the
# pods' traffic between three nodes:
# - L2 (10-vxip-l2.conflist): bridge + host-local, one subnet across the
#   nodes (a range each), vxip0 (VNI 42) a port of the node's br0;
# - routed (10-vxip-routed.conflist): ptp + host-local, a /24 per node,
#   vxip1 routes each other node's /24 to it over IPIP.
source "$(dirname "$0")/lib.sh"
require_cmd jq

for f in "$CNI_PATH/bridge" "$CNI_PATH/ptp" "$CNI_PATH/host-local" \
	 "$CNI_CONFS/10-vxip-l2.conflist" "$CNI_CONFS/10-vxip-routed.conflist"; do
	[ -e "$f" ] || { echo "1..0 # SKIP $f not found"; exit "$KSFT_SKIP"; }
done

cleanup() { lib_cleanup; }
trap cleanup EXIT

# pod CMD MODEL NODE POD: lib.sh's cni for node NODE (1-3), its address
# range made that node's: L2, 10.244.NODE.2-254 of the shared /16; routed,
# 10.245.NODE.0/24.
pod() {
	local node
	eval "node=\$N$3"
	cni "$1" "$2" "$node" "$4" \
		".ipam.ranges[0][0] |= (if .rangeStart then
			.rangeStart = \"10.244.$3.2\" | .rangeEnd = \"10.244.$3.254\"
		 else .subnet = \"10.245.$3.0/24\" end)"
}

setup() {
	local i j ns
	topo_lan && topo_node 1 && topo_node 2 && topo_node 3 || return 1
	for i in 1 2 3; do
		eval "ns=\$N$i"
		# L2: vxip0 a port of br0, every other node on its flood list.
		$IP -n "$ns" link add vxip0 type vxip &&
		$VXIPCTL -n "$ns" dev set vxip0 vni 42 local "192.168.0.$i" &&
		$IP -n "$ns" link set vxip0 master br0 up || return 1
		# Routed: vxip1, each other node's pod /24 by IPIP.
		$IP -n "$ns" link add vxip1 type vxip &&
		$VXIPCTL -n "$ns" dev set vxip1 vni 43 local "192.168.0.$i" &&
		$IP -n "$ns" link set vxip1 mtu 1480 up &&
		$IP -n "$ns" route add 10.245.0.0/16 dev vxip1 || return 1
		for j in 1 2 3; do
			[ "$i" = "$j" ] && continue
			$VXIPCTL -n "$ns" peer add vxip0 "192.168.0.$j" &&
			$VXIPCTL -n "$ns" flood add vxip0 peer "192.168.0.$j" &&
			$VXIPCTL -n "$ns" peer add vxip1 "192.168.0.$j" encap ipip &&
			$VXIPCTL -n "$ns" route add vxip1 "10.245.$j.0/24" peer "192.168.0.$j" ||
				return 1
		done
	done
	setup_ns L1 L2 L3 R1 R2 R3
}

# Every pod reaches every other pod of its model.
ping_all() {
	local a b
	for a in "$@"; do
		for b in "$@"; do
			[ "$a" = "$b" ] && continue
			$IP netns exec "$a" ping -q -c 2 -i 0.2 -W 2 "$(cni_addr "$b")" > /dev/null ||
				fail "$a cannot ping $b ($(cni_addr "$b"))"
		done
	done
}

t_l2_add() {
	local i pod
	for i in 1 2 3; do
		eval "pod=\$L$i"
		pod ADD l2 "$i" "$pod"
		expect_eq "$pod's address, from node $i's range" "$(cni_addr "$pod")" "10.244.$i.2"
		json_true '.ips[0].address == "10.244.'"$i"'.2/16"' < "$TMPDIR_TEST/cni-$pod.json" ||
			fail "ADD's result: $(cat "$TMPDIR_TEST/cni-$pod.json")"
		[ "$($IP -n "$(eval echo \$N$i)" -j link show master br0 | jq 'length')" = 2 ] ||
			fail "node $i's br0 should hold vxip0 and the pod's veth"
	done
	ping_all "$L1" "$L2" "$L3"
}

t_routed_add() {
	local i pod
	for i in 1 2 3; do
		eval "pod=\$R$i"
		pod ADD routed "$i" "$pod"
		expect_eq "$pod's address, from node $i's /24" "$(cni_addr "$pod")" "10.245.$i.2"
	done
	ping_all "$R1" "$R2" "$R3"
	# Over IPIP: the routed pods' traffic is vxip1's.
	[ "$($VXIPCTL -n "$N1" -j peer show vxip1 192.168.0.2 | jq '.[0].stats["tx-packets"]')" -gt 0 ] ||
		fail "nothing went to node 2 by vxip1"
}

# DEL takes the pod's interface and its address back; ADD again works.
t_del() {
	local i pod model
	for model in l2 routed; do
		for i in 1 2 3; do
			if [ $model = l2 ]; then eval "pod=\$L$i"; else eval "pod=\$R$i"; fi
			pod DEL "$model" "$i" "$pod"
			! $IP -n "$pod" link show eth0 > /dev/null 2>&1 ||
				fail "$pod still has eth0 after DEL"
			[ -z "$(grep -rl "$pod" "$TMPDIR_TEST/ipam-$model-$(eval echo \$N$i)" 2> /dev/null)" ] ||
				fail "host-local still holds $pod's address after DEL"
		done
	done
	for i in 1 2 3; do
		expect_eq "node $i's br0 after DEL" \
			"$($IP -n "$(eval echo \$N$i)" -j link show master br0 | jq -r '.[].ifname')" vxip0
	done
	pod ADD l2 1 "$L1"
	pod ADD l2 2 "$L2"
	ping_all "$L1" "$L2"
}

ktap_print_header
setup_or_bail
ktap_set_plan 3
run_test "cni: bridge + host-local pods on three nodes, L2 over vxip0" t_l2_add
run_test "cni: ptp + host-local pods on three nodes, routed over vxip1 (IPIP)" t_routed_add
run_test "cni: DEL removes the interface and frees the address; ADD again" t_del
ktap_finished
