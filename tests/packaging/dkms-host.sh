#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make dkms-install on the host, for the stock kernel, as an operator runs
# it on a node, but in a private mount namespace: /usr/src, /var/lib/dkms
# and /lib/modules get overlays whose upper layers are OUT/up/..., so the
# host's own trees are left as they were.  The packaging guest stacks
# those layers over its root's and checks what DKMS built and installed
# (tests/packaging/dkms.sh, VXIP_DKMS_LAYERS).  The host compiles in
# seconds what takes a TCG guest ten minutes.
# Then, in the same namespace, make install, into a second set of overlays
# over /lib/modules, /usr/local and ip's plugin directory, stacked on the
# first (OUT/inst/up/...): the guest stacks them too for its make install
# test.  In the guest, make install spent 94 s in Kbuild alone, with
# nothing to compile.
#   tests/packaging/dkms-host.sh OUT
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: dkms-host.sh OUT}
kver=$("$repo/tests/qemu/stock-kver")
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
mkdir -p /var/lib/dkms

# shellcheck disable=SC2016
exec unshare -m --propagation private bash -euo pipefail -c '
	repo=$1 out=$2 kver=$3
	for d in /usr/src /var/lib/dkms /lib/modules; do
		mkdir -p "$out/up$d" "$out/work$d"
		mount -t overlay overlay \
			-o "lowerdir=$d,upperdir=$out/up$d,workdir=$out/work$d" "$d"
	done
	t0=$(date +%s)
	make -s -C "$repo" dkms-install KVER="$kver" > "$out/dkms.log" 2>&1 ||
		{ tail -n 30 "$out/dkms.log" >&2; exit 1; }
	echo "$kver $(( $(date +%s) - t0 ))" > "$out/done"
	dkms status vxip >> "$out/dkms.log"

	ipdir=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	for d in /lib/modules /usr/local "$ipdir"; do
		mkdir -p "$out/inst/up$d" "$out/inst/work$d"
		mount -t overlay overlay \
			-o "lowerdir=$d,upperdir=$out/inst/up$d,workdir=$out/inst/work$d" "$d"
	done
	t0=$(date +%s)
	make -s -C "$repo" install KVER="$kver" > "$out/install.log" 2>&1 ||
		{ tail -n 30 "$out/install.log" >&2; exit 1; }
	echo "$kver $(( $(date +%s) - t0 ))" > "$out/inst/done"
' dkms-host "$repo" "$out" "$kver"
