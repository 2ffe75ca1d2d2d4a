#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The vxip family's refusals: one precise extack message per bad request,
# permissions, VNI and port conflicts, table limits, batch errors.
source "$(dirname "$0")/lib.sh"
require_cmd jq setpriv unshare nsenter

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup() {
	setup_ns NS OTHER || return 1
	$IP -n "$NS" link add vxip0 type vxip &&
	$VXIPCTL -n "$NS" dev set vxip0 vni 42 &&
	$VXIPCTL -n "$NS" peer add vxip0 192.168.0.2 &&
	$VXIPCTL -n "$NS" flood add vxip0 peer 192.168.0.2
}

# The kernel's refusals, through vxipctl, which prints the extack message
# and the attribute.  What vxipctl refuses itself (port 0, a VNI above
# 2^24-1, a multicast MAC, an IPv4 /33) the kernel refuses too: py/abi2.py
# sends those raw (t_abi2_requests).
t_dev_set_refusals() {
	ctl_refused "$NS" "vxipctl: dev set: Source port range must be MIN <= MAX, both non-zero, or 0-0 for automatic (attribute dev.srcport-min)" \
		dev set vxip0 srcport 50000 40000
	ctl_refused "$NS" "vxipctl: dev set: Local address must be a unicast address, or 0.0.0.0 for automatic (attribute dev.local4)" \
		dev set vxip0 local 224.0.0.1
	ctl_refused "$NS" "vxipctl: dev set: integer out of range (attribute dev.ageing, valid 1-604800)" \
		dev set vxip0 ageing 0
	ctl_refused "$NS" "vxipctl: dev set: No device with this name (attribute ifname)" \
		dev set nosuch vni 1
	# Nothing changed by the refusals.
	expect_eq "config" "$($VXIPCTL -n "$NS" -j dev show vxip0 | jq -c '.[0] | [.vni, .port, .local, .ageing]')" \
		'[42,4789,null,300]'
}

t_peer_refusals() {
	ctl_refused "$NS" "vxipctl: peer add: Peer address must be a unicast IPv4 address (attribute peer.addr4)" \
		peer add vxip0 224.0.0.5
	ctl_refused "$NS" "vxipctl: peer add: Peer already exists for this owner (replace changes it) (attribute peer.addr4)" \
		peer add vxip0 192.168.0.2
	ctl_refused "$NS" "vxipctl: peer add: Peer exists with other settings (replace changes them) (attribute peer.addr4)" \
		peer add vxip0 192.168.0.2 encap ipip owner evpn
	ctl_refused "$NS" "vxipctl: peer add: Owner 'learned' is the datapath's own (attribute peer.owner)" \
		peer add vxip0 192.168.0.2 owner learned
	ctl_refused "$NS" "vxipctl: peer del: No such peer (attribute peer.addr4)" \
		peer del vxip0 192.168.0.99
	ctl_refused "$NS" "vxipctl: peer del: Peer has no claim by this owner (attribute peer.addr4)" \
		peer del vxip0 192.168.0.2 owner evpn
	# Eight owners at most; an unnamed one is a number.
	local o
	for o in 2 3 5 6 7 8 200; do
		$VXIPCTL -n "$NS" peer add vxip0 192.168.0.2 owner "$o" || fail "owner $o refused"
	done
	ctl_refused "$NS" "vxipctl: peer add: Peer has claims by too many owners (attribute peer.addr4)" \
		peer add vxip0 192.168.0.2 owner 9
	expect_eq "owners" "$($VXIPCTL -n "$NS" -j peer show vxip0 192.168.0.2 |
		jq -c '[.[0].claims[].owner]')" '["static","evpn","gossip","cni",6,7,8,200]'
	for o in 2 3 5 6 7 8 200; do
		$VXIPCTL -n "$NS" peer del vxip0 192.168.0.2 owner "$o"
	done
}

t_fdb_refusals() {
	local nine="" i
	for i in 1 2 3 4 5 6 7 8 9; do nine="$nine ip 10.1.1.$i"; done
	ctl_refused "$NS" "vxipctl: fdb add: No such peer (attribute fdb.peer4)" \
		fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.99
	ctl_refused "$NS" "vxipctl: fdb add: IP address must be a unicast address (attribute fdb.ip4)" \
		fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.2 ip 224.1.1.1
	# shellcheck disable=SC2086
	ctl_refused "$NS" "vxipctl: fdb add: Too many IP addresses: at most 8 per MAC (attribute fdb.ip4)" \
		fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.2 $nine
	ctl_refused "$NS" "vxipctl: fdb add: Owner 'learned' is the datapath's own (attribute fdb.owner)" \
		fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.2 owner learned
	$VXIPCTL -n "$NS" fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.2
	ctl_refused "$NS" "vxipctl: fdb add: FDB entry for this MAC already exists" \
		fdb add vxip0 02:00:00:00:00:01 peer 192.168.0.2
	ctl_refused "$NS" "vxipctl: fdb del: No FDB entry for this MAC (attribute fdb.mac)" \
		fdb del vxip0 02:00:00:00:00:99
	ctl_refused "$NS" "vxipctl: fdb del: FDB entry for this MAC belongs to another owner (attribute fdb.mac)" \
		fdb del vxip0 02:00:00:00:00:01 owner evpn
	$VXIPCTL -n "$NS" fdb del vxip0 02:00:00:00:00:01
}

