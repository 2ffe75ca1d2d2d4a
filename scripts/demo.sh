#!/bin/bash
# make demo: set up everything a fresh Debian 12 needs, then show vxip in a
# QEMU guest running the stock Debian kernel.
#   make demo           the whole story: three nodes, pods made by CNI
#                       plugins, routes from gossip (Serf), BGP EVPN (GoBGP)
#                       and a static pair side by side in each vxip table
#   make demo STATIC=1  everything by hand with vxipctl: L2 over VXLAN, then
#                       routed pods over IPIP and VXLAN
#   make demo GOSSIP=1  five nodes assemble themselves with vxip-gossip
#   make demo EVPN=1    two vxip nodes and an FRR VTEP in a BGP EVPN fabric
# vm-run builds vxip.ko, vxipctl and the bridges under its lock.  The guest
# saves pictures of each node (vxipctl graph) in build/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
vm=(tests/qemu/vm-run --kernel stock --out build/demo --env VXIP_DEMO_OUT=build/demo)
if [ "${GOSSIP:-0}" = 1 ]; then
	exec "${vm[@]}" tests/demo/gossip.sh
fi
if [ "${EVPN:-0}" = 1 ]; then
	exec "${vm[@]}" tests/demo/evpn.sh
fi
if [ "${STATIC:-0}" = 1 ]; then
	exec "${vm[@]}" tests/demo/static.sh
fi
exec "${vm[@]}" tests/demo/story.sh
