#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxipctl's argument parsing, on the host, without a VM: every usage error
# (exit status 2 and the exact message on stderr, as vxipctl(8) says), bad
# MACs, addresses, prefixes, VNIs, ports, generations and owners, keyword
# abbreviations, batch mode's line numbers and stops, refused dumps, and
# what show, flush and monitor print.  KTAP on stdout; run by "make unit".
#
# The host has no vxip module: tests/unit/fakegenl.c (LD_PRELOADed)
# answers the family lookup and refuses every vxip request with "fakegenl:
# request N reached the kernel" (a dump in its NLMSG_DONE, as the kernel
# does).  A bad argument that vxipctl accepts therefore shows as exit
# status 1 with that message.  Requests for the device ok0 succeed, with
# canned routes and flush counts, and monitor gets one event of each kind.
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
	# A lost ACK would leave vxipctl waiting for ever: 124 is a hang.
	LD_PRELOAD=$pre timeout 10 "$VXIPCTL" "$@" < "$tmp/stdin" > "$tmp/out" 2> "$tmp/err"
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
usage "bad peer address refused without the vxip module" 'peer add: invalid address "bogus"' --no-fake peer add vxip0 bogus
usage "bad batch line refused without the vxip module" 'line 1: fdb add: invalid MAC "x"' --no-fake -b <(echo "fdb add vxip0 x peer 10.0.0.1")

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
usage "dev set: port 0" 'dev set: invalid port "0"' dev set vxip0 port 0
usage "dev set: ageing above 7 days" 'dev set: invalid ageing "604801"' dev set vxip0 ageing 604801
usage "dev set: max-fdb above 2^32-1" 'dev set: invalid max-fdb "4294967296"' dev set vxip0 max-fdb 4294967296
usage "dev set: max-routes not a number" 'dev set: invalid max-routes "x"' dev set vxip0 max-routes x
usage "dev set: learning maybe" 'dev set: learning is on or off, not "maybe"' dev set vxip0 learning maybe
usage "dev set: udp-csum 2" 'dev set: udp-csum is on or off, not "2"' dev set vxip0 udp-csum 2
usage "dev set: udp6-zero-csum-rx 2" 'dev set: udp6-zero-csum-rx is on or off, not "2"' dev set vxip0 udp6-zero-csum-rx 2
usage "dev set: strict empty" 'dev set: strict is on or off, not ""' dev set vxip0 strict ""
usage "dev set: vni not a number" 'dev set: invalid vni "x"' dev set vxip0 vni x
usage "dev set: vni -1" 'dev set: invalid vni "-1"' dev set vxip0 vni -1
usage "dev set: vni above 2^32-1" 'dev set: invalid vni "4294967296"' dev set vxip0 vni 4294967296
usage "dev set: vni 2^24" 'dev set: invalid vni "16777216"' dev set vxip0 vni 16777216
accepted "dev set: vni 2^24-1" "dev set" dev set vxip0 vni 16777215
usage "dev set: vni 2^32-1 is not none" 'dev set: invalid vni "4294967295"' dev set vxip0 vni 4294967295
usage "dev set: local not an address" 'dev set: invalid local address "10.0.0"' dev set vxip0 local 10.0.0
usage "dev set: local 256 in an octet" 'dev set: invalid local address "10.0.0.256"' dev set vxip0 local 10.0.0.256
accepted "dev set: local IPv6 (the kernel decides)" "dev set" dev set vxip0 local fd00::1
accepted "dev set: mac" "dev set" dev set vxip0 mac 02:11:22:33:44:55
usage "dev set: mac not a MAC" 'dev set: invalid mac "02:11:22"' dev set vxip0 mac 02:11:22
usage "dev set: multicast mac" 'dev set: invalid mac "01:00:5e:00:00:01"' dev set vxip0 mac 01:00:5e:00:00:01
usage "dev set: all-zero mac" 'dev set: invalid mac "00:00:00:00:00:00"' dev set vxip0 mac 00:00:00:00:00:00
usage "dev set: srcport MIN only" 'dev set: srcport takes MIN MAX or auto' dev set vxip0 srcport 100
usage "dev set: srcport MAX 65536" 'dev set: srcport takes MIN MAX or auto' dev set vxip0 srcport 1 65536
usage "dev set: srcport MIN not a number" 'dev set: srcport takes MIN MAX or auto' dev set vxip0 srcport x 2
usage "dev set: ttl 0" 'dev set: ttl is 1-255, auto or inherit' dev set vxip0 ttl 0
usage "dev set: ttl 256" 'dev set: ttl is 1-255, auto or inherit' dev set vxip0 ttl 256
usage "dev set: tos 256" 'dev set: tos is 0-255 or inherit' dev set vxip0 tos 256
usage "dev set: df maybe" 'dev set: df is set, unset or inherit' dev set vxip0 df maybe
accepted "dev set: every setting at its limits" "dev set" dev set vxip0 vni 16777215 port 65535 \
	srcport 0 65535 ttl 255 tos 0xff df inherit udp-csum off learning on \
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
accepted "peer add: IPv6 address (the kernel decides)" "peer add" peer add vxip0 fd00::1
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
usage "fdb add: MAC with a minus sign" 'fdb add: invalid MAC "-1:00:00:00:00:01"' fdb add vxip0 -1:00:00:00:00:01 peer 10.0.0.1
usage "fdb add: MAC with a plus sign" 'fdb add: invalid MAC "+1:00:00:00:00:01"' fdb add vxip0 +1:00:00:00:00:01 peer 10.0.0.1
usage "fdb add: MAC with a space" 'fdb add: invalid MAC " 1:00:00:00:00:01"' fdb add vxip0 " 1:00:00:00:00:01" peer 10.0.0.1
usage "fdb add: MAC with a trailing colon" 'fdb add: invalid MAC "02:00:00:00:00:01:"' fdb add vxip0 02:00:00:00:00:01: peer 10.0.0.1
usage "fdb add: multicast MAC" 'fdb add: invalid MAC "01:00:5e:00:00:01"' fdb add vxip0 01:00:5e:00:00:01 peer 10.0.0.1
usage "fdb replace: broadcast MAC" 'fdb replace: invalid MAC "ff:ff:ff:ff:ff:ff"' fdb replace vxip0 ff:ff:ff:ff:ff:ff peer 10.0.0.1
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
usage "flood add: no peer" 'flood add: usage: flood add DEV peer ADDR [owner OWNER] [gen N]' flood add vxip0
usage "flood add: address without peer" 'flood add: usage: flood add DEV peer ADDR [owner OWNER] [gen N]' flood add vxip0 10.0.0.1
usage "flood add: extra argument" 'flood add: usage: flood add DEV peer ADDR [owner OWNER] [gen N]' flood add vxip0 peer 10.0.0.1 x
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
usage "route add: IPv4 prefix length 33" 'route add: invalid prefix length "33"' route add vxip0 10.0.0.0/33 peer 10.0.0.1
accepted "route add: IPv6 prefix length 128" "route add" route add vxip0 fd00::1/128 peer 10.0.0.1
zeros=$(printf '%050d' 0)
usage "route add: long prefix length" "route add: invalid prefix length \"${zeros}24\"" route add vxip0 "10.0.0.0/${zeros}24" peer 10.0.0.1
usage "route add: long prefix address" "route add: invalid address \"1${zeros}\"" route add vxip0 "1${zeros}/24" peer 10.0.0.1
usage "route add: bad prefix address" 'route add: invalid address "10.0.0"' route add vxip0 10.0.0/8 peer 10.0.0.1
usage "route add: bad IPv6 prefix" 'route add: invalid address "fd00:::"' route add vxip0 fd00:::/64 peer 10.0.0.1
usage "route add: no peer" 'route add: "peer ADDR" is required' route add vxip0 10.0.0.0/8
usage "route add: bad peer" 'route add: invalid peer "x"' route add vxip0 10.0.0.0/8 peer x
usage "route add: unknown encap" 'route add: unknown encap "gre"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 encap gre
usage "route add: vni not a number" 'route add: invalid vni "x"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni x
usage "route add: vni -1" 'route add: invalid vni "-1"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni -1
usage "route add: vni 2^24" 'route add: invalid vni "16777216"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni 16777216
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
usage "flush: bad peer address" 'flush: invalid address "bogus"' flush vxip0 peer bogus
usage "flush: 256 in a peer address" 'flush: invalid address "10.0.0.256"' flush vxip0 peer 10.0.0.256 owner evpn
accepted "flush: every filter" "flush" flush vxip0 fdb route peer 10.0.0.1 owner evpn gen-below 4294967295
accepted "flush: the peer scope" "flush" flush vxip0 peer
accepted "flush: the peer scope, then a filter" "flush" flush vxip0 peer owner evpn

