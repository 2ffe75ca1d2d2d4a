#!/bin/bash
# make demo: set up everything a fresh Debian 12 needs, then show vxip in a
# QEMU guest running the stock Debian kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# vm-run builds vxip.ko and vxipctl under its lock.
exec tests/qemu/vm-run --kernel stock tests/demo/demo.sh