t_flood_flush_refusals() {
	# A membership added again is refreshed, not refused.
	$VXIPCTL -n "$NS" flood add vxip0 peer 192.168.0.2 || fail "a repeated flood add was refused"
	expect_eq "memberships" "$($VXIPCTL -n "$NS" -j flood show vxip0 | jq length)" 1
	$VXIPCTL -n "$NS" peer add vxip0 192.168.0.3
	ctl_refused "$NS" "vxipctl: flood del: Peer is not on the flood list for this owner (attribute flood.peer4)" \
		flood del vxip0 peer 192.168.0.3
	ctl_refused "$NS" "vxipctl: flood del: Peer is not on the flood list for this owner (attribute flood.peer4)" \
		flood del vxip0 peer 192.168.0.2 owner evpn
	ctl_refused "$NS" "vxipctl: flush: A generation sweep needs an owner (VXIP_FLUSH_A_OWNER): generations are per owner (attribute flush.gen-below)" \
		flush vxip0 gen-below 3
	ctl_refused "$NS" "vxipctl: flood add: No such peer (attribute flood.peer4)" \
		flood add vxip0 peer 192.168.0.99
	ctl_refused "$NS" "vxipctl: flush: No such peer (attribute flush.peer4)" \
		flush vxip0 peer 192.168.0.99
	$VXIPCTL -n "$NS" peer del vxip0 192.168.0.3
}

t_sticky() {
	$VXIPCTL -n "$NS" peer add vxip0 192.168.0.3
	$VXIPCTL -n "$NS" fdb add vxip0 02:00:00:00:00:05 peer 192.168.0.2 sticky owner evpn
	ctl_refused "$NS" "vxipctl: fdb replace: MAC is sticky: only its owner can move it to another peer" \
		fdb replace vxip0 02:00:00:00:00:05 peer 192.168.0.3 owner gossip
	$VXIPCTL -n "$NS" fdb replace vxip0 02:00:00:00:00:05 peer 192.168.0.3 owner evpn
	$VXIPCTL -n "$NS" flush vxip0 peer 192.168.0.3 > /dev/null
}

# A container's root: nobody, in a user namespace of its own with a netns
# that namespace owns, creates and programs a vxip device there
# (GENL_UNS_ADMIN_PERM).  A device whose underlay is a netns it does not
# own takes every setting but the underlay's: the port and local address.
t_userns() {
	local ctl pid out old_clone="" dir
	# A copy the container's root may run: it is nobody outside, and the
	# build directory may not be open to nobody.
	dir=$(mktemp -d /tmp/vxip-userns.XXXXXX)
	chmod 755 "$dir"
	install -m 755 "$(command -v $VXIPCTL)" "$dir/vxipctl"
	ctl=$dir/vxipctl
	if [ -e /proc/sys/kernel/unprivileged_userns_clone ]; then
		old_clone=$(cat /proc/sys/kernel/unprivileged_userns_clone)
		echo 1 > /proc/sys/kernel/unprivileged_userns_clone
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn sleep 120 &
	pid=$!
	__in_own_userns() { [ "$(readlink "/proc/$pid/ns/user")" != "$(readlink /proc/self/ns/user)" ]; }
	busywait 30000 __in_own_userns || fail "no user namespace for nobody"
	# As the container's root: all capabilities in its user namespace,
	# none in the initial one.
	__ct() { nsenter -t "$pid" -U -n "$@"; }
	__ct "$IP" link add vxip0 type vxip || fail "ip link add in the container"
	__ct "$ctl" dev set vxip0 vni 5 port 4790 local 10.0.0.1 || fail "dev set in the container"
	__ct "$ctl" peer add vxip0 10.0.0.2 || fail "peer add in the container"
	__ct "$ctl" fdb add vxip0 02:00:00:00:07:01 peer 10.0.0.2 || fail "fdb add in the container"
	expect_eq "its FDB" "$(__ct "$ctl" -j fdb show vxip0 | jq -r '.[].mac')" 02:00:00:00:07:01
	# A device made in $NS (root's) and moved in: its underlay stays $NS.
	$IP -n "$NS" link add vxu0 type vxip
	$IP -n "$NS" link set vxu0 netns "$pid"
	__ct "$ctl" dev set vxu0 ttl 9 vni 6 || fail "dev set ttl of a moved device"
	out=$(__ct "$ctl" dev set vxu0 port 5000 2>&1) && fail "port of root's underlay changed"
	expect_eq "port refusal" "$out" \
		"vxipctl: dev set: Port and local address need CAP_NET_ADMIN over the underlay netns"
	expect_eq "port kept" "$(__ct "$ctl" -j dev show vxu0 | jq .[0].port)" 4789
	kill "$pid"
	wait "$pid" 2> /dev/null || :
	[ -z "$old_clone" ] || echo "$old_clone" > /proc/sys/kernel/unprivileged_userns_clone
	rm -rf "$dir"
}

