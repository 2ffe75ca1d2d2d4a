#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run vxip's KUnit suites inside a guest (tests/qemu/vm-run --kernel debug
# tests/kunit/run.sh).  The suites run when vxip_test.ko loads; their KTAP,
# taken from the kernel log, goes to stdout and to $VXIP_OUT/kunit/results.ktap,
# which the host parses with kunit.py.  On a kernel without CONFIG_KUNIT
# (the stock one) they report SKIP; on the debug kernel, built for them,
# they must run.
outdir=${VXIP_OUT:-/tmp}/kunit
rm -rf "$outdir"
mkdir -p "$outdir"

if [ -z "${VXIP_TEST_KO:-}" ] || [ ! -d /sys/kernel/debug/kunit ]; then
	echo "KTAP version 1"
	if [ "${VXIP_KERNEL:-}" = debug ]; then
		echo "Bail out! debug kernel without vxip_test.ko or /sys/kernel/debug/kunit (debugfs, CONFIG_KUNIT)"
		exit 1
	fi
	echo "1..0 # SKIP this kernel has no CONFIG_KUNIT"
	touch "$outdir/skipped"
	exit 0
fi

before=$(dmesg | wc -l)
insmod "$VXIP_TEST_KO" || { echo "Bail out! cannot load $VXIP_TEST_KO"; exit 1; }
log=$(dmesg | tail -n +$((before + 1)) | sed 's/^\[[ 0-9.]*\] //' |
	sed -n '/^    KTAP version 1$/,$p')
# Loaded suites print no top-level header; add it.
{
	echo "KTAP version 1"
	echo "1..$(echo "$log" | grep -c '^    # Subtest: ')"
	echo "$log"
} | tee "$outdir/results.ktap"
rmmod vxip_test
! grep -q '^not ok' "$outdir/results.ktap"
