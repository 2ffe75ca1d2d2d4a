#!/bin/bash
# make torture: tests/torture/torture.sh on the debug kernel (KASAN,
# lockdep, kmemleak, panic_on_warn).  vm-run fails the run on any splat.
#   LONG=1         the long mode (>100k fuzzed packets and requests, 1000
#                  cycles, a 10-minute soak)
#   SEED=N         repeat a run's random choices (each run prints its seed)
#   KERNEL=stock   on the stock kernel instead (quicker, finds less)
#   TESTS="t_soak" only these tests, in one guest
#   GUESTS=1       all tests in one guest
#   OUT=DIR        where the parts' results go (default build/torture):
#                  DIR/vm-torture-P.log (vm-run's), DIR/vm-torture-P.rc
#                  and DIR/vm-torture-P/ (the guest's output), P = 1, 2...
#   QUIET=1        print none of it (make check counts it itself)
#   PARTS="2 3"    only these parts (default: all); make check starts its
#                  first part before the others
#   --count        print how many parts the mode has, and exit
# By default the suite's parts (the part columns of tests/torture/torture.sh's
# table, the one place that says how many there are) run in guests side by
# side, each TCG guest keeping about one core busy; their outputs are
# printed when all are done, and the run fails if any does.
set -euo pipefail
cd "$(dirname "$0")/.."
count=0
[ "${1:-}" = --count ] && count=1
[ "$count" = 1 ] || scripts/deps.sh > /dev/null
out=${OUT:-build/torture}
# A hung guest's limit, not a time budget: part 1 on two CPUs, beside
# another debug guest, took about 1050 s on 2026-12-04.
timeout=2400
envs=(--env VXIP_TORTURE=short)
col=2
if [ "${LONG:-0}" = 1 ]; then
	envs=(--env VXIP_TORTURE=long)
	timeout=10800
	col=3
fi
[ -n "${SEED:-}" ] && envs+=(--env "VXIP_SEED=$SEED")
vm=(tests/qemu/vm-run --kernel "${KERNEL:-debug}" --timeout "$timeout")

if [ "$count" = 0 ] && { [ -n "${TESTS:-}" ] || [ "${GUESTS:-2}" = 1 ]; }; then
	# shellcheck disable=SC2086
	exec "${vm[@]}" --out "$out" "${envs[@]}" tests/torture/torture.sh ${TESTS:-}
fi

parts=$(awk -v c=$col '$1 ~ /^t_[a-z0-9_]+$/ && $c ~ /^[0-9]+$/ { if ($c > m) m = $c }
	END { print m + 0 }' tests/torture/torture.sh)
[ "$parts" -ge 1 ] || { echo "torture: no parts in tests/torture/torture.sh's table" >&2; exit 1; }
[ "$count" = 0 ] || { echo "$parts"; exit 0; }
run_parts=${PARTS:-$(seq "$parts")}
for p in $run_parts; do
	if ! [[ $p =~ ^[0-9]+$ ]] || [ "$p" -lt 1 ] || [ "$p" -gt "$parts" ]; then
		echo "torture: no part $p (PARTS=\"$run_parts\"; the suite has $parts)" >&2
		exit 2
	fi
done
mkdir -p "$out"
t0=$(date +%s)
pids=()
for p in $run_parts; do
	rm -rf "$out/vm-torture-$p" "$out/vm-torture-$p.rc"
	{
		rc=0
		"${vm[@]}" --quiet --out "$out/vm-torture-$p" "${envs[@]}" \
			--env VXIP_TORTURE_PART=$p --env VXIP_TORTURE_PARTS=$parts \
			tests/torture/torture.sh > "$out/vm-torture-$p.log" 2>&1 || rc=$?
		echo $rc > "$out/vm-torture-$p.rc"
	} &
	pids+=($!)
	[ -n "${QUIET:-}" ] ||
		echo "torture: part $p of $parts in a guest of its own; follow it in $out/vm-torture-$p/output"
done
wait "${pids[@]}"
rc=0
for p in $run_parts; do
	[ "$(cat "$out/vm-torture-$p.rc")" = 0 ] || rc=1
	[ -n "${QUIET:-}" ] && continue
	echo "=== part $p ==="
	cat "$out/vm-torture-$p.log"
	cat "$out/vm-torture-$p/output" 2> /dev/null || :
done
echo "torture: part(s) ${run_parts//$'\n'/ } of $parts done in $(( $(date +%s) - t0 ))s"
exit $rc