# --- monitor --------------------------------------------------------------
usage "monitor: unknown object" 'monitor: unknown object "x"' monitor x

# --- batch mode -----------------------------------------------------------
printf '# a comment\n\n  \npeer add vxip0 bogus\npeer add vxip0 10.0.0.1\n' > "$tmp/b1"
usage "batch: bad address on line 4" 'line 4: peer add: invalid address "bogus"' -b "$tmp/b1"
printf '\n\nbogus show\n' > "$tmp/b2"
usage "batch: unknown object on line 3" 'line 3: unknown object "bogus"' -b "$tmp/b2"
{ printf 'peer add vxip0 10.0.0.1'; printf ' gen 1%.0s' $(seq 30); echo; } > "$tmp/b3"
expect "batch: 64 arguments on a line are taken" 1 \
	"vxipctl: line 1: peer add: fakegenl: request 3 reached the kernel" -b "$tmp/b3"
{ echo; printf 'peer add vxip0 10.0.0.1'; printf ' gen 1%.0s' $(seq 30); printf ' gen\n'; } > "$tmp/b4"
usage "batch: 65 arguments on a line" 'line 2: too many arguments' -b "$tmp/b4"
printf '#\nfdb add vxip0 02:00:00:00:00 peer 10.0.0.1\n' > "$tmp/stdin"
usage "batch from stdin: bad MAC on line 2" 'line 2: fdb add: invalid MAC "02:00:00:00:00"' -b -
: > "$tmp/stdin"
printf 'route add vxip0 10.0.0.0/8 peer 10.0.0.1 vni 2\nroute add vxip0 10.1.0.0/16 peer 10.0.0.1 vni x\n' > "$tmp/b5"
expect "batch -force: a good line 1 is sent, line 2's bad vni is reported" 1 \
	'vxipctl: line 2: route add: invalid vni "x"
