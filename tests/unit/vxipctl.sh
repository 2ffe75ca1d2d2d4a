#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxipctl's argument parsing, on the host, without a VM: every usage error
# (exit status 2 and the exact message on stderr, as vxipctl(8) says), bad
# MACs, addresses, prefixes, VNIs, ports, generations and owners, and batch
# mode's line numbers.  KTAP on stdout; run by "make unit".
#
# vxipctl resolves the vxip generic netlink family before it parses a
# command's arguments, and the host has no vxip module: tests/unit/fakegenl.c
# (LD_PRELOADed) answers the family lookup and refuses every vxip request
# with "fakegenl: request N reached the kernel".  A bad argument that
# vxipctl accepts therefore shows as exit status 1 with that message.
# Cases marked "# TODO known bug" expect the right behaviour from a
# vxipctl that does not have it yet; a TODO failure is not a failure.
#
#   VXIPCTL=path FAKEGENL=path tests/unit/vxipctl.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
VXIPCTL=${VXIPCTL:-$PWD/userspace/vxipctl/vxipctl}
FAKEGENL=${FAKEGENL:-$PWD/build/unit/fakegenl.so}

echo "TAP version 13"
for f in "$VXIPCTL" "$FAKEGENL"; do
	if [ ! -e "$f" ]; then
		echo "Bail out! $f is missing (make unit builds it)"
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

results=()	# "ok DESC" or "not ok DESC", then diagnostics, one string each
n_fail=0
todo=

# result OK DESC [DIAG]: record one test; with $todo set, a TODO one.
result() {
	local line=$2
	[ -z "$todo" ] || line="$line # TODO known bug: $todo"
	if [ "$1" = ok ]; then
		results+=("ok @N@ $line")
	else
		results+=("$(printf '%s\n' "$3" | sed 's/^/# /')"$'\n'"not ok @N@ $line")
		[ -n "$todo" ] || n_fail=$((n_fail + 1))
	fi
}

# run_ctl [--no-fake] ARGS...: vxipctl's status in $rc, stderr in $err.
run_ctl() {
	local pre=$FAKEGENL
	if [ "$1" = --no-fake ]; then
		pre=
		shift
	fi
	LD_PRELOAD=$pre "$VXIPCTL" "$@" < "$tmp/stdin" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	err=$(cat "$tmp/err")
}

# expect DESC WANT_RC WANT_STDERR [--no-fake] ARGS...
expect() {
	local desc=$1 want_rc=$2 want_err=$3
	shift 3
	run_ctl "$@"
	if [ "$rc" = "$want_rc" ] && [ "$err" = "$want_err" ]; then
		result ok "$desc"
	else
		result "not ok" "$desc" "$(printf 'vxipctl %s\nwant status %s, stderr:\n%s\ngot status %s, stderr:\n%s' \
			"$*" "$want_rc" "$want_err" "$rc" "$err")"
	fi
}

# usage DESC MESSAGE ARGS...: a usage error, exit status 2.
usage() {
	local desc=$1 msg=$2
	shift 2
	expect "$desc" 2 "vxipctl: $msg"$'\nTry "vxipctl help".' "$@"
}

# accepted DESC WHAT ARGS...: the request is built and sent (and the
# stand-in kernel refuses it): proves the parser takes the values.
accepted() {
	local desc=$1 what=$2
	shift 2
	run_ctl "$@"
	err=$(sed 's/request [0-9]* reached/request N reached/' <<< "$err")
	if [ "$rc" = 1 ] && [ "$err" = "vxipctl: $what: fakegenl: request N reached the kernel" ]; then
		result ok "$desc"
	else
		result "not ok" "$desc" "$(printf 'vxipctl %s\nwant status 1, the request sent; got status %s, stderr:\n%s' \
			"$*" "$rc" "$err")"
	fi
}

: > "$tmp/stdin"
long=0123456789abcdef	# IF_NAMESIZE characters: one too many

# --- main: options and objects, refused before any netlink socket ----------
run_ctl --no-fake
if [ "$rc" = 2 ] && [ "$(echo "$err" | head -n 1)" = "Usage: vxipctl [OPTIONS] OBJECT COMMAND [ARGS]" ]; then
	result ok "no arguments: usage on stderr, status 2"
else
	result "not ok" "no arguments: usage on stderr, status 2" "got status $rc, stderr: $(echo "$err" | head -n 1)"
