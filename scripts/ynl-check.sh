#!/bin/bash
# The YNL spec as a checked contract, on the host (make lint runs it):
#   1. Documentation/netlink/specs/vxip.yaml validates against the kernel's
#      genetlink schema (Documentation/netlink/genetlink-legacy.yaml);
#   2. ynl-gen-c makes a uapi header from it, and every enum and #define
#      VALUE in that header equals the one of the same name in
#      uapi/linux/vxip.h, and uapi/linux/vxip.h has nothing the spec lacks
#      (but the exceptions listed below).
# Both with the YNL tooling of the kernel tree make compat fetches (sid's
# 7.2: tools/net/ynl/pyynl/{ynl_gen_c.py,cli.py}), fetched here if missing,
# or the tree in $VXIP_YNL_KSRC.  One KTAP line per check; exits non-zero on
# any disagreement, naming it.
#
# Not here: the policy ranges.  The module's policies are hand-written C
# (range structs, shared macros, 6.1 compat), so a host-side parse would be
# a second C parser to keep in step.  tests/selftests/ynl.sh compares them
# instead with what the live module reports through nlctrl's GETPOLICY.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
repo=$PWD
cache=${VXIP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vxip}
spec=Documentation/netlink/specs/vxip.yaml
hdr=uapi/linux/vxip.h
# Debian's python3, with python3-yaml and python3-jsonschema (make deps).
py=${PYTHON:-/usr/bin/python3}
work=$repo/build/ynl

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
finish() {
	echo "# ynl-check: $((n - failed)) passed, $failed failed"
	[ "$failed" = 0 ]
	exit
}

ksrc=${VXIP_YNL_KSRC:-}
if [ -z "$ksrc" ]; then
	ksrc=$(ls -d "$cache"/src/linux-source-7.2* 2> /dev/null | sort -V | tail -n 1)
	# make check runs lint before compat: fetch the tree if need be.
	[ -n "$ksrc" ] || ksrc=$(tests/compat/fetch-source sid 2> /dev/null | tail -n 1)
fi
ynl=$ksrc/tools/net/ynl/pyynl
if [ ! -f "$ynl/ynl_gen_c.py" ] || [ ! -f "$ksrc/Documentation/netlink/genetlink-legacy.yaml" ]; then
	result "ynl: kernel YNL tooling" "no tools/net/ynl/pyynl/ynl_gen_c.py in '$ksrc' (tests/compat/fetch-source sid)"
	finish
fi
echo "# ynl: tooling from $ksrc"