Try "vxipctl help".
vxipctl: line 1: route add: fakegenl: request 14 reached the kernel
vxipctl: batch: 1 of 1 requests refused; lines not understood: 1' -force -b "$tmp/b5"
expect "batch: a missing file" 1 "vxipctl: cannot open $tmp/none: No such file or directory" -b "$tmp/none"
# As ip -batch: the first refused request stops the batch (line 2 is
# never sent); -force goes on.
printf 'peer add vxip0 10.0.0.1\npeer add vxip0 10.0.0.2\n' > "$tmp/b6"
expect "batch: stops at the first refused request" 1 \
	"vxipctl: line 1: peer add: fakegenl: request 3 reached the kernel" -b "$tmp/b6"
expect "batch -force: goes on after a refused request" 1 \
	"vxipctl: line 1: peer add: fakegenl: request 3 reached the kernel
vxipctl: line 2: peer add: fakegenl: request 3 reached the kernel
vxipctl: batch: 2 of 2 requests refused" -force -b "$tmp/b6"
# A line found bad after its request was begun takes no sequence number:
# each ACK is blamed on its own line, and none is waited for in vain.
printf 'peer add vxip0 10.0.0.1\npeer add vxip0 10.0.0.2 gen x\nfdb add vxip0 02:00:00:00:00:01 peer 10.0.0.1\n' > "$tmp/b7"
expect "batch -f: a bad line between two requests" 1 \
	'vxipctl: line 2: peer add: invalid generation "x"
Try "vxipctl help".
vxipctl: line 1: peer add: fakegenl: request 3 reached the kernel
vxipctl: line 3: fdb add: fakegenl: request 6 reached the kernel
vxipctl: batch: 2 of 2 requests refused; lines not understood: 1' -f -b "$tmp/b7"
# A line that cannot be sent because the family cannot be looked up is
# that line's failure (the torture's fault injection relies on it).
expect "batch -force: no family: every line says so" 1 \
	'vxipctl: line 1: peer add: generic netlink family "vxip" not found: is the vxip module loaded?