fi
usage "unknown option -x" 'unknown option "-x"' --no-fake -x dev show
usage "unknown option --bogus" 'unknown option "--bogus"' --no-fake --bogus dev show
usage "-n without a namespace" 'option "-n" needs a namespace' --no-fake -n
usage "-b without a file" 'option "-b" needs a file' --no-fake -b
usage "-batch without a file" 'option "-batch" needs a file' --no-fake -batch
usage "unknown object" 'unknown object "bogus"' --no-fake bogus show
usage "empty object" 'unknown object ""' --no-fake ""
todo="parsed after the vxip family lookup, which fails first without the module"
usage "bad peer address refused without the vxip module" 'peer add: invalid address "bogus"' --no-fake peer add vxip0 bogus
todo=

# --- dev ------------------------------------------------------------------
usage "dev: unknown command" 'dev: unknown command "bogus"' dev bogus
usage "dev show: extra argument" 'dev show: unexpected argument "b"' dev show a b
usage "dev show: device name too long" "\"$long\" is too long for a device name" dev show $long
usage "dev set: no device" 'dev set: which device?' dev set
usage "dev set: device name too long" "\"$long\" is too long for a device name" dev set $long port 1
usage "dev set: setting without a value" 'dev set: "port" needs a value' dev set vxip0 port
usage "dev set: unknown setting" 'dev set: unknown setting "bogus"' dev set vxip0 bogus 1
usage "dev set: port 65536" 'dev set: invalid port "65536"' dev set vxip0 port 65536
usage "dev set: port -1" 'dev set: invalid port "-1"' dev set vxip0 port -1
usage "dev set: port not a number" 'dev set: invalid port "http"' dev set vxip0 port http
todo="vxipctl sends port 0; the kernel refuses it (exit 1)"
usage "dev set: port 0" 'dev set: invalid port "0"' dev set vxip0 port 0
todo=
usage "dev set: ageing above 7 days" 'dev set: invalid ageing "604801"' dev set vxip0 ageing 604801
usage "dev set: max-fdb above 2^32-1" 'dev set: invalid max-fdb "4294967296"' dev set vxip0 max-fdb 4294967296
usage "dev set: max-routes not a number" 'dev set: invalid max-routes "x"' dev set vxip0 max-routes x
usage "dev set: learning maybe" 'dev set: learning is on or off, not "maybe"' dev set vxip0 learning maybe
usage "dev set: udpcsum 2" 'dev set: udpcsum is on or off, not "2"' dev set vxip0 udpcsum 2
usage "dev set: strict empty" 'dev set: strict is on or off, not ""' dev set vxip0 strict ""
usage "dev set: vni not a number" 'dev set: invalid vni "x"' dev set vxip0 vni x
usage "dev set: vni -1" 'dev set: invalid vni "-1"' dev set vxip0 vni -1
usage "dev set: vni above 2^32-1" 'dev set: invalid vni "4294967296"' dev set vxip0 vni 4294967296
todo="vxipctl sends it; the kernel refuses it (exit 1)"
usage "dev set: vni 2^24" 'dev set: invalid vni "16777216"' dev set vxip0 vni 16777216
todo="sent as VXIP_VNI_NONE: the device is left with no VNI"
usage "dev set: vni 2^32-1" 'dev set: invalid vni "4294967295"' dev set vxip0 vni 4294967295
todo=
usage "dev set: local not an address" 'dev set: invalid local address "10.0.0"' dev set vxip0 local 10.0.0
usage "dev set: local 256 in an octet" 'dev set: invalid local address "10.0.0.256"' dev set vxip0 local 10.0.0.256
usage "dev set: local IPv6" 'dev set: invalid local address "fd00::1"' dev set vxip0 local fd00::1
usage "dev set: srcport MIN only" 'dev set: srcport takes MIN MAX or auto' dev set vxip0 srcport 100
usage "dev set: srcport MAX 65536" 'dev set: srcport takes MIN MAX or auto' dev set vxip0 srcport 1 65536
usage "dev set: srcport MIN not a number" 'dev set: srcport takes MIN MAX or auto' dev set vxip0 srcport x 2
usage "dev set: ttl 0" 'dev set: ttl is 1-255, auto or inherit' dev set vxip0 ttl 0
usage "dev set: ttl 256" 'dev set: ttl is 1-255, auto or inherit' dev set vxip0 ttl 256
usage "dev set: tos 256" 'dev set: tos is 0-255 or inherit' dev set vxip0 tos 256
usage "dev set: df maybe" 'dev set: df is set, unset or inherit' dev set vxip0 df maybe
accepted "dev set: every setting at its limits" "dev set" dev set vxip0 vni 16777215 port 65535 \
	srcport 0 65535 ttl 255 tos 0xff df inherit udpcsum off learning on \
	ageing 604800 max-fdb 4294967295 max-routes 0 strict no local 10.0.0.1
