#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run selftests inside a guest, each under its own time limit:
#   tests/qemu/vm-run [--kernel stock|debug] tests/selftests/run.sh [NAME...]
# Prints KTAP as kselftest's runner does: one result per script, with the
# script's own KTAP as "# " comments (scripts/check.sh counts both).
#
# A script's limit is the "timeout" in ./settings, the one kselftest's
# runner gives every script, unless the table below gives it its own.  On
# the debug kernel, which runs everything several times slower, limits are
# multiplied by $VXIP_SELFTEST_SLOWDOWN (default 4).  Past its limit a
# script gets SIGTERM, SIGKILL 10 s later, and counts as a failure:
# "not ok N selftests: vxip: NAME.sh # TIMEOUT SECS seconds".
dir=$(cd "$(dirname "$0")" && pwd)
[ -n "${VXIP_SRC:-}" ] && dir=$VXIP_SRC/tests/selftests

# Seconds on the stock kernel under TCG, for the scripts that need less than
# the default: about 3 times what each took in a stock guest on a loaded
# 2-core host (2026-12-02), and no less than 150, so that a hung task (120
# s) is reported before its script is killed.
declare -A limits=(
	[device]=150 [genl]=150 [learning]=150 [netns]=150 [rmmod]=150
	[vxlan_scale]=150 [ipip6]=200 [vxlan_mtu]=300 [vxlan_interop]=400
	[vxlan_netlink]=400 [vxlan_l2]=450 [ynl]=400 [vxlan_wire]=300 [iplink]=450 [evpn]=850 [gossip]=1200 [cni]=300 [readme]=150
)

default=$(sed -n 's/^timeout=//p' "$dir/settings")
slowdown=${VXIP_SELFTEST_SLOWDOWN:-1}
[ "${VXIP_KERNEL:-}" = debug ] && slowdown=${VXIP_SELFTEST_SLOWDOWN:-4}

# ynl.sh checks the spec against the module's messages, iplink.sh ip's
# plugin, vxlan_wire.sh wire formats and counters, readme.sh README.md's
# two-node recipe (the stock module), cni.sh pods made by the
# CNI plugins, and evpn.sh and gossip.sh the bridges against GoBGP, FRR
# and Serf, which the debug
# kernel's checkers add little to: the stock guest runs them, the debug one (three to four times slower,
# make check's longest stage) does not, unless named.
stock_only=" ynl iplink vxlan_wire evpn gossip cni readme "
if [ $# -eq 0 ]; then
	for f in "$dir"/*.sh; do
		t=$(basename "$f" .sh)
		[ "$t" = lib ] || [ "$t" = run ] && continue
		[ "$slowdown" -gt 1 ] && [[ $stock_only == *" $t "* ]] && continue
		set -- "$@" "$t"
	done
fi

echo "TAP version 13"
echo "1..$#"
rc=0 n=0
for t in "$@"; do
	n=$((n + 1))
	limit=$(( ${limits[$t]:-$default} * slowdown ))
	hdr="selftests: vxip: $t.sh"
	echo "# $hdr"
	start=$(date +%s)
	timeout -k 10 "$limit" "$dir/$t.sh" 2>&1 | sed -u 's/^/# /'
	s=${PIPESTATUS[0]}
	secs=$(( $(date +%s) - start ))
	echo "# $t.sh: exit=$s in ${secs}s (limit ${limit}s)"
	# timeout(1) exits 124, or 137 when SIGKILL was needed.
	if [ "$s" = 124 ] || { [ "$s" = 137 ] && [ "$secs" -ge "$limit" ]; }; then
		echo "# $t.sh: TIMEOUT: still running after ${limit}s, killed"
		echo "not ok $n $hdr # TIMEOUT $limit seconds"
		rc=1
	elif [ "$s" = 0 ]; then
		echo "ok $n $hdr"
	elif [ "$s" = 4 ]; then
		echo "ok $n $hdr # SKIP"
	else
		echo "not ok $n $hdr # exit=$s"
		rc=1
	fi
	# VXIP_KMEMLEAK_UNTIL=NAME (a debug guest of make check): kmemleak's
	# verdict on everything so far, then kmemleak off for the scripts
	# after NAME (scripts/check.sh says why).
	if [ "${VXIP_KMEMLEAK_UNTIL:-}" = "$t" ]; then
		"$dir/../qemu/kmemleak-check" off "$t.sh" || rc=1
	fi
done
exit $rc
