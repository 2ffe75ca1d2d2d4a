#!/bin/bash
# make demo: set up everything a fresh Debian 12 needs, then show vxip in a
# QEMU guest running the stock Debian kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# vm-run builds vxip.ko and vxipctl under its lock.
# GOSSIP=1: five nodes assemble themselves with vxip-gossip and Serf.
# EVPN=1: two vxip nodes and an FRR VTEP in a BGP EVPN fabric.
if [ "${GOSSIP:-0}" = 1 ]; then
	exec tests/qemu/vm-run --kernel stock tests/demo/gossip.sh
fi
if [ "${EVPN:-0}" = 1 ]; then
	exec tests/qemu/vm-run --kernel stock tests/demo/evpn.sh
fi
exec tests/qemu/vm-run --kernel stock tests/demo/demo.sh