vxipctl: line 2: peer add: generic netlink family "vxip" not found: is the vxip module loaded?
vxipctl: batch: 2 of 2 requests refused' --no-fake -force -b "$tmp/b6"
printf 'peer add ok0 10.0.0.1\nroute add ok0 10.0.0.0/8 peer 10.0.0.1 encap ipip\nflush ok0 route\n' > "$tmp/b8"
expect "batch: requests the kernel takes" 0 "" -b "$tmp/b8"
expect "batch -force: requests the kernel takes" 0 "" -force -b "$tmp/b8"

expect "a warning with the ACK is printed" 0 "vxipctl: peer del: warning: fakegenl: peer stays" \
	peer del ok0 10.0.0.1
printf 'peer add ok0 10.0.0.1\npeer del ok0 10.0.0.1\n' > "$tmp/b10"
expect "batch: a warning names its line" 0 "vxipctl: line 2: peer del: warning: fakegenl: peer stays" \
	-b "$tmp/b10"
expect "batch -force: a warning names its line" 0 "vxipctl: line 2: peer del: warning: fakegenl: peer stays" \
	-force -b "$tmp/b10"

expect "peer replace: no NLM_F_REPLACE (VXIP_A_REQ_FLAGS)" 0 "" peer replace ok0 10.0.0.1 gen 2
expect "fdb replace: no NLM_F_REPLACE" 0 "" fdb replace ok0 $mac peer 10.0.0.1
expect "route replace: no NLM_F_REPLACE" 0 "" route replace ok0 10.0.0.0/8 peer 10.0.0.1 encap ipip

# --- requests larger than the buffer -------------------------------------
ips=$(for i in $(seq 500); do printf ' ip fd00::%x' "$i"; done)
# shellcheck disable=SC2086
usage "fdb add: 500 IPv6 addresses do not fit a request" \
	'fdb add: too many arguments: the request is larger than 8192 bytes' \
	fdb add vxip0 $mac peer 10.0.0.1 $ips

# --- dumps the kernel refuses: its message, exit status 1, no output -------
accepted "peer show: a refused dump" "peer show" peer show vxip0
accepted "dev show: a refused dump" "dev show" dev show
accepted "flood show: a refused dump" "flood show" flood show vxip0
accepted "route show: a refused dump" "route show" route show vxip0
accepted "fdb show: a refused dump" "fdb show" fdb show vxip0
for obj in peer fdb flood route; do
	run_ctl -j $obj show vxip0
	if [ "$rc" = 1 ] && [ ! -s "$tmp/out" ]; then
		result ok "$obj show -j: nothing on stdout for a refused dump"
	else
		result "not ok" "$obj show -j: nothing on stdout for a refused dump" \
			"got status $rc, stdout: $(cat "$tmp/out")"
	fi
done

# out_is DESC WANT ARGS...: vxipctl ARGS prints WANT on stdout, status 0
# (JSON with -j, compared as jq -c prints it).
out_is() {
	local desc=$1 want=$2 got
	shift 2
	run_ctl "$@"
	if [ "$1" = -j ]; then
		got=$(jq -c . "$tmp/out" 2>&1)
	else
		got=$(cat "$tmp/out")
	fi
	if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
		result ok "$desc"
	else
		result "not ok" "$desc" "$(printf 'vxipctl %s\nwant status 0, stdout:\n%s\ngot status %s, stdout:\n%s\nstderr:\n%s' \
			"$*" "$want" "$rc" "$got" "$err")"
	fi
}

