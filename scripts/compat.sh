#!/bin/bash
# make compat: build vxip.ko with W=1 against every supported kernel:
# Debian 12's 6.1 headers, trixie's 6.12 and sid's 7.2 source (fetched with
# a private apt configuration and prepared once, cached in ~/.cache/vxip).
# One KTAP line per kernel; non-zero exit if any build warns or fails.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
version=$(git describe --always --dirty 2>/dev/null || echo unknown)
n=0 failed=0

# build NAME KDIR: the module in a copy of the sources, W=1, warnings fail.
build() {
	local name=$1 kdir=$2 dir=$repo/build/compat-$1 log kver
	n=$((n + 1))
	mkdir -p "$dir"
	rsync -a --delete -R Kbuild module uapi "$dir/"
	log=$dir/build.log
	kver=$(make -s -C "$kdir" kernelrelease 2>/dev/null)
	# A prepared source tree has no vmlinux symbol list: modpost can only
	# warn about unresolved symbols there, so compiler diagnostics decide.
	if ! make -C "$kdir" M="$dir" W=1 KBUILD_MODPOST_WARN=1 \
		VXIP_VERSION="$version" modules > "$log" 2>&1 ||
	   grep -qE ': (warning|error):' "$log"; then
		grep -E ': (warning|error):' -A3 "$log" | head -n 30 | sed 's/^/# /'
		echo "not ok $n compat: vxip.ko against $name ($kver)"
		failed=$((failed + 1))
		return
	fi
	echo "ok $n compat: vxip.ko against $name ($kver), W=1, no warnings"
}

stock=$(tests/qemu/stock-kver) || exit 1
build "6.1" "/lib/modules/$stock/build"
for suite in trixie sid; do
	t0=$(date +%s)
	if ! src=$(tests/compat/fetch-source "$suite" | tail -n 1) ||
	   ! src=$(tests/compat/prepare-tree "$src" | tail -n 1); then
		n=$((n + 1))
		failed=$((failed + 1))
		echo "not ok $n compat: no kernel tree for $suite"
		continue
	fi
	echo "# $suite tree ready in $(( $(date +%s) - t0 ))s: $src"
	build "$suite" "$src"
done
echo "# compat: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