accepted "dev set: vni none, local auto, srcport auto, ttl auto" "dev set" \
	dev set vxip0 vni none local auto srcport auto ttl auto tos inherit

# --- peer -----------------------------------------------------------------
usage "peer: unknown command" 'peer: unknown command "bogus"' peer bogus
usage "peer add: no arguments" 'peer add: needs DEV and ADDR' peer add
usage "peer add: no address" 'peer add: needs DEV and ADDR' peer add vxip0
usage "peer add: device name too long" "\"$long\" is too long for a device name" peer add $long 10.0.0.1
usage "peer add: 3-octet address" 'peer add: invalid address "10.0.0"' peer add vxip0 10.0.0
usage "peer add: 256 in an octet" 'peer add: invalid address "10.0.0.256"' peer add vxip0 10.0.0.256
usage "peer add: address with a prefix length" 'peer add: invalid address "10.0.0.1/32"' peer add vxip0 10.0.0.1/32
usage "peer add: IPv6 address" 'peer add: invalid address "fd00::1"' peer add vxip0 fd00::1
usage "peer add: unknown encap" 'peer add: unknown encap "gre"' peer add vxip0 10.0.0.1 encap gre
usage "peer add: port 65536" 'peer add: invalid port "65536"' peer add vxip0 10.0.0.1 port 65536
usage "peer add: port -1" 'peer add: invalid port "-1"' peer add vxip0 10.0.0.1 port -1
usage "peer add: unknown owner" 'peer add: unknown owner "bgp"' peer add vxip0 10.0.0.1 owner bgp
usage "peer add: gen above 2^32-1" 'peer add: invalid generation "4294967296"' peer add vxip0 10.0.0.1 gen 4294967296
usage "peer add: gen not a number" 'peer add: invalid generation "one"' peer add vxip0 10.0.0.1 gen one
usage "peer add: gen -1" 'peer add: invalid generation "-1"' peer add vxip0 10.0.0.1 gen -1
usage "peer add: keyword without a value" 'peer add: "gen" needs a value' peer add vxip0 10.0.0.1 gen
usage "peer add: unknown keyword" 'peer add: unknown argument "mtu"' peer add vxip0 10.0.0.1 mtu 1400
usage "peer replace: bad address" 'peer replace: invalid address "x"' peer replace vxip0 x
usage "peer del: extra argument" 'peer del: unexpected argument "port"' peer del vxip0 10.0.0.1 port 1
usage "peer show: bad address" 'peer show: invalid address "bogus"' peer show vxip0 bogus
usage "peer show: extra argument" 'peer show: unexpected argument "x"' peer show vxip0 10.0.0.1 x
accepted "peer add: every option at its limits" "peer add" peer add vxip0 10.0.0.1 \
	encap ipip port 65535 owner gossip gen 4294967295
accepted "peer add: port 0 (the device's port)" "peer add" peer add vxip0 10.0.0.1 port 0

