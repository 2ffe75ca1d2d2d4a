#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything make check runs inside one guest boot: the KUnit suites (SKIP
# on a kernel without KUnit), then every selftest.
#   tests/qemu/vm-run [--kernel stock|debug] tests/run-guest.sh [SELFTEST...]
rc=0
"$VXIP_SRC/tests/kunit/run.sh" || rc=1
"$VXIP_SRC/tests/selftests/run.sh" "$@" || rc=1
exit $rc