# Every underlay address has an IPv6 form, taken wherever VXLAN carries
# it (vxlan6.sh sends traffic): peers, FDB entries (families mixed),
# flood list, routes, dump filters, flush, the local address; and shown
# back as given.
t_underlay6() {
	local c="$VXIPCTL -n $NS" fdb routes flood local6 peers
	$c peer add vxip0 fd00::2
	$c fdb add vxip0 02:00:00:00:06:01 peer fd00::2 peer 192.168.0.2
	$c flood add vxip0 peer fd00::2
	$c route add vxip0 10.6.0.0/16 peer fd00::2 rmac 02:00:00:00:06:02
	$c dev set vxip0 local fd00::1
	fdb=$($c -j fdb show vxip0 peer fd00::2 | jq -r '.[] | "\(.mac) \(.peers | join(","))"')
	routes=$($c -j route show vxip0 peer fd00::2 | jq -r '.[] | "\(.dst)/\(.plen) \(.peer)"')
	flood=$($c -j flood show vxip0 | jq -r '[.[].peer] | sort | join(" ")')
	local6=$($c -j dev show vxip0 | jq -r '.[0].local6')
	# Undone before the checks, so that a failure leaves the next tests
	# the table they expect.
	$c flush vxip0 peer fd00::2
	$c dev set vxip0 local ::
	peers=$($c -j peer show vxip0 | jq -r '[.[].addr] | join(" ")')
	expect_eq "FDB entry's peers" "$fdb" "02:00:00:00:06:01 fd00::2,192.168.0.2"
	expect_eq "routes to fd00::2" "$routes" "10.6.0.0/16 fd00::2"
	expect_eq "flood list" "$flood" "192.168.0.2 fd00::2"
	expect_eq "local6" "$local6" fd00::1
	expect_eq "peers after the flush" "$peers" 192.168.0.2
	expect_eq "FDB after the flush" "$($c -j fdb show vxip0 | jq length)" 0
	expect_eq "local6 after ::" "$($c -j dev show vxip0 | jq -r '.[0].local6')" null
}

# ABI 2's request rules, as a program that builds its own messages meets
# them: header flags, per-command attributes, VXIP_A_REQ_FLAGS, NLM_F_ECHO,
# dump filters (py/abi2.py prints one line per check).
t_abi2_requests() {
	local out rc=0
	out=$($IP netns exec "$NS" "$PYTHON" "$(dirname "$0")/py/abi2.py" \
		"$VXIP_SRC/uapi/linux/vxip.h" vxip0 2>&1) || rc=$?
	echo "$out" | sed 's/^/# /'
	[ "$rc" = 0 ] || fail "$(echo "$out" | grep -c '^FAIL') of the ABI checks failed"
	# One line per check the script makes.
	expect_eq "ABI checks run" "$(echo "$out" | grep -c '^ok ')" \
		"$(grep -cE '^(expect_err|check)\(' "$(dirname "$0")/py/abi2.py")"
}

# A full table refuses with ENOSPC and a message; what it holds still works.
t_fdb_full() {
	$VXIPCTL -n "$NS" dev set vxip0 max-fdb 2
	$VXIPCTL -n "$NS" fdb add vxip0 02:00:00:00:01:01 peer 192.168.0.2
	$VXIPCTL -n "$NS" fdb add vxip0 02:00:00:00:01:02 peer 192.168.0.2
	ctl_refused "$NS" "vxipctl: fdb add: FDB is full: max-fdb entries reached" \
		fdb add vxip0 02:00:00:00:01:03 peer 192.168.0.2
	$VXIPCTL -n "$NS" fdb replace vxip0 02:00:00:00:01:02 peer 192.168.0.2 gen 7
	expect_eq "entries" "$($VXIPCTL -n "$NS" -j fdb show vxip0 | jq -r '[.[].gen] | sort | @csv')" "0,7"
	$VXIPCTL -n "$NS" flush vxip0 fdb > /dev/null
	$VXIPCTL -n "$NS" dev set vxip0 max-fdb 0
}

