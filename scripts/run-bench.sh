#!/bin/bash
# make bench: vxip against bare routing, Linux vxlan and Linux ipip, side by
# side in one guest boot.  A benchmark: it reports figures and never fails
# on one.  Environment (make variables):
#   QUICK=1       short mode (about 10 minutes); make check runs it and
#                 fails only if a metric is missing
#   REPS=N        repetitions, interleaved (default 5; 1 with QUICK)
#   ONLY="gossip evpn"  only these parts: dataplane, gossip, evpn
#   KERNEL=debug  the debug kernel instead of the stock one (figures under
#                 KASAN and lockdep say little about speed)
#   PROFILE="vxip-ipip ipip"  no figures: perf profiles of the 64-byte UDP
#                 run of these configurations, in build/bench/vm/profile-*.txt
# Results: build/bench/results.json, build/bench/bench.png, the table on
# stdout and build/bench/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/bench
scripts/deps.sh > /dev/null
# vxip.ko and vxipctl: vm-run builds them, under its lock, as other guests
# (make check's) may be building or loading them at the same time.
rm -rf "$out/vm"
mkdir -p "$out/vm/bin"
${CC:-gcc} -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-I uapi -o "$out/vm/bin/vxbench" tests/bench/vxbench.c -lmnl

args=()
timeout=3600
if [ "${QUICK:-0}" = 1 ]; then
	args+=(--quick)
	timeout=1200
fi
[ -n "${REPS:-}" ] && args+=(--reps "$REPS")
[ -n "${ONLY:-}" ] && args+=(--only "$ONLY")
# shellcheck disable=SC2206
[ -n "${PROFILE:-}" ] && args+=(--profile $PROFILE)
t0=$(date +%s)
rc=0
# The figures need both vCPUs running at once (--tcg multi); the short
# mode only proves every metric is produced, beside other guests, and
# takes vm-run's default.
tcg=(--tcg multi)
[ "${QUICK:-0}" = 1 ] && tcg=()
tests/qemu/vm-run --kernel "${KERNEL:-stock}" --quiet --timeout "$timeout" \
	"${tcg[@]}" --out "$out/vm" tests/bench/bench.sh "${args[@]}" || rc=$?
echo "bench: guest run took $(( $(date +%s) - t0 ))s (status $rc)"
[ -n "${PROFILE:-}" ] && { ls "$out"/vm/profile-*.txt; exit $rc; }
[ -s "$out/vm/raw.txt" ] || { echo "bench: the guest produced no figures"; exit 1; }
check=()
[ "${QUICK:-0}" = 1 ] && check=(--check)
python3 tests/bench/report.py "$out/vm/raw.txt" "$out" "${check[@]}" || rc=1
exit $rc
