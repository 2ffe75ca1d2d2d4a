#!/bin/bash
# make torture: tests/torture/torture.sh on the debug kernel (KASAN,
# lockdep, kmemleak, panic_on_warn).  vm-run fails the run on any splat.
#   LONG=1         the long mode (>100k fuzzed packets and requests, 1000
#                  cycles, a 10-minute soak)
#   SEED=N         repeat a run's random choices (each run prints its seed)
#   KERNEL=stock   on the stock kernel instead (quicker, finds less)
#   TESTS="t_soak" only these tests
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
# shellcheck disable=SC2086
exec tests/qemu/vm-run --kernel "${KERNEL:-debug}" --timeout "$timeout" --out "$out" \
	"${envs[@]}" tests/torture/torture.sh ${TESTS:-}