nobody() {	# nobody NS CMD...: run as an unprivileged user in NS
	local ns=$1
	shift
	$IP netns exec "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

t_unprivileged() {
	local ctl out
	ctl=$(command -v $VXIPCTL)
	for args in "peer add vxip0 192.168.0.7" "peer del vxip0 192.168.0.2" \
		    "fdb add vxip0 02:00:00:00:00:07 peer 192.168.0.2" \
		    "flood del vxip0 peer 192.168.0.2" "flush vxip0" "dev set vxip0 vni 7"; do
		# shellcheck disable=SC2086
		out=$(nobody "$NS" "$ctl" $args 2>&1) && fail "'$args' allowed to nobody"
		echo "$out" | grep -q "Operation not permitted" || fail "'$args': $out"
	done
	out=$(nobody "$NS" "$ctl" monitor 2>&1) && fail "monitor allowed to nobody"
	expect_eq "monitor as nobody" "$out" \
		"vxipctl: monitor: cannot join the notification groups: Operation not permitted"
	# Reading is allowed, and nothing changed.
	expect_eq "peers seen by nobody" "$(nobody "$NS" "$ctl" -j peer show | jq -r '.[].addr')" 192.168.0.2
	expect_eq "flood list seen by nobody" "$(nobody "$NS" "$ctl" -j flood show | jq length)" 1
}

t_vni_conflict() {
	$IP -n "$NS" link add vxip1 type vxip
	ctl_refused "$NS" "vxipctl: dev set: Another vxip device in this netns already uses this VNI on this UDP port" \
		dev set vxip1 vni 42
	# Another port, or another netns: no conflict.
	$VXIPCTL -n "$NS" dev set vxip1 vni 42 port 4790
	$IP -n "$OTHER" link add vxip0 type vxip
	$VXIPCTL -n "$OTHER" dev set vxip0 vni 42
	# Two VNIs share one socket.
	$VXIPCTL -n "$NS" dev set vxip1 vni 43 port 4789
	expect_eq "sockets" "$(awk '$1 == "sock" { print $2 }' /sys/kernel/debug/vxip/objects)" 2
	$IP -n "$NS" link del vxip1
	$IP -n "$OTHER" link del vxip0
}

t_port_taken() {
	$IP -n "$OTHER" link add vxlan0 type vxlan id 5 dstport 4789
	$IP -n "$OTHER" link set vxlan0 up
	$IP -n "$OTHER" link add vxip0 type vxip
	ctl_refused "$OTHER" "vxipctl: dev set: UDP port is already in use in this netns, by a socket vxip does not own (a Linux vxlan device?)" \
		dev set vxip0 vni 5
	$IP -n "$OTHER" link del vxlan0
	$VXIPCTL -n "$OTHER" dev set vxip0 vni 5
	$IP -n "$OTHER" link del vxip0
}

t_batch_errors() {
	local out rc=0
	printf '%s\n' "peer add vxip0 192.168.0.10" \
		"fdb add vxip0 02:00:00:00:02:01 peer 192.168.0.11" \
		"# a comment" "" \
		"fdb add vxip0 02:00:00:00:02:02 peer 192.168.0.10" > "$TMPDIR_TEST/b1"
	out=$($VXIPCTL -n "$NS" -b "$TMPDIR_TEST/b1" 2>&1) || rc=$?
	expect_eq "exit status" "$rc" 1
	expect_eq "report" "$out" "vxipctl: line 2: fdb add: No such peer (attribute fdb.peer4)"
	# A usage error stops parsing there, unless -force.
	printf '%s\n' "fdb add vxip0 02:00:00:00:02:03 peer 192.168.0.10" \
		"fdb frobnicate" "fdb add vxip0 02:00:00:00:02:04 peer 192.168.0.10" > "$TMPDIR_TEST/b2"
	$VXIPCTL -n "$NS" -b "$TMPDIR_TEST/b2" > /dev/null 2>&1 && fail "batch with a bad line succeeded"
	expect_eq "entry after the bad line" \
		"$($VXIPCTL -n "$NS" -j fdb show vxip0 | jq -r '.[].mac' | grep -c 02:00:00:00:02:04)" 0
	$VXIPCTL -n "$NS" -force -b "$TMPDIR_TEST/b2" > /dev/null 2>&1 && fail "forced batch reported success"
	expect_eq "entry after the bad line, forced" \
		"$($VXIPCTL -n "$NS" -j fdb show vxip0 | jq -r '.[].mac' | grep -c 02:00:00:00:02:04)" 1
	$VXIPCTL -n "$NS" flush vxip0 peer 192.168.0.10 > /dev/null
}

# A forced batch pipelines its requests and asks for no ACK but the last
# of each sendmsg (1024 requests): a refusal is still answered, in the
# middle of a window or as its barrier, and a success's warning (peer del
# of a peer in use) still comes, as PEER_DEL keeps its ACK.
t_batch_pipelined() {
	local out rc=0 i n=2002
	{
		echo "peer add vxip0 192.168.0.10"
		for i in $(seq 2 $((n - 2))); do
			case $i in
			500) echo "fdb add vxip0 02:00:00:00:03:01 peer 192.168.0.11" ;;
			1024) echo "fdb add vxip0 02:00:00:00:10:02 peer 192.168.0.10" ;;
			*) printf 'fdb add vxip0 02:00:00:00:%02x:%02x peer 192.168.0.10\n' \
				$((i / 256 + 16)) $((i % 256)) ;;
			esac
		done
		echo "peer del vxip0 192.168.0.10"
		echo "fdb add vxip0 02:00:00:00:03:02 peer 192.168.0.12"
	} > "$TMPDIR_TEST/b3"
	out=$($VXIPCTL -n "$NS" -force -b "$TMPDIR_TEST/b3" 2>&1) || rc=$?
	expect_eq "exit status" "$rc" 1
	expect_eq "report" "$out" "vxipctl: line 500: fdb add: No such peer (attribute fdb.peer4)
