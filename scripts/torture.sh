#!/bin/bash
# make torture: tests/torture/torture.sh on the debug kernel (KASAN,
# lockdep, kmemleak, panic_on_warn).  vm-run fails the run on any splat.
#   LONG=1         the long mode (>100k fuzzed packets and requests, 1000
#                  cycles, a 10-minute soak)
#   SEED=N         repeat a run's random choices (each run prints its seed)
#   KERNEL=stock   on the stock kernel instead (quicker, finds less)
#   TESTS="t_soak" only these tests, in one guest
#   GUESTS=1       all tests in one guest
# By default the suite's two parts (tests/torture/torture.sh's table) run
# in two guests side by side, each TCG guest keeping about one core busy;
# their outputs are printed when both are done, and the run fails if
# either does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh > /dev/null
out=build/torture
timeout=1500
envs=(--env VXIP_TORTURE=short)
if [ "${LONG:-0}" = 1 ]; then
	envs=(--env VXIP_TORTURE=long)
	timeout=10800
fi
[ -n "${SEED:-}" ] && envs+=(--env "VXIP_SEED=$SEED")
vm=(tests/qemu/vm-run --kernel "${KERNEL:-debug}" --timeout "$timeout")

if [ -n "${TESTS:-}" ] || [ "${GUESTS:-2}" = 1 ]; then
	# shellcheck disable=SC2086
	exec "${vm[@]}" --out "$out" "${envs[@]}" tests/torture/torture.sh ${TESTS:-}
fi

rm -rf "$out"
mkdir -p "$out"
t0=$(date +%s)
for p in 1 2; do
	"${vm[@]}" --quiet --out "$out/part$p" "${envs[@]}" --env VXIP_TORTURE_PART=$p \
		tests/torture/torture.sh > "$out/part$p.log" 2>&1 &
	eval "pid$p=$!"
	echo "torture: part $p in a guest of its own; follow it in $out/part$p/output"
done
rc=0
wait "$pid1" || rc=$?
wait "$pid2" || rc=$?
for p in 1 2; do
	echo "=== part $p ==="
	cat "$out/part$p.log"
	cat "$out/part$p/output" 2> /dev/null || :
done
echo "torture: both parts done in $(( $(date +%s) - t0 ))s"
exit $rc
