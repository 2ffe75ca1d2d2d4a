#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxip-evpn: GoBGP's EVPN RIB programs vxip, and vxip's local MACs and VTEP
# go into GoBGP.  Real daemons only; nothing is programmed by hand.
#
#   p1 -- n1 [br0: p1, vxip0]  gobgpd AS 65000 + vxip-evpn  \
#   p2 -- n2 [br0: p2, vxip0]  gobgpd AS 65000 + vxip-evpn   +-- lan (192.168.0.0/24)
#   p3 -- n3 [br0: p3, vxlan0] FRR 8.4 (zebra + bgpd)       /   iBGP l2vpn-evpn, VNI 100
source "$(dirname "$0")/lib.sh"
require_cmd jq gobgpd gobgp vtysh iperf3 tcpdump

EVPN=${EVPN:-${VXIP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}/userspace/evpn/vxip-evpn}
require_built "$EVPN" "make -C userspace/evpn"

cleanup() {
	frr_stop
	[ -z "${VXIP_OUT:-}" ] || for i in 1 2; do
		cp "$TMPDIR_TEST/n$i/evpn.log" "$VXIP_OUT/evpn-n$i.log" 2> /dev/null
	done
	lib_cleanup
}
trap cleanup EXIT

# Node I's state directory.
d() { echo "$TMPDIR_TEST/n$1"; }