vxipctl: line 1024: fdb add: FDB entry for this MAC already exists
vxipctl: line 2001: peer del: warning: Peer stays: other owners, FDB entries, routes or flood claims hold it
vxipctl: line 2002: fdb add: No such peer (attribute fdb.peer4)
vxipctl: batch: 3 of 2002 requests refused"
	# Every request that was not refused is in place.
	expect_eq "entries" "$($VXIPCTL -n "$NS" -j fdb show vxip0 |
		jq '[.[] | select(.peer == "192.168.0.10")] | length')" $((n - 5))
	$VXIPCTL -n "$NS" flush vxip0 peer 192.168.0.10 > /dev/null
}

t_route_refusals() {
	ctl_refused "$NS" "vxipctl: route add: A VXLAN route needs the peer's router MAC (VXIP_ROUTE_A_RMAC) (attribute route)" \
		route add vxip0 10.1.0.0/16 peer 192.168.0.2
	ctl_refused "$NS" "vxipctl: route add: No such peer (attribute route.peer4)" \
		route add vxip0 10.1.0.0/16 peer 192.168.0.99 encap ipip
	$VXIPCTL -n "$NS" route add vxip0 10.1.0.0/16 peer 192.168.0.2 encap ipip
	ctl_refused "$NS" "vxipctl: route add: Route for this prefix already exists (replace changes it)" \
		route add vxip0 10.1.0.0/16 peer 192.168.0.2 encap ipip
	ctl_refused "$NS" "vxipctl: route del: No route for this prefix (attribute route)" \
		route del vxip0 10.2.0.0/16
	ctl_refused "$NS" "vxipctl: route del: Route for this prefix belongs to another owner (attribute route)" \
		route del vxip0 10.1.0.0/16 owner evpn
	ctl_refused "$NS" "vxipctl: route get: No route covers this address (attribute route)" \
		route get vxip0 10.9.9.9
	$VXIPCTL -n "$NS" dev set vxip0 max-routes 1
	ctl_refused "$NS" "vxipctl: route add: Route table is full: max-routes reached" \
		route add vxip0 10.3.0.0/16 peer 192.168.0.2 encap ipip
	# The route that is there still resolves.
	expect_eq "route get" "$($VXIPCTL -n "$NS" -j route get vxip0 10.1.2.3 | jq -r '.[0].dst')" 10.1.0.0
	$VXIPCTL -n "$NS" dev set vxip0 max-routes 0
	$VXIPCTL -n "$NS" route del vxip0 10.1.0.0/16
}

# show_c: vxip1's static entries as show -c prints them, sorted, without
# the device's configuration (its dev set line, first).
show_c() {
	$VXIPCTL -n "$NS" show -c vxip1 | sed 1d | sort
}

