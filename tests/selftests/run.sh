#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run selftests inside a guest (tests/qemu/vm-run tests/selftests/run.sh
# [NAME...]).  Each script's KTAP goes to stdout and to
# $VXIP_OUT/selftests/NAME.ktap for the host to count.
dir=$(cd "$(dirname "$0")" && pwd)
[ -n "${VXIP_SRC:-}" ] && dir=$VXIP_SRC/tests/selftests
outdir=${VXIP_OUT:-/tmp}/selftests
mkdir -p "$outdir"

if [ $# -eq 0 ]; then
	set -- $(cd "$dir" && ls ./*.sh | grep -v -e '/lib.sh$' -e '/run.sh$' | sed 's|^\./||; s|\.sh$||')
fi

rc=0
for t in "$@"; do
	echo "# selftest: $t"
	start=$(date +%s)
	"$dir/$t.sh" 2>&1 | tee "$outdir/$t.ktap"
	s=${PIPESTATUS[0]}
	echo "# selftest: $t exit=$s in $(( $(date +%s) - start ))s"
	[ "$s" = 0 ] || [ "$s" = 4 ] || rc=1
done
exit $rc
