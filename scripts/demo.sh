#!/bin/bash
# make demo: set up everything a fresh Debian 12 needs, then show vxip in a
# QEMU guest running the stock Debian kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# vm-run builds vxip.ko and vxipctl under its lock.
# GOSSIP=1: five nodes assemble themselves with vxip-gossip and Serf.
# EVPN=1: two vxip nodes and an FRR VTEP in a BGP EVPN fabric.
# The guest saves pictures of each node (vxipctl graph) in build/demo.
vm=(tests/qemu/vm-run --kernel stock --out build/demo --env VXIP_DEMO_OUT=build/demo)
if [ "${GOSSIP:-0}" = 1 ]; then
	exec "${vm[@]}" tests/demo/gossip.sh
fi
if [ "${EVPN:-0}" = 1 ]; then
	exec "${vm[@]}" tests/demo/evpn.sh
fi
exec "${vm[@]}" tests/demo/demo.sh