# apply FILE makes vxip1's static entries what FILE lists, by generation;
# show -c prints them back in FILE's syntax, so show -c | apply changes
# nothing; another owner's entries are never touched; a refused line
# stops apply before anything is flushed.
t_apply() {
	local a=$TMPDIR_TEST/apply-a b=$TMPDIR_TEST/apply-b c=$TMPDIR_TEST/apply-c out rc=0
	$IP -n "$NS" link add vxip1 type vxip
	$VXIPCTL -n "$NS" peer add vxip1 192.168.0.14 owner evpn gen 7
	$VXIPCTL -n "$NS" fdb add vxip1 02:00:00:00:cc:01 peer 192.168.0.14 owner evpn gen 7
	$VXIPCTL -n "$NS" route add vxip1 10.8.0.0/16 peer 192.168.0.14 encap ipip owner evpn gen 7
	printf '%s\n' \
		"peer add vxip1 192.168.0.11 encap ipip" \
		"peer add vxip1 192.168.0.12 encap vxlan" \
		"peer add vxip1 192.168.0.13 encap vxlan port 8472" \
		"flood add vxip1 peer 192.168.0.12" \
		"flood add vxip1 peer 192.168.0.14" \
		"fdb add vxip1 02:00:00:00:aa:01 peer 192.168.0.12 ip 10.1.0.1 ip fd00::1" \
		"fdb add vxip1 02:00:00:00:aa:02 peer 192.168.0.12 peer 192.168.0.13 sticky" \
		"fdb add vxip1 02:00:00:00:aa:03 peer 192.168.0.13 dynamic" \
		"route add vxip1 10.9.0.0/16 peer 192.168.0.11" \
		"route add vxip1 fd00:9::/64 peer 192.168.0.12 vni 5000 rmac 02:00:00:00:bb:01" \
		> "$a"
	{ echo "dev set vxip1 vni 43 # a comment"; echo; cat "$a"; } > "$TMPDIR_TEST/apply-a0"
	out=$($VXIPCTL -n "$NS" apply "$TMPDIR_TEST/apply-a0")
	expect_eq "first apply" "$out" \
		"vxip1: generation 1: flushed 0 fdb entries, 0 peers, 0 flood-list members, 0 routes"
	expect_eq "vni from dev set" "$($VXIPCTL -n "$NS" -j dev show vxip1 | jq '.[0].vni')" 43
	expect_eq "show -c after apply" "$(show_c)" "$(sort "$a")"
	expect_eq "show -c's first line" "$($VXIPCTL -n "$NS" show -c vxip1 | head -n 1)" \
		"dev set vxip1 vni 43 local auto mac $($IP -n "$NS" -j link show vxip1 | jq -r '.[0].address') port 4789 srcport auto ttl auto tos 0x0 df unset udp-csum on learning off ageing 300 max-fdb 0 max-routes 0 strict on udp6-zero-csum-tx off udp6-zero-csum-rx off"

	# show -c | apply: the same configuration and entries, one
	# generation up, none flushed.
	$VXIPCTL -n "$NS" dev set vxip1 ttl 9 tos inherit srcport 1000 2000 ageing 60 learning on
	$VXIPCTL -n "$NS" -j dev show vxip1 > "$TMPDIR_TEST/apply-d1"
	$VXIPCTL -n "$NS" show -c vxip1 > "$TMPDIR_TEST/apply-s1"
	$VXIPCTL -n "$NS" dev set vxip1 ttl auto tos 0 srcport auto ageing 300 learning off
	out=$($VXIPCTL -n "$NS" apply "$TMPDIR_TEST/apply-s1")
	expect_eq "show -c | apply" "$out" \
		"vxip1: generation 2: flushed 0 fdb entries, 0 peers, 0 flood-list members, 0 routes"
	expect_eq "show -c, applied again" "$(show_c)" "$(sort "$a")"
	expect_eq "the configuration, applied again" "$($VXIPCTL -n "$NS" -j dev show vxip1)" \
		"$(cat "$TMPDIR_TEST/apply-d1")"
	expect_eq "static generations" \
		"$($VXIPCTL -n "$NS" -j fdb show vxip1 owner static | jq -c '[.[].gen] | unique')" "[2]"

	# Lines gone from the file go from the device; a new one comes.
	grep -v "aa:03\|10.9.0.0\|flood add vxip1 peer 192.168.0.14\|192.168.0.11" "$a" > "$b"
	echo "fdb add vxip1 02:00:00:00:aa:04 peer 192.168.0.12" >> "$b"
	out=$($VXIPCTL -n "$NS" apply "$b")
	expect_eq "apply with lines gone" "$out" \
		"vxip1: generation 3: flushed 1 fdb entries, 1 peers, 1 flood-list members, 1 routes"
	expect_eq "show -c after the change" "$(show_c)" "$(sort "$b")"

	# evpn's entries and claims, gen 7, stay whatever apply does.
	expect_eq "evpn's FDB entry" \
		"$($VXIPCTL -n "$NS" -j fdb show vxip1 owner evpn | jq -c '[.[] | [.mac, .gen]]')" \
		'[["02:00:00:00:cc:01",7]]'
	expect_eq "evpn's route" \
		"$($VXIPCTL -n "$NS" -j route show vxip1 owner evpn | jq -c '[.[] | [.dst, .gen]]')" \
		'[["10.8.0.0",7]]'
	expect_eq "evpn's peer claim" \
		"$($VXIPCTL -n "$NS" -j peer show vxip1 192.168.0.14 | jq -c '[.[0].claims[] | select(.owner == "evpn") | .gen]')" \
		"[7]"

	# A line the kernel refuses: apply stops there and flushes nothing.
	{ echo "route add vxip1 10.7.0.0/16 peer 192.168.0.12"; } > "$c"
	out=$($VXIPCTL -n "$NS" apply "$c" 2>&1) || rc=$?
	expect_eq "exit status of a refused apply" "$rc" 1
	echo "$out" | grep -q "stopped at line 1; nothing flushed" || fail "refused apply said: $out"
	expect_eq "show -c after a refused apply" "$(show_c)" "$(sort "$b")"
	# Lines apply would not own are refused before anything is sent.
	echo "fdb add vxip1 02:00:00:00:aa:05 peer 192.168.0.12 owner evpn" > "$c"
	rc=0
	$VXIPCTL -n "$NS" apply "$c" > /dev/null 2>&1 || rc=$?
	expect_eq "exit status with an owner in the file" "$rc" 2
	echo "fdb del vxip1 02:00:00:00:aa:04" > "$c"
	rc=0
	$VXIPCTL -n "$NS" apply "$c" > /dev/null 2>&1 || rc=$?
	expect_eq "exit status with a del in the file" "$rc" 2
	expect_eq "show -c after refused files" "$(show_c)" "$(sort "$b")"
	$IP -n "$NS" link del vxip1
}

