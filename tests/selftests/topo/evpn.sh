# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The EVPN fabric, sourced after lib.sh by evpn.sh (the selftest) and
# tests/demo/evpn.sh:
#
#   p1 -- n1 [br0: p1, vxip0]  gobgpd AS 65000 + vxip-evpn  \
#   p2 -- n2 [br0: p2, vxip0]  gobgpd AS 65000 + vxip-evpn   +-- lan (192.168.0.0/24)
#   p3 -- n3 [br0: p3, vxlan0] FRR 8.4 (zebra + bgpd)       /   iBGP l2vpn-evpn, VNI 100
#
#   p4 -- n4 [br0: p4, vxip0]  gobgpd + vxip-evpn, VTEP fd00::4  \  a fabric of its own,
#   p5 -- n5 [br0: p5, vxip0]  gobgpd + vxip-evpn, VTEP fd00::5  /  over IPv6 (same lan)
#
# evpn_setup builds the first and starts gobgpd and vxip-evpn on n1 and n2;
# frr_start starts FRR on n3 (frr_stop stops it); evpn6_setup builds the
# IPv6 one.  Each node's config, log and pid files are in $TMPDIR_TEST/nI.

EVPN=${VXIP_EVPN:-${VXIP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}/userspace/evpn/vxip-evpn}
require_built "$EVPN" "make -C userspace/evpn"


# Node I's state directory.
d() { echo "$TMPDIR_TEST/n$1"; }

# The node t_frr runs FRR in; the others run gobgpd.
FRR_NODE=3

# Node I's underlay address: its BGP session's and its VTEP's.  Nodes 4
# and up are the IPv6 fabric's.
vtep_of() {
	if [ "$1" -ge 4 ]; then echo "fd00::$1"; else echo "192.168.0.$1"; fi
}

# gobgpd_start I PEER...: gobgpd in node I, iBGP l2vpn-evpn with the peers.
# Of two gobgpd nodes the lower-numbered one only listens: when both dial,
# the two connections collide, and under TCG gobgpd can keep closing each
# other's (a loop of "Closed an accepted connection" that held one fabric
# down for over 60 s).  FRR resolves collisions itself.
gobgpd_start() {
	local i=$1 ns j
	eval "ns=\$N$i"
	shift
	mkdir -p "$(d "$i")"
	{
		printf '[global.config]\n  as = 65000\n  router-id = "192.168.0.%s"\n' "$i"
		printf '  local-address-list = ["%s"]\n' "$(vtep_of "$i")"
		for j in "$@"; do
			printf '[[neighbors]]\n  [neighbors.config]\n'
			printf '    neighbor-address = "%s"\n    peer-as = 65000\n' "$(vtep_of "$j")"
			printf '  [neighbors.timers.config]\n    connect-retry = 1\n'
			if [ "$j" -gt "$i" ] && [ "$j" != "$FRR_NODE" ]; then
				printf '  [neighbors.transport.config]\n    passive-mode = true\n'
			fi
			printf '  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n'
			printf '      afi-safi-name = "l2vpn-evpn"\n'
		done
	} > "$(d "$i")/gobgpd.toml"
	$IP netns exec "$ns" gobgpd -f "$(d "$i")/gobgpd.toml" -t toml -p -l info \
		--api-hosts 127.0.0.1:50051 --pprof-disable > "$(d "$i")/gobgpd.log" 2>&1 &
	echo $! > "$(d "$i")/gobgpd.pid"
}

evpn_conf() {
	cat <<-EOF
	[gobgp]
	address = 127.0.0.1:50051        ; gobgpd's gRPC API

	[vtep]
	address = $(vtep_of "$1")

	[vni 100]
	device = vxip0
	bridge = br0

	[l3vni 5000]
	device = vxip0
	EOF
}

# evpn_start I: vxip-evpn in node I, logging to n<I>/evpn.log.
evpn_start() {
	local i=$1 ns
	eval "ns=\$N$i"
	[ -f "$(d "$i")/evpn.conf" ] || evpn_conf "$i" > "$(d "$i")/evpn.conf"
	$IP netns exec "$ns" "$EVPN" -c "$(d "$i")/evpn.conf" run >> "$(d "$i")/evpn.log" 2>&1 &
	echo $! > "$(d "$i")/evpn.pid"
}

evpn_alive() { kill -0 "$(cat "$(d "$1")/evpn.pid")" 2> /dev/null; }

gob() {
	local ns
	eval "ns=\$N$1"
	shift
	$IP netns exec "$ns" gobgp "$@"
}

vx() {
	local ns
	eval "ns=\$N$1"
	shift
	$VXIPCTL -n "$ns" "$@"
}

established() {
	[ "$(gob "$1" -j neighbor 2> /dev/null |
	     jq '[.[] | select(.state.session_state == 6)] | length')" -ge "$2" ]
}

