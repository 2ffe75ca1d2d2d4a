#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo GOSSIP=1, inside the guest: a cluster without BGP assembles
# itself.  Five nodes (tests/selftests/topo/gossip.sh), each running one
# "vxip-gossip up", which starts its own serf agent; nothing else is
# configured by hand.  Then a node crashes, comes back, and another leaves.
set -o pipefail
source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../selftests/topo/gossip.sh"
trap lib_cleanup EXIT
# The pods are the CNI ptp plugin's (packaging/cni/10-vxip-routed.conflist).
TOPO_CNI=1
PATH=$(dirname "$GOSSIP"):$PATH

gossip() {	# gossip I ARGS...: vxip-gossip on node I, with its config
	local i=$1
	shift
	on "$i" vxip-gossip -c "$TMPDIR_TEST/n$i.conf" "$@"
}
now_ms() { date +%s%3N; }

step "Five nodes: n1-n4 on 192.168.81.0/24, n5 on 192.168.82.0/24 behind a router; a pod behind each, by CNI"
if ! gossip_setup > "$TMPDIR_TEST/setup" 2>&1; then
	cat "$TMPDIR_TEST/setup"
	echo "demo: setup failed"
	exit 1
fi
echo "Each node runs: vxip-gossip -c /etc/vxip/gossip.conf up.  n1's config:"
sed 's/^encrypt-key = .*/encrypt-key = (serf keygen)/' "$TMPDIR_TEST/n1.conf"

step "Serf gossips each node's tags (vtep, podcidr, encap, vni, mac); vxip-gossip programs vxip"
t0=$(now_ms)
busywait 60000 all_have 4 $NODES || { logs; echo "demo: no convergence"; exit 1; }
echo "(every node has a route to each of the 4 others, $(( $(now_ms) - t0 )) ms after this step began)"
gossip 1 status
on 1 vxipctl route show vxip0
on 1 vxipctl peer show vxip0
echo "The kernel's side: one route into vxip0 for the whole cluster."
on 1 "$IP" route show dev vxip0

step "Pods ping: IP-in-IP within the subnet, VXLAN across the router (encap auto)"
run $IP netns exec "$P1" ping -c 2 -W 2 10.81.2.2
run $IP netns exec "$P1" ping -c 2 -W 2 10.81.5.2
on 1 vxipctl route get vxip0 10.81.2.2
on 1 vxipctl route get vxip0 10.81.5.2

step "n5 crashes: SIGKILL of vxip-gossip (its agent dies with it), link down"
t0=$(now_ms)
kill -KILL "$(up_pid 5)"
$IP -n "$N5" link set eth0 down
busywait 60000 eval '[ -z "$(route_peer 1 10.81.5.0/24)$(route_peer 2 10.81.5.0/24)$(route_peer 3 10.81.5.0/24)$(route_peer 4 10.81.5.0/24)" ]'
echo "(n1-n4 dropped n5's route and peer $(( $(now_ms) - t0 )) ms after the kill: Serf's failure detection, then vxip-gossip)"
grep -h "member-failed n5" "$TMPDIR_TEST"/n[1-4].log
gossip 1 status
echo "n5 kept its own entries (a restart must not cost traffic):"
on 5 vxipctl route show vxip0

step "n5 is back: it rejoins, the others route to it again"
$IP -n "$N5" link set eth0 up
$IP -n "$N5" route replace default via 192.168.82.254
t0=$(now_ms)
gossip_up 5
busywait 60000 all_have 4 $NODES
echo "(back on every node $(( $(now_ms) - t0 )) ms after vxip-gossip started)"
run $IP netns exec "$P1" ping -c 2 -W 2 10.81.5.2

step "n4 leaves gracefully: vxip-gossip leave"
t0=$(now_ms)
gossip 4 leave
busywait 10000 eval '[ -z "$(route_peer 1 10.81.4.0/24)" ]'
echo "(n1 dropped n4 $(( $(now_ms) - t0 )) ms after the leave)"
tail -n 2 "$TMPDIR_TEST/n4.log"
gossip 1 status
echo "n4's own gossip entries went with it:"
on 4 vxipctl route show vxip0
for i in 1 2 3 5; do kill -TERM "$(up_pid "$i")" 2> /dev/null; done
echo
echo "demo finished"