# vxipctl graph: the device, each peer (encap, owners, flood) and each
# route behind its peer, coloured by owner, as DOT and drawn by Graphviz.
t_graph() {
	local dot=$TMPDIR_TEST/g.dot svg=$TMPDIR_TEST/g.svg
	command -v dot > /dev/null || return "$KSFT_SKIP"	# Graphviz
	$IP -n "$NS" link add vxip2 type vxip
	$VXIPCTL -n "$NS" dev set vxip2 vni 44
	$VXIPCTL -n "$NS" peer add vxip2 192.168.0.21 owner evpn gen 1
	$VXIPCTL -n "$NS" flood add vxip2 peer 192.168.0.21 owner evpn
	$VXIPCTL -n "$NS" peer add vxip2 192.168.0.22 encap ipip owner gossip gen 1
	$VXIPCTL -n "$NS" route add vxip2 10.22.0.0/16 peer 192.168.0.22 owner gossip
	$VXIPCTL -n "$NS" route add vxip2 10.23.0.0/16 peer 192.168.0.22 encap ipip
	$VXIPCTL -n "$NS" graph vxip2 > "$dot"
	dot -Tcanon "$dot" > /dev/null 2>&1 || fail "Graphviz cannot read it: $(cat "$dot")"
	grep -q '^	"vxip2" \[shape=box3d.*peers 2' "$dot" || fail "no device node: $(cat "$dot")"
	grep -q '"vxip2/192.168.0.21" \[shape=ellipse, color=blue, label="192.168.0.21\\nvxlan' "$dot" ||
		fail "no evpn peer in blue: $(cat "$dot")"
	grep -q '"vxip2" -> "vxip2/192.168.0.21" \[style=bold, label="flood"\]' "$dot" ||
		fail "no flood edge: $(cat "$dot")"
	grep -q '"vxip2/192.168.0.22" \[shape=ellipse, color=darkgreen, label="192.168.0.22\\nipip' "$dot" ||
		fail "no gossip peer in green: $(cat "$dot")"
	grep -q '"vxip2/192.168.0.22" -> "vxip2/10.22.0.0/16" \[color=darkgreen\]' "$dot" ||
		fail "no gossip route behind its peer: $(cat "$dot")"
	grep -q '"vxip2/10.23.0.0/16" \[shape=note, color=black' "$dot" ||
		fail "no static route in black: $(cat "$dot")"
	$VXIPCTL -n "$NS" graph -o "$svg" vxip2
	grep -q "192.168.0.22" "$svg" && grep -q "<svg" "$svg" || fail "no SVG drawn"
	$IP -n "$NS" link del vxip2
}

n_flood() {
	$VXIPCTL -n "$NS" -j dev show vxip0 | jq '.[0]["n-flood"]'
}

# A flood list bigger than a page (512 peers per 4 kB) shrinks one peer at
# a time, and in one flush.  Taking a peer off once asked for a
# __GFP_NOFAIL allocation above order 1, which the page allocator warns
# about (a panic under panic_on_warn): found by the torture suite.
t_flood_large() {
	local i
	for i in $(seq 0 1999); do
		echo "peer add vxip0 10.7.$((i / 250)).$((i % 250 + 1)) owner gossip"
		echo "flood add vxip0 peer 10.7.$((i / 250)).$((i % 250 + 1)) owner gossip"
	done | $VXIPCTL -n "$NS" -b - || fail "programming 2000 flood peers failed"
	expect_eq "flood list" "$(n_flood)" 2001
	$VXIPCTL -n "$NS" flood del vxip0 peer 10.7.0.1 owner gossip
	$VXIPCTL -n "$NS" flush vxip0 peer 10.7.0.2 > /dev/null
	expect_eq "flood list after two went" "$(n_flood)" 1999
	expect_eq "flood list dumped" "$($VXIPCTL -n "$NS" -j flood show vxip0 | jq length)" 1999
	$VXIPCTL -n "$NS" flush vxip0 owner gossip > /dev/null
	expect_eq "flood list after the flush" "$(n_flood)" 1
	expect_eq "the peer left" "$($VXIPCTL -n "$NS" -j flood show vxip0 | jq -r '.[0].peer')" 192.168.0.2
}

# fdb_churn: FDB entries replaced back and forth between two peers, in
# one stream of requests that goes on until the caller kills it.
fdb_churn() {
	local i batch=$TMPDIR_TEST/churn
	seq 0 399 | awk '{ printf "fdb replace vxip0 02:00:00:bb:01:%02x peer 192.168.0.%d\n", $1 % 200, 2 + int($1 / 200) * 3 }' > "$batch"
	for i in $(seq 1000); do cat "$batch"; done | $VXIPCTL -n "$NS" -b -
}