# --- fdb ------------------------------------------------------------------
mac=02:00:00:00:00:01
usage "fdb: unknown command" 'fdb: unknown command "bogus"' fdb bogus
usage "fdb add: no MAC" 'fdb add: needs DEV and MAC' fdb add vxip0
usage "fdb add: MAC of 5 bytes" 'fdb add: invalid MAC "00:11:22:33:44"' fdb add vxip0 00:11:22:33:44 peer 10.0.0.1
usage "fdb add: MAC of 7 bytes" 'fdb add: invalid MAC "00:11:22:33:44:55:66"' fdb add vxip0 00:11:22:33:44:55:66 peer 10.0.0.1
usage "fdb add: MAC with a 3-digit byte" 'fdb add: invalid MAC "00:11:22:33:44:555"' fdb add vxip0 00:11:22:33:44:555 peer 10.0.0.1
usage "fdb add: MAC with non-hex digits" 'fdb add: invalid MAC "00:11:22:33:44:gg"' fdb add vxip0 00:11:22:33:44:gg peer 10.0.0.1
usage "fdb add: MAC without colons" 'fdb add: invalid MAC "001122334455"' fdb add vxip0 001122334455 peer 10.0.0.1
usage "fdb add: MAC with dashes" 'fdb add: invalid MAC "00-11-22-33-44-55"' fdb add vxip0 00-11-22-33-44-55 peer 10.0.0.1
usage "fdb add: MAC with 0x" 'fdb add: invalid MAC "0x1:00:00:00:00:01"' fdb add vxip0 0x1:00:00:00:00:01 peer 10.0.0.1
todo="sscanf %2x takes a sign: \"-1\" becomes ff"
usage "fdb add: MAC with a minus sign" 'fdb add: invalid MAC "-1:00:00:00:00:01"' fdb add vxip0 -1:00:00:00:00:01 peer 10.0.0.1
todo="sscanf %2x takes a sign"
usage "fdb add: MAC with a plus sign" 'fdb add: invalid MAC "+1:00:00:00:00:01"' fdb add vxip0 +1:00:00:00:00:01 peer 10.0.0.1
todo="sscanf %2x skips white space"
usage "fdb add: MAC with a space" 'fdb add: invalid MAC " 1:00:00:00:00:01"' fdb add vxip0 " 1:00:00:00:00:01" peer 10.0.0.1
todo="vxipctl sends it; the kernel refuses a multicast MAC (exit 1)"
usage "fdb add: multicast MAC" 'fdb add: invalid MAC "01:00:5e:00:00:01"' fdb add vxip0 01:00:5e:00:00:01 peer 10.0.0.1
todo=
usage "fdb add: no peer" 'fdb add: "peer ADDR" is required' fdb add vxip0 $mac
usage "fdb add: bad peer" 'fdb add: invalid peer "10.0.0.256"' fdb add vxip0 $mac peer 10.0.0.256
usage "fdb add: peer without a value" 'fdb add: "peer" needs a value' fdb add vxip0 $mac peer
usage "fdb add: bad ip" 'fdb add: invalid IP address "10.1.1"' fdb add vxip0 $mac peer 10.0.0.1 ip 10.1.1
usage "fdb add: bad IPv6 ip" 'fdb add: invalid IP address "fd00:::1"' fdb add vxip0 $mac peer 10.0.0.1 ip fd00:::1
usage "fdb add: ip with a prefix length" 'fdb add: invalid IP address "10.1.1.1/32"' fdb add vxip0 $mac peer 10.0.0.1 ip 10.1.1.1/32
usage "fdb add: unknown owner" 'fdb add: unknown owner "x"' fdb add vxip0 $mac peer 10.0.0.1 owner x
usage "fdb add: gen above 2^32-1" 'fdb add: invalid generation "99999999999999999999"' fdb add vxip0 $mac peer 10.0.0.1 gen 99999999999999999999
usage "fdb add: unknown keyword" 'fdb add: unknown argument "vlan"' fdb add vxip0 $mac peer 10.0.0.1 vlan 10
usage "fdb replace: bad MAC" 'fdb replace: invalid MAC "x"' fdb replace vxip0 x peer 10.0.0.1
usage "fdb del: bad MAC" 'fdb del: invalid MAC "02:00:00:00:01"' fdb del vxip0 02:00:00:00:01
usage "fdb del: extra argument" 'fdb del: unexpected argument "peer"' fdb del vxip0 $mac peer 10.0.0.1
usage "fdb show: peer without a value" 'fdb show: "peer" needs a value' fdb show peer
usage "fdb show: bad peer" 'fdb show: invalid address "x"' fdb show vxip0 peer x
usage "fdb show: unknown owner" 'fdb show: unknown owner "x"' fdb show owner x
usage "fdb show: unknown keyword" 'fdb show: unknown argument "mac"' fdb show vxip0 mac $mac
usage "fdb show: device name too long" "\"$long\" is too long for a device name" fdb show $long
accepted "fdb add: every option" "fdb add" fdb add vxip0 00:11:22:aa:BB:cc peer 10.0.0.1 \
	ip 10.1.1.1 ip fd00::1 sticky dynamic owner evpn gen 0
accepted "fdb add: one-digit MAC bytes" "fdb add" fdb add vxip0 2:0:0:0:0:1 peer 10.0.0.1