# ynl_gen_c.py wants the spec in a kernel-like tree (a MAINTAINERS file
# above it, the schemas in Documentation/netlink next to specs/).
rm -rf "$work"
mkdir -p "$work/tree/Documentation/netlink/specs"
touch "$work/tree/MAINTAINERS"
cp "$ksrc"/Documentation/netlink/*.yaml "$work/tree/Documentation/netlink/"
cp "$spec" "$work/tree/$spec"

# brief LOG: the error of a failed tool and where it was, not the schema
# dump that follows (the whole of it stays in LOG).
brief() {
	grep -E -A1 'Error|Exception|^On instance' "$1" | cut -c 1-300 | head -n 12 | grep . ||
		tail -n 12 "$1"
}

# 1. The schema, as the kernel's cli.py --validate checks it.
out=$(cd "$work/tree" && "$py" "$ynl/cli.py" --spec "$spec" --validate > "$work/validate.log" 2>&1 ||
	brief "$work/validate.log")
result "ynl: $spec validates against the genetlink schema" "$out"

# 2. The uapi header, from the spec.
out=$(cd "$work/tree" && "$py" "$ynl/ynl_gen_c.py" --mode uapi --header \
	--spec "$spec" -o "$work/vxip-gen.h" > "$work/gen.log" 2>&1 || brief "$work/gen.log")
[ -s "$work/vxip-gen.h" ] || out=${out:-no header written}
result "ynl: ynl-gen-c makes a uapi header from the spec" "$out"
[ -z "$out" ] || finish
# and the kernel side (policies, ops), for reference in build/ynl.
out=$(cd "$work/tree" && "$py" "$ynl/ynl_gen_c.py" --mode kernel --source \
	--spec "$spec" -o "$work/vxip-nl-gen.c" > "$work/gen-kernel.log" 2>&1 ||
	brief "$work/gen-kernel.log")
result "ynl: ynl-gen-c makes kernel policies and ops from the spec" "$out"

# dump HEADER OUT: "NAME VALUE" for every enumerator and object-like
# #define of HEADER, evaluated by the C compiler (strings quoted).
dump() {
	local h=$1 o=$2 names
	names=$( {
		# enumerators: the identifiers that start each enum body's items
		gcc -E -P -x c "$h" | tr '\n' ' ' |
			grep -oE 'enum[[:space:]]*[A-Za-z_0-9]*[[:space:]]*\{[^}]*\}' |
			sed -E 's/^[^{]*\{//; s/\}$//' | tr ',' '\n' |
			sed -nE 's/^[[:space:]]*([A-Za-z_][A-Za-z_0-9]*).*/\1/p'
		# object-like macros the header defines (not the compiler's)
		gcc -E -dM -x c "$h" | sed -nE 's/^#define ([A-Za-z_][A-Za-z_0-9]*) .*/\1/p' |
			grep -vxFf <(gcc -E -dM -x c /dev/null | sed -nE 's/^#define ([A-Za-z_0-9]*).*/\1/p')
	} | grep -v '^_UAPI_LINUX_VXIP_H$' | sort -u)
	{
		echo "#include <stdio.h>"
		echo "#include \"$h\""
		echo 'static void s(const char *n, const char *v) { printf("%s \"%s\"\n", n, v); }'
		echo 'static void i(const char *n, long long v) { printf("%s %lld\n", n, v); }'
		echo '#define P(x) _Generic((x), char *: s, const char *: s, default: i)(#x, x)'
		echo 'int main(void) {'
		for nm in $names; do echo "P($nm);"; done
		echo 'return 0; }'
	} > "$o.c"
	gcc -std=gnu11 -Wall -Werror -o "$o.bin" "$o.c" 2>&1 | head -n 20 && "$o.bin" | sort > "$o"
}
out=$(dump "$work/vxip-gen.h" "$work/gen.vals" 2>&1; dump "$repo/$hdr" "$work/uapi.vals" 2>&1)
[ -s "$work/gen.vals" ] && [ -s "$work/uapi.vals" ] || out=${out:-empty dump}
result "ynl: both headers compile and dump their values" "$out"
[ -z "$out" ] || finish

# Names ynl-gen-c spells otherwise: generated -> uapi/linux/vxip.h.
alias_of() {
	case "$1" in
	*_MASK) echo "${1%_MASK}_ALL" ;;	# a flags enum's render-max
	# An event has the number of the command it is named after.
	VXIP_CMD_*_NTF) echo "${1%_NTF}" ;;
	*) echo "$1" ;;
	esac
}
# Only in uapi/linux/vxip.h, on purpose:
#   IFLA_VXIP_*: enum vxip_link_attr is rtnetlink (IFLA_INFO_DATA), not
#     this genetlink family: not in the spec, not compared;
#   *_UNSPEC = 0: YNL starts attribute and command enums at 1 and writes
#     no UNSPEC (checked to be 0 below).
hand_only() {
	case "$1" in
	IFLA_VXIP_*|__IFLA_VXIP_*) return 0 ;;
	*_UNSPEC) [ "$2" = 0 ] ;;
	*) return 1 ;;
	esac
}

declare -A want
while read -r name val; do want[$name]=$val; done < "$work/uapi.vals"
out=""
declare -A seen
while read -r name val; do
	h=$(alias_of "$name")
	seen[$h]=1
	if [ -z "${want[$h]+x}" ]; then
		out+="$name = $val: in the spec, missing from $hdr"$'\n'
	elif [ "${want[$h]}" != "$val" ]; then
		out+="$h: $hdr has ${want[$h]}, the spec makes $val"$'\n'
	fi
done < "$work/gen.vals"
for h in "${!want[@]}"; do
	[ -n "${seen[$h]:-}" ] && continue
	hand_only "$h" "${want[$h]}" && continue
	out+="$h = ${want[$h]}: in $hdr, not in the spec"$'\n'
done
out=$(printf '%s' "$out" | sort)
echo "# ynl: $(wc -l < "$work/gen.vals") generated names against $(wc -l < "$work/uapi.vals") in $hdr (IFLA_VXIP_* excluded: rtnetlink)"
result "ynl: every value of the spec's header equals $hdr's" "$out"
finish
