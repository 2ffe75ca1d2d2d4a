#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The make demo scenario, run inside the guest: two nodes on an underlay
# bridge, a vxip device on each, and what the kernel reports about them.
set -euo pipefail
IP=/usr/bin/ip

step() { printf '\n\033[1m### %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }

cleanup() {
	for ns in lan n1 n2; do $IP netns del "$ns" 2> /dev/null || true; done
}
trap cleanup EXIT

step "Underlay: a bridge in netns 'lan', nodes n1 (192.168.0.1) and n2 (192.168.0.2)"
$IP netns add lan
$IP -n lan link add br0 type bridge
$IP -n lan link set br0 up
i=1
for n in n1 n2; do
	$IP netns add $n
	$IP -n $n link set lo up
	$IP -n $n link add eth0 type veth peer name $n netns lan
	$IP -n lan link set $n master br0 up
	$IP -n $n addr add 192.168.0.$i/24 dev eth0
	$IP -n $n link set eth0 up
	i=$((i + 1))
done
run $IP netns exec n1 ping -c 2 -W 2 192.168.0.2

step "A vxip device on each node"
for n in n1 n2; do
	run $IP -n $n link add vxip0 type vxip
	run $IP -n $n link set vxip0 up
done
run $IP -n n1 -d link show vxip0

step "The genetlink view (vxip family, DEV_GET)"
run vxipctl -n n1 dev show
run vxipctl -n n2 -j dev show vxip0

step "Nothing is programmed yet: frames sent into vxip0 are dropped and counted"
$IP -n n1 addr add 10.244.1.1/16 dev vxip0
$IP netns exec n1 ping -q -b -c 3 -i 0.2 -W 1 10.244.255.255 > /dev/null 2>&1 || true
run $IP -n n1 -s link show vxip0

step "Deleting node n2's netns deletes its device"
run $IP netns del n2
run vxipctl -n n1 dev show
echo
echo "demo finished"