# --- flood ----------------------------------------------------------------
usage "flood: unknown command" 'flood: unknown command "bogus"' flood bogus
usage "flood add: no peer" 'flood add: usage: flood add DEV peer ADDR' flood add vxip0
usage "flood add: address without peer" 'flood add: usage: flood add DEV peer ADDR' flood add vxip0 10.0.0.1
usage "flood add: extra argument" 'flood add: usage: flood add DEV peer ADDR' flood add vxip0 peer 10.0.0.1 x
usage "flood add: bad address" 'flood add: invalid address "x"' flood add vxip0 peer x
usage "flood del: 5-octet address" 'flood del: invalid address "1.2.3.4.5"' flood del vxip0 peer 1.2.3.4.5
usage "flood show: extra argument" 'flood show: unexpected argument "b"' flood show a b
accepted "flood add: a peer" "flood add" flood add vxip0 peer 10.0.0.1

# --- route ----------------------------------------------------------------
usage "route: unknown command" 'route: unknown command "bogus"' route bogus
usage "route add: no prefix" 'route add: needs DEV and PREFIX' route add vxip0
usage "route add: no prefix length" 'route add: "10.0.0.0" needs a prefix length' route add vxip0 10.0.0.0 peer 10.0.0.1
usage "route add: empty prefix length" 'route add: invalid prefix length ""' route add vxip0 10.0.0.0/ peer 10.0.0.1
usage "route add: prefix length 129" 'route add: invalid prefix length "129"' route add vxip0 fd00::/129 peer 10.0.0.1
usage "route add: prefix length -1" 'route add: invalid prefix length "-1"' route add vxip0 10.0.0.0/-1 peer 10.0.0.1
usage "route add: prefix length not a number" 'route add: invalid prefix length "x"' route add vxip0 10.0.0.0/x peer 10.0.0.1
usage "route add: prefix length as a mask" 'route add: invalid prefix length "255.0.0.0"' route add vxip0 10.0.0.0/255.0.0.0 peer 10.0.0.1
todo="vxipctl sends it; the kernel refuses it (exit 1)"
usage "route add: IPv4 prefix length 33" 'route add: invalid prefix length "33"' route add vxip0 10.0.0.0/33 peer 10.0.0.1
todo="the prefix is cut at 53 characters: /000...024 becomes /0"
zeros=$(printf '%050d' 0)
usage "route add: long prefix length" "route add: invalid prefix length \"${zeros}24\"" route add vxip0 "10.0.0.0/${zeros}24" peer 10.0.0.1
todo=
usage "route add: bad prefix address" 'route add: invalid address "10.0.0"' route add vxip0 10.0.0/8 peer 10.0.0.1
usage "route add: bad IPv6 prefix" 'route add: invalid address "fd00:::"' route add vxip0 fd00:::/64 peer 10.0.0.1
usage "route add: no peer" 'route add: "peer ADDR" is required' route add vxip0 10.0.0.0/8
usage "route add: bad peer" 'route add: invalid peer "x"' route add vxip0 10.0.0.0/8 peer x
usage "route add: unknown encap" 'route add: unknown encap "gre"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 encap gre
usage "route add: vni not a number" 'route add: invalid vni "x"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni x
usage "route add: vni -1" 'route add: invalid vni "-1"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni -1
todo="vxipctl sends it; the kernel refuses it (exit 1)"
usage "route add: vni 2^24" 'route add: invalid vni "16777216"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni 16777216
todo=
usage "route add: bad rmac" 'route add: invalid MAC "02:00:00:00:00"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 rmac 02:00:00:00:00
usage "route add: unknown owner" 'route add: unknown owner "ospf"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 owner ospf
usage "route add: gen not a number" 'route add: invalid generation "1.5"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 gen 1.5
usage "route add: keyword without a value" 'route add: "rmac" needs a value' route add vxip0 10.0.0.0/8 peer 10.0.0.1 rmac
usage "route add: unknown keyword" 'route add: unknown argument "metric"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 metric 1
usage "route del: extra argument" 'route del: unexpected argument "peer"' route del vxip0 10.0.0.0/8 peer 10.0.0.1
usage "route get: no address" 'route get: usage: route get DEV ADDR' route get vxip0
usage "route get: bad address" 'route get: invalid address "bogus"' route get vxip0 bogus
usage "route get: prefix length 200" 'route get: invalid prefix length "200"' route get vxip0 10.0.0.1/200
usage "route show: bad peer" 'route show: invalid address "x"' route show peer x
usage "route show: unknown owner" 'route show: unknown owner "x"' route show vxip0 owner x
usage "route show: keyword without a value" 'route show: "owner" needs a value' route show vxip0 owner
usage "route show: unknown keyword" 'route show: unknown argument "vni"' route show vxip0 vni 1
accepted "route add: IPv6 /128, every option" "route add" route add vxip0 fd00::1/128 peer 10.0.0.1 \
	encap vxlan vni 16777215 rmac 02:00:00:00:00:01 owner static gen 4294967295
