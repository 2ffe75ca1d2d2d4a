#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything make check runs inside one guest boot: the KUnit suites (SKIP
# on a kernel without KUnit), then the selftests, whose KTAP also goes to
# $VXIP_OUT/selftests.ktap for the host to count.
#   tests/qemu/vm-run [--kernel stock|debug] [--env VXIP_KSFT_DIR=DIR] \
#	tests/run-guest.sh [SELFTEST...]
# On the stock kernel the selftests run as a kernel tester runs them:
# make -C tests/selftests run_tests, through kselftest's lib.mk and runner
# from the kernel tree's tools/testing/selftests in $VXIP_KSFT_DIR (the
# "timeout" in tests/selftests/settings for each script).  On the debug
# kernel, several times slower, through run.sh, whose limit per script
# scales with it.

# The runner's output on stdout, with how long each script took after its
# result (run.sh prints that itself).
script_times() {
	local line start=0
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		"# selftests: "*) start=$(date +%s) ;;
		"ok "*" selftests: "*|"not ok "*" selftests: "*)
			line=${line%% #*}
			echo "# ${line##*: }: done in $(( $(date +%s) - start ))s"
			;;
		esac
	done
}

rc=0
# VXIP_KUNIT=0: a second guest of the same kernel, whose first runs KUnit.
[ "${VXIP_KUNIT:-1}" = 0 ] || "$VXIP_SRC/tests/kunit/run.sh" || rc=1

ktap=$VXIP_OUT/selftests.ktap
if [ "$VXIP_KERNEL" = debug ]; then
	"$VXIP_SRC/tests/selftests/run.sh" "$@" | tee "$ktap"
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
elif [ ! -r "${VXIP_KSFT_DIR:-}/lib.mk" ]; then
	echo "Bail out! no kselftest lib.mk in VXIP_KSFT_DIR='${VXIP_KSFT_DIR:-}'" | tee "$ktap"
	rc=1
else
	# The source is read-only here: lib.mk copies the scripts to OUTPUT
	# and runs them there.
	progs=()
	for t in "$@"; do progs+=("$t.sh"); done
	mkdir -p "$VXIP_OUT/kselftest"
	make --no-print-directory -C "$VXIP_SRC/tests/selftests" run_tests \
		KSFT_DIR="$VXIP_KSFT_DIR" OUTPUT="$VXIP_OUT/kselftest" \
		${progs[0]:+TEST_PROGS="${progs[*]}"} 2>&1 | tee "$ktap" | script_times
	# The runner exits 0 whatever the tests did.
	grep -q '^not ok ' "$ktap" && rc=1
fi
exit $rc
