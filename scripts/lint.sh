#!/bin/bash
# make lint: checkpatch --strict and sparse (C=2) must be clean.
# Prints one KTAP line per check; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ksrc=$(tests/qemu/ksrc) || exit 1
checkpatch="$ksrc/scripts/checkpatch.pl --strict --no-tree --quiet --show-types -f"
kdir=${KDIR:-/lib/modules/$(tests/qemu/stock-kver)/build}

n=0 failed=0
result() {	# result DESC OUTPUT
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n $1"
	else
		echo "$2" | sed 's/^/# /'
		echo "not ok $n $1"
		failed=$((failed + 1))
	fi
}

kernel_c=$(ls module/*.[ch] tests/kunit/*.c | grep -v -e '\.mod\.c$' -e '^module/compat\.h$')
# shellcheck disable=SC2086
result "checkpatch --strict: module, KUnit, uapi" \
	"$($checkpatch $kernel_c uapi/linux/vxip.h 2>&1)"
# compat.h is the one place allowed to test the kernel version.
# (checkpatch reads LINUX_VERSION_CODE >= KERNEL_VERSION() as a constant
# on the left.)
result "checkpatch --strict: module/compat.h" \
	"$($checkpatch --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON module/compat.h 2>&1)"
# Userspace follows kernel style, but has the C library's integer types,
# no kernel attribute macros of its own but the ones it defines, the
# CamelCase type names protobuf-c generates (vxip-evpn), and volatile
# sig_atomic_t, which is what a signal handler's flag is in C.
# shellcheck disable=SC2046
result "checkpatch --strict: userspace" \
	"$($checkpatch --ignore PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE,VOLATILE \
		$(ls userspace/*/*.[ch]) 2>&1)"

# Sparse needs fresh objects to check every file.  Its findings are
# warnings and errors in make's output; a make that fails without one
# (no kernel tree, sparse missing or crashed) fails the check too.
# In a copy of the tree (build/lint), not the tree itself: make check's
# stock guests load the tree's vxip.ko while this runs.
make -s kmod-copy DIR=build/lint
log=$(make -C "$kdir" M="$PWD/build/lint" C=2 CF="-D__CHECK_ENDIAN__" modules 2>&1)
rc=$?
out=$(echo "$log" | grep -E 'warning:|error:' | grep -v 'Skipping BTF')
[ $rc -eq 0 ] || out="${out:-$(echo "$log" | tail -n 10)}
make C=2 exited $rc"
result "sparse C=2 against $(basename "$(dirname "$kdir")")" "$out"

echo "# lint: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
