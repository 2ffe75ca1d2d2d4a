#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxipctl's bash completion (contrib/vxipctl.bash-completion), on the
# host: what it offers at the cursor, as bash's programmable completion
# would ask it.  Device names come from "ip -j link show type vxip"; a
# stand-in ip prints two.  KTAP on stdout; run by "make unit".
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=contrib/vxipctl.bash-completion
source contrib/vxipctl.bash-completion

echo "TAP version 13"
n=0 n_fail=0

ip() {	# the stand-in: two vxip devices, in any namespace
	[ "$*" = "-j link show type vxip" ] || [ "$*" = "-n ns1 -j link show type vxip" ] ||
		{ echo "unexpected: ip $*" >&2; return 1; }
	echo '[{"ifindex":5,"ifname":"vxip0","flags":["UP"]},{"ifindex":6,"ifname":"vxip-b"}]'
}

# offers WANT WORD...: completing the last WORD of "vxipctl WORD..." offers WANT.
offers() {
	local want=$1 got
	shift
	COMP_WORDS=(vxipctl "$@")
	COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
	_vxipctl
	got="${COMPREPLY[*]}"
	n=$((n + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $n completion: vxipctl $* -> $want"
	else
		n_fail=$((n_fail + 1))
		echo "# got: $got"
		echo "not ok $n completion: vxipctl $* -> $want"
	fi
}

offers "dev peer fdb flood route flush monitor stats graph show apply help" ""
offers "route" ro
offers "-V -j -t -n -b -f -h" -
offers "add replace del show get" -j route ""
offers "vxip0 vxip-b" route add ""
offers "vxip-b" -n ns1 fdb show vxip-
offers "vxip0 vxip-b" flush ""
offers "peer encap vni rmac owner gen" route add vxip0 10.0.0.0/8 ""
offers "evpn" fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.2 owner e
offers "set unset inherit" dev set vxip0 df ""
offers "udp6-zero-csum-tx udp6-zero-csum-rx" dev set vxip0 udp6
offers "on off" dev set vxip0 udp6-zero-csum-rx ""
offers "fdb peer flood route all owner gen-below" flush vxip0 ""
offers "-c" show ""
offers "--prometheus vxip0 vxip-b" stats ""
offers "-o vxip0 vxip-b" graph ""
offers "-t dev peer fdb flood route miss all" monitor ""

# The objects it offers are vxipctl help's, and help.
objs=$("${VXIPCTL:-userspace/vxipctl/vxipctl}" help |
	sed -n '/^Objects and commands:/,/^$/p' | awk '/^  [a-z]/ { print $1 }' | uniq)
offers "$(echo $objs help)" ""

echo "1..$n"
[ "$n_fail" = 0 ]