# has_fdb NODE MAC PEER: NODE's vxip FDB sends MAC to PEER, owner evpn.
has_fdb() {
	vx "$1" -j fdb show vxip0 | json_true --arg m "$2" --arg p "$3" \
		'any(.[]; .mac == $m and .peer == $p and .owner == "evpn")'
}

no_fdb() {
	vx "$1" -j fdb show vxip0 | json_true --arg m "$2" 'all(.[]; .mac != $m)'
}

on_flood() {
	vx "$1" -j flood show vxip0 | json_true --arg p "$2" \
		'any(.[]; .peer == $p and .owner == "evpn")'
}

evpn_setup() {
	topo_lan && topo_node 1 && topo_node 2 &&
	topo_vxip 1 100 && topo_vxip 2 100 || return 1
	# Node 3 for FRR, which t_frr starts: Linux vxlan under br0, an SVI.
	topo_node 3 && topo_vxlan 3 100 || return 1
	$BRIDGE -n "$N3" link set dev vxlan0 learning off
	$IP -n "$N3" addr add 10.244.0.254/24 dev br0
	gobgpd_start 1 2 3 && gobgpd_start 2 1 3
	# gobgpd dials 5-9 s after it starts and again 5-9 s after a failed
	# try (its minimum connect-retry is 5 s), and a loaded TCG host slows
	# its start: 20 s once passed without a session.  Waits for a session
	# are 60 s, which costs nothing when it comes sooner.
	busywait 60000 established 1 1 || { cat "$(d 1)/gobgpd.log"; return 1; }
	evpn_start 1 && evpn_start 2
	busywait 20000 grep -q "initial import done" "$(d 1)/evpn.log" &&
	busywait 20000 grep -q "initial import done" "$(d 2)/evpn.log" ||
		{ cat "$(d 1)/evpn.log" "$(d 2)/evpn.log"; return 1; }
}

# evpn6_setup: nodes 4 and 5 on the lan with IPv6 (fd00::I), their vxip0
# with VNI 100 and no local address (vxip-evpn sets it), gobgpd peering
# over IPv6, and vxip-evpn.
evpn6_setup() {
	local i ns
	for i in 4 5; do
		topo_node $i || return 1
		eval "ns=\$N$i"
		$IP netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 &&
			$IP -n "$ns" addr add "fd00::$i/64" dev eth0 nodad &&
			$IP -n "$ns" link add vxip0 type vxip &&
			$VXIPCTL -n "$ns" dev set vxip0 vni 100 &&
			$IP -n "$ns" link set vxip0 master br0 up &&
			topo_pod $i 1430 || return 1
	done
	gobgpd_start 4 5 && gobgpd_start 5 4
	busywait 60000 established 4 1 || { cat "$(d 4)/gobgpd.log"; return 1; }
	evpn_start 4 && evpn_start 5
	busywait 20000 grep -q "initial import done" "$(d 4)/evpn.log" &&
	busywait 20000 grep -q "initial import done" "$(d 5)/evpn.log" ||
		{ cat "$(d 4)/evpn.log" "$(d 5)/evpn.log"; return 1; }
}

# frr_start: node 3 as an FRR VTEP: zebra + bgpd in its netns, every path
# explicit (nothing in /etc/frr is read), peering with nodes 1 and 2.
frr_start() {
	local st=$TMPDIR_TEST/frr
	install -d -o frr -g frr "$st"
	install -o frr -g frr -m 640 /dev/null "$st/empty.conf"
	cat > "$st/frr.conf" <<-EOF
	log file $st/frr.log
	router bgp 65000
	 bgp router-id 192.168.0.3
	 no bgp default ipv4-unicast
	 neighbor 192.168.0.1 remote-as 65000
	 neighbor 192.168.0.1 timers connect 2
	 neighbor 192.168.0.2 remote-as 65000
	 neighbor 192.168.0.2 timers connect 2
	 address-family l2vpn evpn
	  neighbor 192.168.0.1 activate
	  neighbor 192.168.0.2 activate
	  advertise-all-vni
	 exit-address-family
	exit
	EOF
	$IP netns exec "$N3" /usr/lib/frr/zebra -d -u frr -g frr -f "$st/empty.conf" \
		-i "$st/zebra.pid" -z "$st/zserv.api" --vty_socket "$st" -P 0 || return 1
	$IP netns exec "$N3" /usr/lib/frr/bgpd -d -u frr -g frr -f "$st/empty.conf" \
		-i "$st/bgpd.pid" -z "$st/zserv.api" --vty_socket "$st" -P 0 || return 1
	busywait 10000 test -S "$st/bgpd.vty" || return 1
	vtysh --vty_socket "$st" -f "$st/frr.conf"
}

frr_stop() {
	local f
	for f in "$TMPDIR_TEST"/frr/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2> /dev/null
	done
	return 0
}

# frr_fdb MAC DST: FRR's vxlan0 sends MAC (all-zero: floods) to DST.
frr_fdb() {
	$BRIDGE -n "$N3" fdb show dev vxlan0 | grep -q "^$1 dst $2 "
}