accepted "route add: IPv4 /0" "route add" route add vxip0 0.0.0.0/0 peer 10.0.0.1
accepted "route get: a bare address" "route get" route get vxip0 10.0.0.1

# --- flush ----------------------------------------------------------------
usage "flush: no device" 'flush: which device?' flush
usage "flush: device name too long" "\"$long\" is too long for a device name" flush $long
usage "flush: owner without a value" 'flush: "owner" needs a value' flush vxip0 owner
usage "flush: unknown owner" 'flush: unknown owner "bogus"' flush vxip0 owner bogus
usage "flush: gen-below not a number" 'flush: invalid generation "x"' flush vxip0 owner evpn gen-below x
usage "flush: gen-below above 2^32-1" 'flush: invalid generation "4294967296"' flush vxip0 owner evpn gen-below 4294967296
usage "flush: unknown keyword" 'flush: unknown argument "bogus"' flush vxip0 bogus 1
todo="a bad peer address is taken as the \"peer\" scope, then as a keyword"
usage "flush: bad peer address" 'flush: invalid address "bogus"' flush vxip0 peer bogus
usage "flush: 256 in a peer address" 'flush: invalid address "10.0.0.256"' flush vxip0 peer 10.0.0.256 owner evpn
todo=
accepted "flush: every filter" "flush" flush vxip0 fdb route peer 10.0.0.1 owner evpn gen-below 4294967295
accepted "flush: the peer scope" "flush" flush vxip0 peer

# --- monitor --------------------------------------------------------------
usage "monitor: extra argument" 'monitor: unexpected argument "x"' monitor x

# --- batch mode -----------------------------------------------------------
printf '# a comment\n\n  \npeer add vxip0 bogus\npeer add vxip0 10.0.0.1\n' > "$tmp/b1"
usage "batch: bad address on line 4" 'line 4: peer add: invalid address "bogus"' -b "$tmp/b1"
printf '\n\nbogus show\n' > "$tmp/b2"
usage "batch: unknown object on line 3" 'line 3: unknown object "bogus"' -b "$tmp/b2"
{ printf 'peer add vxip0 10.0.0.1'; printf ' gen 1%.0s' $(seq 30); echo; } > "$tmp/b3"
expect "batch: 64 arguments on a line are taken" 1 \
	"vxipctl: line 1: fakegenl: request 3 reached the kernel"$'\nvxipctl: batch: 1 of 1 requests failed' \
	-b "$tmp/b3"
{ echo; printf 'peer add vxip0 10.0.0.1'; printf ' gen 1%.0s' $(seq 30); printf ' gen\n'; } > "$tmp/b4"
usage "batch: 65 arguments on a line" 'line 2: too many arguments' -b "$tmp/b4"
printf '#\nfdb add vxip0 02:00:00:00:00 peer 10.0.0.1\n' > "$tmp/stdin"
usage "batch from stdin: bad MAC on line 2" 'line 2: fdb add: invalid MAC "02:00:00:00:00"' -b -
: > "$tmp/stdin"
printf 'route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni 2\nroute add vxip0 10.1.0.0/16 peer 10.0.0.1 vni x\n' > "$tmp/b5"
run_ctl -b "$tmp/b5"
if [ "$rc" != 0 ] && echo "$err" | grep -qx 'vxipctl: line 2: route add: invalid vni "x"' &&
   echo "$err" | grep -qx 'vxipctl: line 1: fakegenl: request [0-9]* reached the kernel'; then
	result ok "batch: a good line 1 is sent, line 2's bad vni is reported"
else
	result "not ok" "batch: a good line 1 is sent, line 2's bad vni is reported" "got status $rc, stderr: $err"
fi
expect "batch: a missing file" 1 "vxipctl: cannot open $tmp/none: No such file or directory" -b "$tmp/none"

# --- report ---------------------------------------------------------------
echo "1..${#results[@]}"
i=0
for r in "${results[@]}"; do
	i=$((i + 1))
	printf '%s\n' "${r/@N@/$i}"
done
[ "$n_fail" = 0 ]