# gobgpd_start I PEER...: gobgpd in node I, iBGP l2vpn-evpn with the peers.
gobgpd_start() {
	local i=$1 ns j
	eval "ns=\$N$i"
	shift
	mkdir -p "$(d "$i")"
	{
		printf '[global.config]\n  as = 65000\n  router-id = "192.168.0.%s"\n' "$i"
		printf '  local-address-list = ["192.168.0.%s"]\n' "$i"
		for j in "$@"; do
			printf '[[neighbors]]\n  [neighbors.config]\n'
			printf '    neighbor-address = "192.168.0.%s"\n    peer-as = 65000\n' "$j"
			printf '  [neighbors.timers.config]\n    connect-retry = 1\n'
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
	address = 192.168.0.$1

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
	vx "$1" -j fdb show vxip0 | jq -e --arg m "$2" --arg p "$3" \
		'any(.[]; .mac == $m and .peer == $p and .owner == "evpn")' > /dev/null
}

no_fdb() {
	! vx "$1" -j fdb show vxip0 | jq -e --arg m "$2" 'any(.[]; .mac == $m)' > /dev/null
}

on_flood() {
	vx "$1" -j flood show vxip0 | jq -e --arg p "$2" \
		'any(.[]; .peer == $p and .owner == "evpn")' > /dev/null
}

setup() {
	topo_lan && topo_node 1 && topo_node 2 &&
	topo_vxip 1 100 && topo_vxip 2 100 || return 1
	# Node 3 for FRR, which t_frr starts: Linux vxlan under br0, an SVI.
	topo_node 3 && topo_vxlan 3 100 || return 1
	$BRIDGE -n "$N3" link set dev vxlan0 learning off
	$IP -n "$N3" addr add 10.244.0.254/24 dev br0
	gobgpd_start 1 2 3 && gobgpd_start 2 1 3
	busywait 20000 established 1 1 || { cat "$(d 1)/gobgpd.log"; return 1; }
	evpn_start 1 && evpn_start 2
	busywait 20000 grep -q "initial import done" "$(d 1)/evpn.log" &&
	busywait 20000 grep -q "initial import done" "$(d 2)/evpn.log" ||
		{ cat "$(d 1)/evpn.log" "$(d 2)/evpn.log"; return 1; }
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

# Node 3 (FRR, Linux vxlan) joins: every pod pings every other.
t_frr() {
	local i j mac
	frr_start || fail "FRR did not start"
	busywait 30000 established 1 2 || fail "node 1: no session with FRR"
	busywait 30000 established 2 2 || fail "node 2: no session with FRR"
	busywait 20000 on_flood 1 192.168.0.3 || fail "node 1: no flood entry for FRR's VTEP"
	busywait 20000 on_flood 2 192.168.0.3 || fail "node 2: no flood entry for FRR's VTEP"
	busywait 20000 frr_fdb 00:00:00:00:00:00 192.168.0.1 || fail "FRR: no flood entry for node 1"
	busywait 20000 frr_fdb 00:00:00:00:00:00 192.168.0.2 || fail "FRR: no flood entry for node 2"
	for i in 1 2 3; do
		for j in 1 2 3; do
			[ "$i" = "$j" ] || pod_ping "$i" "$j"
		done
	done
	busywait 20000 frr_fdb "$(pod_mac 1)" 192.168.0.1 || fail "FRR: no FDB entry for pod 1"
	busywait 20000 frr_fdb "$(pod_mac 2)" 192.168.0.2 || fail "FRR: no FDB entry for pod 2"
	mac=$(pod_mac 3)
	busywait 20000 has_fdb 1 "$mac" 192.168.0.3 || fail "node 1: no evpn FDB entry for FRR's pod"
	busywait 20000 has_fdb 2 "$mac" 192.168.0.3 || fail "node 2: no evpn FDB entry for FRR's pod"
	info "FRR's vxlan0: $($BRIDGE -n "$N3" fdb show dev vxlan0 | grep dst | tr '\n' ';')"
	info "node 1's vxip0: $(vx 1 fdb show vxip0 | tr '\n' ';')"
}

# With FRR's MAC/IP route for its pod, vxip answers pod 1's ARP itself.
t_arp_suppress() {
	local mac3 pcap=$TMPDIR_TEST/arp.pcap n
	mac3=$(pod_mac 3)
	# The pod talks to the SVI, so FRR learns its IP and sends a MAC/IP route.
	$IP netns exec "$P3" ping -q -c 1 -W 2 10.244.0.254 > /dev/null
	busywait 20000 eval "vx 1 -j fdb show vxip0 | jq -e --arg m $mac3 \
		'any(.[]; .mac == \$m and ((.ip // []) | index(\"10.244.0.3\")))' > /dev/null" ||
		{ vx 1 fdb show vxip0; fail "node 1: no MAC/IP entry for FRR's pod"; }
	$IP -n "$P1" neigh flush dev eth0
	capture "$N1" "$pcap" "udp dst port 4789" -- pod_ping 1 3 2
	n=$(tcpdump -r "$pcap" -nn 2> /dev/null | grep -c "Request who-has 10.244.0.3" || true)
	[ "$n" -eq 0 ] || fail "$n ARP requests for pod 3 went on the underlay"
	tcpdump -r "$pcap" -nn 2> /dev/null | grep -q "ICMP echo request" ||
		fail "no ping to pod 3 on the underlay"
	info "node 1: $(vx 1 fdb show vxip0 | grep "$mac3")"
	info "pod 1: $($IP -n "$P1" neigh show 10.244.0.3)"
}

t_iperf_frr() {
	pod_iperf 1 3 10.244.0.3
	info "TCP vxip pod -> FRR pod: $IPERF_BYTES bytes in 2 s"
	pod_iperf 1 3 10.244.0.3 -R
	info "TCP FRR pod -> vxip pod: $IPERF_BYTES bytes in 2 s"
}

t_type3_flood() {
	busywait 10000 on_flood 1 192.168.0.2 || fail "node 1: no evpn flood entry for 192.168.0.2"
	busywait 10000 on_flood 2 192.168.0.1 || fail "node 2: no evpn flood entry for 192.168.0.1"
	vx 1 flood show vxip0
}

t_ping() {
	pod_ping 1 2
	pod_ping 2 1
	# The pods' MACs went through GoBGP as type-2 routes.
	busywait 10000 has_fdb 1 "$(pod_mac 2)" 192.168.0.2 ||
		fail "node 1: no evpn FDB entry for pod 2's MAC"
	busywait 10000 has_fdb 2 "$(pod_mac 1)" 192.168.0.1 ||
		fail "node 2: no evpn FDB entry for pod 1's MAC"
	vx 1 fdb show vxip0
}

# Every FDB entry, peer claim and flood membership is evpn's.
t_owner_evpn() {
	local i n bad
	for i in 1 2; do
		n=$(vx "$i" -j fdb show vxip0 | jq length)
		bad=$(vx "$i" -j fdb show vxip0 | jq '[.[] | select(.owner != "evpn")] | length')
		[ "$n" -ge 1 ] && [ "$bad" -eq 0 ] || fail "node $i: $bad of $n FDB entries not evpn's"
		n=$(vx "$i" -j flood show vxip0 | jq length)
		bad=$(vx "$i" -j flood show vxip0 | jq '[.[] | select(.owner != "evpn")] | length')
		[ "$n" -ge 1 ] && [ "$bad" -eq 0 ] || fail "node $i: $bad of $n flood entries not evpn's"
		n=$(vx "$i" -j peer show vxip0 | jq length)
		bad=$(vx "$i" -j peer show vxip0 |
		      jq '[.[] | select(.owner != "evpn" or any(.claims[]?; .owner != "evpn"))] | length')
		[ "$n" -ge 1 ] && [ "$bad" -eq 0 ] || fail "node $i: $bad of $n peers not evpn's"
	done
	info "node 1: $(vx 1 -j fdb show vxip0 | jq -c '[.[] | {mac, peer, owner, gen}]')"
}

# kill -9 vxip-evpn and start it again under a fast ping: nothing lost, and
# an evpn entry of an older generation is swept after the initial import.
t_restart() {
	local pod gen0 gen1 out
	eval "pod=\$P1"
	vx 1 fdb add vxip0 02:00:00:00:99:99 peer 192.168.0.2 owner evpn gen 0
	gen0=$(vx 1 -j fdb show vxip0 | jq --arg m "$(pod_mac 2)" '.[] | select(.mac == $m) | .gen')
	$IP netns exec "$pod" ping -q -c 120 -i 0.05 -W 1 10.244.0.2 > "$TMPDIR_TEST/rping" 2>&1 &
	local ping=$!
	sleep 1
	kill -9 "$(cat "$(d 1)/evpn.pid")"
	sleep 0.5
	: > "$(d 1)/evpn.log"
	evpn_start 1
	busywait 20000 grep -q "initial import done" "$(d 1)/evpn.log" ||
		{ cat "$(d 1)/evpn.log"; fail "no initial import after the restart"; }
	wait $ping
	out=$(cat "$TMPDIR_TEST/rping")
	echo "$out" | tail -2
	echo "$out" | grep -q " 0% packet loss" || fail "pings lost over the restart: $out"
	no_fdb 1 02:00:00:00:99:99 || fail "the older-generation entry was not swept"
	gen1=$(vx 1 -j fdb show vxip0 | jq --arg m "$(pod_mac 2)" '.[] | select(.mac == $m) | .gen')
	[ -n "$gen1" ] && [ "$gen1" -gt "$gen0" ] ||
		fail "pod 2's entry not re-imported in a new generation ($gen0 -> $gen1)"
	info "restart: $(echo "$out" | grep 'packet loss'); generation $gen0 -> $gen1"
}

# gobgpd crashes (kill -9: a graceful stop withdraws its peers' routes
# first, and vxip-evpn follows them): the kernel keeps node 1's entries; when it is back,
# vxip-evpn reconnects, imports again in a new generation and originates
# its routes again.
t_gobgpd_restart() {
	local mac2 gen0 gen1 n
	mac2=$(pod_mac 2)
	gen0=$(vx 1 -j fdb show vxip0 | jq --arg m "$mac2" '.[] | select(.mac == $m) | .gen')
	n=$(grep -c "initial import done" "$(d 1)/evpn.log")
	kill -9 "$(cat "$(d 1)/gobgpd.pid")"
	busywait 10000 grep -q "lost gobgpd" "$(d 1)/evpn.log" || fail "vxip-evpn did not notice"
	sleep 2
	has_fdb 1 "$mac2" 192.168.0.2 || fail "node 1's entry went while gobgpd was away"
	on_flood 1 192.168.0.2 || fail "node 1's flood entry went while gobgpd was away"
	evpn_alive 1 || fail "vxip-evpn exited without gobgpd"
	gobgpd_start 1 2 3
	busywait 30000 eval '[ "$(grep -c "initial import done" "$(d 1)/evpn.log")" -gt "$n" ]' ||
		{ cat "$(d 1)/evpn.log"; fail "no new import after gobgpd came back"; }
	busywait 30000 established 1 1 || fail "no BGP session after gobgpd came back"
	busywait 20000 on_flood 2 192.168.0.1 || fail "node 2 did not get node 1's type-3 again"
	busywait 20000 has_fdb 2 "$(pod_mac 1)" 192.168.0.1 ||
		fail "node 2 did not get pod 1's type-2 again"
	pod_ping 1 2
	gen1=$(vx 1 -j fdb show vxip0 | jq --arg m "$mac2" '.[] | select(.mac == $m) | .gen')
	[ -n "$gen1" ] && [ "$gen1" -gt "$gen0" ] || fail "no new generation ($gen0 -> $gen1)"
	info "gobgpd restart: generation $gen0 -> $gen1; $(grep -c "lost gobgpd" "$(d 1)/evpn.log") disconnect(s)"
}

# A MAC leaves node 2's bridge while its vxip-evpn is down: the restarted
# daemon withdraws the route the earlier run originated.
t_export_sweep() {
	local m=02:00:00:00:66:01
	$BRIDGE -n "$N2" fdb add $m dev p2 master dynamic
	busywait 10000 has_fdb 1 $m 192.168.0.2 || fail "node 1 never got the test MAC"
	kill -9 "$(cat "$(d 2)/evpn.pid")"
	$BRIDGE -n "$N2" fdb del $m dev p2 master
	: > "$(d 2)/evpn.log"
	evpn_start 2
	busywait 20000 grep -q "initial import done" "$(d 2)/evpn.log" ||
		{ cat "$(d 2)/evpn.log"; fail "node 2: no import after the restart"; }
	busywait 10000 no_fdb 1 $m ||
		fail "node 1 kept a MAC that left node 2 while node 2's vxip-evpn was down"
	has_fdb 1 "$(pod_mac 2)" 192.168.0.2 || fail "node 1 lost pod 2's MAC"
	info "node 2: $(grep "stale" "$(d 2)/evpn.log")"
}

# A prefix in node 2's GoBGP becomes a vxip route on node 1.
t_type5() {
	gob 2 global rib -a evpn add prefix 10.55.0.0/24 etag 0 label 5000 \
		rd 192.168.0.2:5000 rt 65000:5000 encap vxlan router-mac 02:00:00:00:55:55
	busywait 10000 eval "vx 1 -j route show vxip0 | jq -e 'any(.[]; .owner == \"evpn\" and
		(.dst | startswith(\"10.55.0.0\")) and .peer == \"192.168.0.2\")' > /dev/null" ||
		{ vx 1 route show vxip0; fail "node 1: no evpn route for 10.55.0.0/24"; }
	vx 1 route show vxip0
	vx 1 -j route show vxip0 | jq -e 'any(.[]; .vni == 5000 and .rmac == "02:00:00:00:55:55")' \
		> /dev/null || fail "route without L3 VNI 5000 and router MAC 02:00:00:00:55:55"
	gob 2 global rib -a evpn del prefix 10.55.0.0/24 etag 0 label 5000 rd 192.168.0.2:5000
	busywait 10000 eval "! vx 1 -j route show vxip0 | jq -e 'any(.[]; .owner == \"evpn\")' > /dev/null" ||
		fail "node 1: the route stayed after the withdrawal"
}

# A MAC behind a VTEP with no type-3 route: evpn claims the peer for the
# FDB entry, and the peer goes with the entry.
t_mac_without_type3() {
	gob 2 global rib -a evpn add macadv 02:00:00:00:88:01 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:801 rt 65000:100 encap vxlan nexthop 192.168.0.7
	busywait 10000 has_fdb 1 02:00:00:00:88:01 192.168.0.7 ||
		{ cat "$(d 1)/evpn.log"; fail "node 1: no FDB entry to VTEP 192.168.0.7"; }
	vx 1 -j peer show vxip0 | jq -e 'any(.[]; .addr == "192.168.0.7" and .owner == "evpn")' \
		> /dev/null || fail "node 1: no evpn peer 192.168.0.7"
	gob 2 global rib -a evpn del macadv 02:00:00:00:88:01 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:801
	busywait 10000 no_fdb 1 02:00:00:00:88:01 || fail "the entry stayed after the withdrawal"
	busywait 10000 eval "! vx 1 -j peer show vxip0 | jq -e 'any(.[]; .addr == \"192.168.0.7\")' > /dev/null" ||
		fail "peer 192.168.0.7 stayed after its last path went"
}

# Bad routes: nothing programmed, still running, one log line per kind.
t_bad_routes() {
	local k n
	gob 2 global rib -a evpn add macadv 02:00:00:00:77:01 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:901 rt 64999:100 encap vxlan
	gob 2 global rib -a evpn add macadv 02:00:00:00:77:02 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:902 rt 64998:100 encap vxlan
	gob 2 global rib -a evpn add macadv 02:00:00:00:77:03 0.0.0.0 etag 0 label 999 \
		rd 192.168.0.2:903 rt 65000:999 encap vxlan
	gob 2 global rib -a evpn add multicast 192.168.0.9 etag 0 rd 192.168.0.2:904 \
		rt 65000:100 encap vxlan nexthop 192.168.0.9
	# The next good route is our marker that the bad ones were handled.
	gob 2 global rib -a evpn add macadv 02:00:00:00:77:04 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:905 rt 65000:100 encap vxlan
	busywait 10000 has_fdb 1 02:00:00:00:77:04 192.168.0.2 || fail "the good route never came"
	for k in 01 02 03; do
		no_fdb 1 "02:00:00:00:77:$k" || fail "bad route 02:00:00:00:77:$k was programmed"
	done
	on_flood 1 192.168.0.9 && fail "a type-3 without PMSI was programmed"
	evpn_alive 1 || fail "vxip-evpn died"
	for k in unknown-rt unconfigured-vni no-pmsi; do
		n=$(grep -c "bad route ($k)" "$(d 1)/evpn.log")
		[ "$n" -eq 1 ] || fail "$n log lines for bad routes of kind $k, want 1"
	done
	info "$(grep "bad route" "$(d 1)/evpn.log" | tr '\n' ';')"
	info "status: $($IP netns exec "$N1" "$EVPN" -c "$(d 1)/evpn.conf" status | tr '\n' ';')"
	$IP netns exec "$N1" "$EVPN" -c "$(d 1)/evpn.conf" status -j |
		jq -e '.["bad-routes"]["unknown-rt"] == 2 and .["bad-routes"]["no-pmsi"] == 1' \
		> /dev/null || fail "status does not count the bad routes"
	gob 2 global rib -a evpn del macadv 02:00:00:00:77:04 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:905
}

# A pod that goes: its MAC leaves node 2's bridge and node 1's vxip FDB.
t_withdraw() {
	local mac
	mac=$(pod_mac 2)
	has_fdb 1 "$mac" 192.168.0.2 || fail "precondition: pod 2's MAC not on node 1"
	$IP -n "$N2" link del p2
	busywait 10000 no_fdb 1 "$mac" || fail "node 1 kept pod 2's MAC after the withdrawal"
	busywait 10000 eval "! frr_fdb $mac 192.168.0.2" ||
		fail "FRR kept pod 2's MAC after the withdrawal"
	grep "withdraw type-2 $mac" "$(d 2)/evpn.log"
}

# Config errors: status 2 and FILE:LINE in the message.
t_config_errors() {
	local f=$TMPDIR_TEST/bad.conf out rc
	check() {
		rc=0
		out=$("$EVPN" -c "$f" run 2>&1) || rc=$?
		echo "$out"
		[ "$rc" -eq 2 ] || fail "exit status $rc, want 2 for: $out"
		echo "$out" | grep -q "$1" || fail "message without '$1': $out"
	}
	evpn_conf 1 | sed 's/^bridge = br0/bridges = br0/' > "$f"
	check "bad.conf:9: unknown key \"bridges\""
	evpn_conf 1 | sed 's/^address = 192.168.0.1/address = 192.168.0.300/' > "$f"
	check "bad.conf:5: invalid vtep address"
	evpn_conf 1 | sed '/^\[vtep\]/d; /^address = 192.168/d' > "$f"
	check "missing section \[vtep\]"
	evpn_conf 1 | sed 's/^\[l3vni 5000\]/[l3vnx 5000]/' > "$f"
	check "bad.conf:11: unknown section \[l3vnx 5000\]"
}

ktap_print_header
setup_or_bail
ktap_set_plan 15
run_test "evpn: type-3 routes make evpn flood entries" t_type3_flood
run_test "evpn: pods ping through type-2 routes, both ways" t_ping
run_test "evpn: every FDB, flood and peer entry is owner evpn" t_owner_evpn
run_test "evpn: an FRR VTEP joins; every pod pings every other" t_frr
run_test "evpn: every FDB, flood and peer entry is owner evpn, with FRR" t_owner_evpn
run_test "evpn: FRR's MAC/IP route: pod 1's ARP never reaches the underlay" t_arp_suppress
run_test "evpn: iperf3 TCP vxip pod <-> FRR pod, both ways" t_iperf_frr
run_test "evpn: kill -9 and restart loses no ping, sweeps older generations" t_restart
run_test "evpn: gobgpd restart: kernel state kept, reimported, routes sent again" t_gobgpd_restart
run_test "evpn: a restart withdraws routes of MACs that left meanwhile" t_export_sweep
run_test "evpn: a type-5 route becomes a vxip route with L3 VNI and router MAC" t_type5
run_test "evpn: a MAC behind a VTEP without type-3 claims the peer, then frees it" t_mac_without_type3
run_test "evpn: bad routes are logged once per kind, never programmed" t_bad_routes
run_test "evpn: a pod that goes is withdrawn from the other node" t_withdraw
run_test "evpn: config errors exit 2 with the line" t_config_errors
ktap_finished