# --- what show and flush print --------------------------------------------
routes="10.1.0.0/16 dev ok0 peer 10.0.0.1 owner cni gen 7
10.2.0.0/24 dev ok0 peer 10.0.0.1 encap ipip owner 200 gen 7
10.3.0.0/24 dev ok0 peer 10.0.0.1 encap ipip owner static gen 9"
out_is "route show: no encap for a route that follows its peer's" "$routes" route show ok0
sed 's/^/route replace /' "$tmp/out" > "$tmp/b9"
expect "route show: its lines are route replace's input" 0 "" -b "$tmp/b9"
out_is "route show -j: an array, spec names" \
	'[{"dev":"ok0","dst":"10.1.0.0","plen":16,"peer":"10.0.0.1","owner":"cni","gen":7},{"dev":"ok0","dst":"10.2.0.0","plen":24,"peer":"10.0.0.1","encap":"ipip","owner":200,"gen":7},{"dev":"ok0","dst":"10.3.0.0","plen":24,"peer":"10.0.0.1","encap":"ipip","owner":"static","gen":9}]' \
	-j route show ok0
for obj in dev peer fdb flood; do
	out_is "$obj show -j: an array, also when empty" "[]" -j $obj show ok0
done
out_is "flush -j: counts above 2^31, spec names" \
	'{"n-fdb":3000000000,"n-peers":1,"n-flood":2,"n-routes":4}' -j flush ok0
out_is "flush: counts" "flushed 3000000000 fdb entries, 1 peers, 2 flood-list members, 4 routes" flush ok0

# --- -V: vxipctl's version, and the module's (not loaded on the host) -------
run_ctl --no-fake -V
if [ "$rc" = 0 ] && [ "$(sed -n 2p "$tmp/out")" = "vxip module not loaded" ] &&
   head -n 1 "$tmp/out" | grep -qE '^vxipctl [0-9a-z.-]+$'; then
	result ok "-V: vxipctl's version; the module is not loaded"
else
	result "not ok" "-V: vxipctl's version; the module is not loaded" \
		"got status $rc, stdout: $(cat "$tmp/out")"
fi

# --- stats ----------------------------------------------------------------
usage "stats: two devices" 'stats: unexpected argument "vxip1"' stats vxip0 vxip1
usage "stats: --prometheus and -j" 'stats: --prometheus or -j, not both' -j stats --prometheus
usage "stats: a bad device name" "\"$long\" is too long for a device name" stats -p $long
accepted "stats: a refused dump" "vxip0" stats --prometheus vxip0
out_is "stats: a device the kernel sends nothing for, text" "" stats ok0
out_is "stats -j: nothing, JSON" "[]" -j stats ok0

# --- graph ----------------------------------------------------------------
usage "graph: -o with another suffix" 'graph: -o FILE ends in .svg, .png or .dot' graph -o "$tmp/g.txt"
usage "graph: JSON" 'graph: no JSON output' -j graph
usage "graph: two devices" 'graph: unexpected argument "vxip1"' graph vxip0 vxip1
accepted "graph: a refused dump" "vxip0" graph vxip0
run_ctl graph ok0
if [ "$rc" = 0 ] && dot -Tcanon "$tmp/out" > /dev/null 2>&1 && grep -q '^digraph vxip {' "$tmp/out"; then
	result ok "graph: DOT that Graphviz reads, with only the legend"
else
	result "not ok" "graph: DOT that Graphviz reads, with only the legend" "status $rc: $(cat "$tmp/out" "$tmp/err")"
fi

# --- show -c and apply ----------------------------------------------------
out_is "show -c: the static owner's route, as route add takes it" \
	"route add ok0 10.3.0.0/24 peer 10.0.0.1 encap ipip" show -c ok0
usage "show: no -c" 'show: usage: show -c DEV' show ok0
usage "show -c: no device" 'show: usage: show -c DEV' show -c
usage "show -c: JSON" 'show -c: the output is batch lines; no JSON' -j show -c ok0
usage "show -c: a bad device name" "\"$long\" is too long for a device name" show -c $long
usage "apply: no file" 'apply: usage: apply FILE' apply
usage "apply: JSON" 'apply: no JSON output' -j apply "$tmp/none"
expect "apply: a missing file" 2 "vxipctl: cannot open $tmp/none: No such file or directory" apply "$tmp/none"
# apply_bad DESC MESSAGE LINE...: a file apply refuses before it sends
# anything (the stand-in would say if a request reached it).
apply_bad() {
	local desc=$1 msg=$2 n=$#
	shift 2
	printf '%s\n' "$@" > "$tmp/ap"
	expect "apply: $desc" 2 "vxipctl: $msg"$'\nTry "vxipctl help".\n'"vxipctl: apply: line $((n - 2)) not understood; nothing changed" \
		apply "$tmp/ap"
}
apply_bad "a del line" 'peer: unknown command "del"' "peer add ok0 10.0.0.1" "peer del ok0 10.0.0.1"
apply_bad "a flush line" 'apply: unknown object "flush"' "flush ok0"
apply_bad "flood del" 'flood: unknown command "del"' "flood del ok0 peer 10.0.0.1"
apply_bad "dev show" 'dev: unknown command "show"' "dev show ok0"
apply_bad "an owner" 'apply: line 1: "owner": apply sets the owner (static) and the generation' \
	"fdb add ok0 $mac peer 10.0.0.1 owner evpn"