# dump_intr TABLE COUNT: COUNT raw dumps of TABLE; how many the kernel
# marked interrupted, and the objects in the last one (vxipctl would
# retry an interrupted dump, hiding the mark).
dump_intr() {
	$IP netns exec "$NS" "$PYTHON" "$(dirname "$0")/py/dump_intr.py" \
		"$VXIP_SRC/uapi/linux/vxip.h" vxip0 "$1" "$2"
}

# Dumps spanning many messages while the FDB changes all the time: the
# peer and route dumps must not be disturbed by FDB changes (each table
# has its own generation), and an FDB dump is either whole or says it
# was interrupted.
t_dump_under_fdb_churn() {
	local i out rc n_fdb_intr=0 n_fdb_whole=0 churn
	{
		echo "peer add vxip0 192.168.0.5"
		seq 0 1999 | awk '{
			printf "peer add vxip0 10.98.%d.%d\n", $1 / 200, $1 % 200 + 1
			printf "route add vxip0 10.%d.%d.0/24 peer 192.168.0.2 encap ipip\n", 100 + $1 / 200, $1 % 200 }'
		seq 0 49 | awk '{ printf "fdb add vxip0 02:00:00:aa:00:%02x peer 192.168.0.2\n", $1 }'
	} | $VXIPCTL -n "$NS" -b - || fail "programming the tables failed"
	fdb_churn > "$TMPDIR_TEST/churn.out" 2>&1 &
	churn=$!
	# Under way: the churned entries are there.
	busywait 30000 eval '[ "$($VXIPCTL -n "$NS" -j dev show vxip0 | jq ".[0].\"n-fdb\"")" -gt 200 ]' ||
		{ kill "$churn"; fail "no FDB churn: $(cat "$TMPDIR_TEST/churn.out")"; }
	out=$(dump_intr peer 20)
	expect_eq "peer dumps under FDB churn" "$out" "dumps 20 interrupted 0 objects-last 2002" ||
		{ kill "$churn"; return 1; }
	out=$(dump_intr route 20)
	expect_eq "route dumps under FDB churn" "$out" "dumps 20 interrupted 0 objects-last 2000" ||
		{ kill "$churn"; return 1; }
	for i in $(seq 5); do
		rc=0
		$VXIPCTL -n "$NS" -j fdb show vxip0 > "$TMPDIR_TEST/fdb" 2> "$TMPDIR_TEST/err" || rc=$?
		if [ $rc = 0 ]; then
			n_fdb_whole=$((n_fdb_whole + 1))
			expect_eq "static entries in a whole FDB dump" \
				"$(jq '[.[] | select(.mac | startswith("02:00:00:aa:"))] | length' "$TMPDIR_TEST/fdb")" 50 ||
				{ kill "$churn"; return 1; }
		else
			grep -q "changed during the dump" "$TMPDIR_TEST/err" ||
				{ kill "$churn"; fail "fdb dump $i: exit $rc: $(cat "$TMPDIR_TEST/err")"; }
			n_fdb_intr=$((n_fdb_intr + 1))
		fi
	done
	kill "$churn" 2> /dev/null || fail "the FDB churn stopped early: $(cat "$TMPDIR_TEST/churn.out")"
	wait "$churn" 2> /dev/null || true
	info "20 peer and 20 route dumps of 2000 objects, none interrupted; FDB dumps: $n_fdb_whole whole, $n_fdb_intr said interrupted"
}

ktap_print_header
setup_or_bail
ktap_set_plan 19
run_test "netlink: dev set refusals, one message each" t_dev_set_refusals
run_test "netlink: peer refusals" t_peer_refusals
run_test "netlink: fdb refusals" t_fdb_refusals
run_test "netlink: flood and flush refusals" t_flood_flush_refusals
run_test "netlink: a sticky MAC moves only for its owner" t_sticky
run_test "netlink: a full FDB says ENOSPC and keeps working" t_fdb_full
run_test "netlink: unprivileged users read but cannot change" t_unprivileged
run_test "netlink: a container's root programs its own device, not root's underlay" t_userns
run_test "netlink: ABI 2 request rules (flags, per-command attributes, echo, dump filters)" t_abi2_requests
run_test "netlink: IPv6 underlay addresses taken everywhere, shown back" t_underlay6
run_test "netlink: same VNI and port twice is EEXIST" t_vni_conflict
run_test "netlink: a port taken by Linux vxlan is a clear error" t_port_taken
run_test "netlink: batch errors name the line; usage errors stop it" t_batch_errors
run_test "netlink: a forced batch, pipelined without ACKs, reports each refusal and warning" t_batch_pipelined
run_test "netlink: route refusals and max-routes" t_route_refusals
run_test "apply: a file becomes the static entries; show -c | apply changes nothing" t_apply
run_test "graph: peers, routes and flood by owner, as DOT and SVG" t_graph
run_test "netlink: a flood list of 2000 peers shrinks" t_flood_large
run_test "netlink: dumps under FDB churn: each table has its own generation" t_dump_under_fdb_churn
ktap_finished