apply_bad "a gen, abbreviated" 'apply: line 2: "g": apply sets the owner (static) and the generation' \
	"# comment" "route add ok0 10.0.0.0/8 peer 10.0.0.1 g 3"
apply_bad "no device" 'apply: line 1: "route" needs a command and a device' "route add"
# A good file: one generation above the static route's 9, every line
# sent (the stand-in takes ok0's requests), then the older ones flushed.
printf '%s\n' "dev set ok0 vni 5" "peer add ok0 10.0.0.1 encap ipip" "flood add ok0 peer 10.0.0.1" \
	"fdb add ok0 $mac peer 10.0.0.1" "route add ok0 10.0.0.0/8 peer 10.0.0.1 encap ipip" > "$tmp/ap"
out_is "apply: generation 10, then the flush's counts" \
	"ok0: generation 10: flushed 3000000000 fdb entries, 1 peers, 2 flood-list members, 4 routes" \
	apply "$tmp/ap"
echo "route add ok0 10.3.0.0/24 peer 10.0.0.1 encap ipip" > "$tmp/stdin"
out_is "apply -: the file from standard input" \
	"ok0: generation 10: flushed 3000000000 fdb entries, 1 peers, 2 flood-list members, 4 routes" \
	apply -
: > "$tmp/stdin"
printf 'peer add ok0 10.0.0.1\npeer add vxip0 10.0.0.1\n' > "$tmp/ap"
accepted "apply: a refused dump stops it before any change" "vxip0" apply "$tmp/ap"

# --- monitor: what each event carries, -t, object filters, NDJSON ---------
# The stand-in's socket reports ESHUTDOWN after its events: status 1.
# mon_is DESC WANT ARGS...
mon_is() {
	local desc=$1 want=$2 got
	shift 2
	run_ctl "$@"
	got=$(sed -E 's/^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\] /[TIME] /' "$tmp/out")
	if [ "$rc" = 1 ] && [ "$got" = "$want" ]; then
		result ok "$desc"
	else
		result "not ok" "$desc" "$(printf 'vxipctl %s\nwant stdout:\n%s\ngot status %s, stdout:\n%s\nstderr:\n%s' \
			"$*" "$want" "$rc" "$got" "$err")"
	fi
}
mon_is "monitor: each event as it came, deletions with their key only" \
	"peer del: 10.0.0.2 dev ok0
peer new: 10.0.0.3 dev ok0 encap ipip owner 200 gen 1
fdb del: 02:00:00:00:00:01 dev ok0
route new: 10.3.0.0/24 dev ok0 peer 10.0.0.1 owner cni gen 7
flood del: 10.0.0.2 dev ok0
fdb new: 02:aa:bb:cc:dd:ee dev ok0 peer 10.0.0.3 dynamic owner learned
miss: dev ok0 mac 02:aa:bb:cc:dd:ee" monitor
mon_is "monitor peer route: those objects only" \
	"peer del: 10.0.0.2 dev ok0
peer new: 10.0.0.3 dev ok0 encap ipip owner 200 gen 1
route new: 10.3.0.0/24 dev ok0 peer 10.0.0.1 owner cni gen 7" monitor peer ro
mon_is "monitor -t: timestamps" "[TIME] miss: dev ok0 mac 02:aa:bb:cc:dd:ee" monitor -t miss
mon_is "-t monitor: timestamps" "[TIME] flood del: 10.0.0.2 dev ok0" -t monitor flood
mon_is "monitor -j: one object per line" \
	'{"event":"fdb del","dev":"ok0","mac":"02:00:00:00:00:01"}
{"event":"flood del","dev":"ok0","peer":"10.0.0.2"}
{"event":"fdb new","dev":"ok0","mac":"02:aa:bb:cc:dd:ee","peer":"10.0.0.3","flags":[],"owner":"learned"}' -j monitor fdb flood
usage "monitor: ambiguous object" 'monitor: object "f" is ambiguous: fdb, flood' monitor f

# --- keywords abbreviated: unambiguous prefixes, ambiguous ones refused ----
usage "object f: ambiguous" 'object "f" is ambiguous: fdb, flood, flush' f show
usage "object fl: ambiguous" 'object "fl" is ambiguous: flood, flush' fl vxip0
usage "dev set l: ambiguous" 'dev set: setting "l" is ambiguous: learning, local' dev set vxip0 l on
usage "dev set max: ambiguous" 'dev set: setting "max" is ambiguous: max-fdb, max-routes' dev set vxip0 max 1
usage "flush f: ambiguous" 'flush: argument "f" is ambiguous: fdb, flood' flush vxip0 f
usage "fdb add st: ambiguous" 'fdb add: argument "st" is ambiguous: sticky, static' fdb add vxip0 $mac peer 10.0.0.1 st
usage "dev s: ambiguous" 'dev: command "s" is ambiguous: show, set' dev s vxip0
accepted "route add, abbreviated" "route add" ro a vxip0 10.0.0.0/8 pe 10.0.0.1 enc ipip o evpn g 1
accepted "peer del, abbreviated" "peer del" pe de vxip0 10.0.0.1
accepted "dev set, abbreviated" "dev set" d se vxip0 udp-c off lea on max-f 10 stri on udp6-zero-csum-t on
usage "dev set udp: ambiguous" 'dev set: setting "udp" is ambiguous: udp-csum, udp6-zero-csum-tx, udp6-zero-csum-rx' dev set vxip0 udp off
accepted "flood del, abbreviated" "flood del" floo d vxip0 p 10.0.0.1
accepted "flush, abbreviated" "flush" flus vxip0 fd ow evpn gen 3
accepted "fdb add, abbreviated" "fdb add" fd a vxip0 $mac p 10.0.0.1 sti dy

# --- owners: a name or a number 1-255 -------------------------------------
accepted "peer add: owner by number" "peer add" peer add vxip0 10.0.0.1 owner 200
accepted "peer add: owner cni" "peer add" peer add vxip0 10.0.0.1 owner cni
accepted "flush: owner 255" "flush" flush vxip0 owner 255 gen-below 3
accepted "peer del: one owner's claim" "peer del" peer del vxip0 10.0.0.1 owner evpn
accepted "fdb del: one owner's entry" "fdb del" fdb del vxip0 $mac owner 7
accepted "route del: one owner's route" "route del" route del vxip0 10.0.0.0/8 owner gossip
accepted "flood add: an owner's membership" "flood add" flood add vxip0 peer 10.0.0.1 owner gossip gen 3
accepted "flood del: an owner's membership" "flood del" flood del vxip0 peer 10.0.0.1 owner gossip
usage "flood del: no gen" 'flood del: unexpected argument "gen"' flood del vxip0 peer 10.0.0.1 gen 3
usage "flood add: owner 256" 'flood add: unknown owner "256"' flood add vxip0 peer 10.0.0.1 owner 256
usage "peer add: owner 0" 'peer add: unknown owner "0"' peer add vxip0 10.0.0.1 owner 0
usage "route add: owner 256" 'route add: unknown owner "256"' route add vxip0 10.0.0.0/8 peer 10.0.0.1 owner 256
usage "fdb show: owner -1" 'fdb show: unknown owner "-1"' fdb show owner -1

# --- report ---------------------------------------------------------------
echo "1..${#results[@]}"
i=0
for r in "${results[@]}"; do
	i=$((i + 1))
	printf '%s\n' "${r/@N@/$i}"
done
[ "$n_fail" = 0 ]
