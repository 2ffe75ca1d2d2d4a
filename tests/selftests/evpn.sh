#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxip-evpn: GoBGP's EVPN RIB programs vxip, and vxip's local MACs and VTEP
# go into GoBGP.  Real daemons only; nothing is programmed by hand.  Two
# vxip nodes and an FRR VTEP (topo/evpn.sh draws them).
source "$(dirname "$0")/lib.sh"
require_cmd jq gobgpd gobgp vtysh iperf3 tcpdump

source "$(dirname "$0")/topo/evpn.sh"

cleanup() {
	frr_stop
	[ -z "${VXIP_OUT:-}" ] || for i in 1 2 4 5; do
		cp "$TMPDIR_TEST/n$i/evpn.log" "$VXIP_OUT/evpn-n$i.log" 2> /dev/null
	done
	lib_cleanup
}
trap cleanup EXIT

# Node 3 (FRR, Linux vxlan) joins: every pod pings every other.
t_frr() {
	local i j mac
	frr_start || fail "FRR did not start"
	busywait 60000 established 1 2 || fail "node 1: no session with FRR"
	busywait 60000 established 2 2 || fail "node 2: no session with FRR"
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
	busywait 20000 eval "vx 1 -j fdb show vxip0 | json_true --arg m $mac3 \
		'any(.[]; .mac == \$m and ((.ip // []) | index(\"10.244.0.3\")))'" ||
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

# has_ip NODE MAC IP: NODE's vxip FDB entry for MAC carries IP.
has_ip() {
	vx "$1" -j fdb show vxip0 | json_true --arg m "$2" --arg ip "$3" \
		'any(.[]; .mac == $m and ((.ip // []) | index($ip)))'
}

# An address on node 1's bridge (an SVI) makes its kernel learn pod 1's
# IP; vxip-evpn then advertises pod 1's MAC/IP route, which node 2's
# vxip-evpn and FRR take.  When the neighbour goes, the route goes.
t_export_macip() {
	local mac ip=10.244.0.1
	mac=$(pod_mac 1)
	$IP -n "$N1" addr add 10.244.0.201/24 dev br0
	$IP netns exec "$P1" ping -q -c 1 -W 2 10.244.0.201 > /dev/null ||
		fail "pod 1 cannot reach node 1's bridge address"
	busywait 10000 has_ip 2 "$mac" $ip ||
		{ vx 2 fdb show vxip0; tail -n 5 "$(d 1)/evpn.log"; fail "node 2: pod 1's MAC without $ip"; }
	grep -q "export: type-2 $mac $ip vni 100" "$(d 1)/evpn.log" || fail "node 1 logged no MAC/IP export"
	busywait 10000 eval "$IP -n $N3 neigh show $ip dev br0 | grep -q 'lladdr $mac'" ||
		{ $IP -n "$N3" neigh show dev br0; fail "FRR installed no neighbour for $ip"; }
	$IP -n "$N1" neigh del $ip dev br0
	busywait 10000 eval '! has_ip 2 '"$mac $ip" || fail "node 2 kept $ip after the neighbour went"
	has_fdb 2 "$mac" 192.168.0.1 || fail "node 2: the MAC-only route went too"
	$IP -n "$N1" addr del 10.244.0.201/24 dev br0
}

# The same with IPv6: pod 1's global address is advertised; link-local
# ones, which the bridge learns too, are not (as FRR does).
t_export_macip6() {
	local mac ip=fd00:244::1
	mac=$(pod_mac 1)
	# No DAD: the link-local addresses are usable at once (a tentative one
	# would make ping use the global address as its source).
	$IP netns exec "$N1" sysctl -qw net.ipv6.conf.br0.accept_dad=0 \
		net.ipv6.conf.br0.disable_ipv6=0
	$IP netns exec "$P1" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 \
		net.ipv6.conf.eth0.disable_ipv6=0
	$IP -n "$N1" addr add fd00:244::201/64 dev br0 nodad
	$IP -n "$P1" addr add $ip/64 dev eth0 nodad
	$IP netns exec "$P1" ping -q -c 1 -W 2 fd00:244::201 > /dev/null ||
		fail "pod 1 cannot reach node 1's bridge address over IPv6"
	# A link-local neighbour on the bridge as well.
	$IP netns exec "$P1" ping -q -c 1 -W 2 "$($IP -n "$N1" -j addr show dev br0 scope link |
		jq -r '.[0].addr_info[] | select(.family == "inet6") | .local')%eth0" > /dev/null ||
		fail "pod 1 cannot reach node 1's bridge link-local address"
	busywait 10000 has_ip 2 "$mac" $ip ||
		{ vx 2 fdb show vxip0; tail -n 5 "$(d 1)/evpn.log"; fail "node 2: pod 1's MAC without $ip"; }
	grep -q "export: type-2 $mac $ip vni 100" "$(d 1)/evpn.log" || fail "node 1 logged no MAC/IPv6 export"
	$IP -n "$N1" -6 neigh show dev br0 | grep -q "^fe80:.* lladdr $mac" ||
		fail "the bridge learned no link-local neighbour: $($IP -n "$N1" -6 neigh show dev br0)"
	! grep -q "export: type-2 $mac fe80:" "$(d 1)/evpn.log" || fail "a link-local address was exported"
	vx 2 -j fdb show vxip0 | json_true --arg m "$mac" \
		'all(.[]; .mac != $m or all((.ip // [])[]; startswith("fe80") | not))' ||
		fail "node 2 has a link-local address for pod 1's MAC"
	$IP -n "$N1" neigh del $ip dev br0
	busywait 10000 eval '! has_ip 2 '"$mac $ip" || fail "node 2 kept $ip after the neighbour went"
	has_fdb 2 "$mac" 192.168.0.1 || fail "node 2: the MAC-only route went too"
	$IP -n "$P1" addr del $ip/64 dev eth0
	$IP -n "$N1" addr del fd00:244::201/64 dev br0
	$IP netns exec "$P1" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	$IP netns exec "$N1" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
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
	busywait 60000 established 1 1 || fail "no BGP session after gobgpd came back"
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
	busywait 10000 eval "vx 1 -j route show vxip0 | json_true 'any(.[]; .owner == \"evpn\" and
		(.dst | startswith(\"10.55.0.0\")) and .peer == \"192.168.0.2\")'" ||
		{ vx 1 route show vxip0; fail "node 1: no evpn route for 10.55.0.0/24"; }
	vx 1 route show vxip0
	vx 1 -j route show vxip0 | json_true 'any(.[]; .vni == 5000 and .rmac == "02:00:00:00:55:55")' \
		|| fail "route without L3 VNI 5000 and router MAC 02:00:00:00:55:55"
	gob 2 global rib -a evpn del prefix 10.55.0.0/24 etag 0 label 5000 rd 192.168.0.2:5000
	busywait 10000 eval "vx 1 -j route show vxip0 | json_true 'all(.[]; .owner != \"evpn\")'" ||
		fail "node 1: the route stayed after the withdrawal"
}

# A MAC behind a VTEP with no type-3 route: evpn claims the peer for the
# FDB entry, and the peer goes with the entry.
t_mac_without_type3() {
	gob 2 global rib -a evpn add macadv 02:00:00:00:88:01 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:801 rt 65000:100 encap vxlan nexthop 192.168.0.7
	busywait 10000 has_fdb 1 02:00:00:00:88:01 192.168.0.7 ||
		{ cat "$(d 1)/evpn.log"; fail "node 1: no FDB entry to VTEP 192.168.0.7"; }
	vx 1 -j peer show vxip0 | json_true 'any(.[]; .addr == "192.168.0.7" and .owner == "evpn")' \
		|| fail "node 1: no evpn peer 192.168.0.7"
	gob 2 global rib -a evpn del macadv 02:00:00:00:88:01 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.2:801
	busywait 10000 no_fdb 1 02:00:00:00:88:01 || fail "the entry stayed after the withdrawal"
	busywait 10000 eval "vx 1 -j peer show vxip0 | json_true 'all(.[]; .addr != \"192.168.0.7\")'" ||
		fail "peer 192.168.0.7 stayed after its last path went"
}

# peers_of NODE MAC: the VTEPs of NODE's FDB entry for MAC, in order.
peers_of() {
	vx "$1" -j fdb show vxip0 |
		jq -r --arg m "$2" '.[] | select(.mac == $m) | (.peers // [.peer]) | join(" ")'
}

# macadv ARGS...: a type-2 route in node 2's GoBGP, VNI 100.
macadv() {
	gob 2 global rib -a evpn "$1" macadv "$2" 0.0.0.0 "${@:4}" etag 0 label 100 \
		rd "$3" rt 65000:100 encap vxlan
}

# A MAC on a multihomed Ethernet segment (one ESI, two VTEPs) goes to
# both, the best path's first; single-homed, to the latest path's alone.
t_multihomed() {
	local mac=02:00:00:00:99:01 one=02:00:00:00:99:02
	local esi=(esi ARBITRARY 00:11:22:33:44:55:66:77:88)
	macadv add $mac 192.168.0.7:100 "${esi[@]}" nexthop 192.168.0.7
	busywait 10000 eval '[ "$(peers_of 1 '$mac')" = 192.168.0.7 ]' ||
		{ vx 1 fdb show vxip0; fail "node 1: $mac not to 192.168.0.7"; }
	macadv add $mac 192.168.0.8:100 "${esi[@]}" nexthop 192.168.0.8
	busywait 10000 eval '[ "$(peers_of 1 '$mac')" = "192.168.0.8 192.168.0.7" ]' ||
		fail "node 1: $mac to '$(peers_of 1 $mac)', want both VTEPs of the segment"
	macadv del $mac 192.168.0.8:100 "${esi[@]}"
	busywait 10000 eval '[ "$(peers_of 1 '$mac')" = 192.168.0.7 ]' ||
		fail "node 1: $mac to '$(peers_of 1 $mac)' after one VTEP withdrew"
	macadv del $mac 192.168.0.7:100 "${esi[@]}"
	busywait 10000 no_fdb 1 $mac || fail "node 1: $mac stayed after both withdrew"
	# Single-homed (no ESI) on two VTEPs: a move, not a segment.
	macadv add $one 192.168.0.7:100 nexthop 192.168.0.7
	busywait 10000 eval '[ "$(peers_of 1 '$one')" = 192.168.0.7 ]' || fail "node 1: $one not to .7"
	macadv add $one 192.168.0.8:100 nexthop 192.168.0.8
	busywait 10000 eval '[ "$(peers_of 1 '$one')" = 192.168.0.8 ]' ||
		fail "node 1: $one to '$(peers_of 1 $one)', want the latest VTEP alone"
	macadv del $one 192.168.0.8:100
	macadv del $one 192.168.0.7:100
	busywait 10000 no_fdb 1 $one || fail "node 1: $one stayed after both withdrew"
}

# A type-2 route's IPv6 address goes into the entry, for ND suppression.
t_type2_ipv6() {
	local mac=02:00:00:00:99:03
	gob 2 global rib -a evpn add macadv $mac fd00::99:3 etag 0 label 100 \
		rd 192.168.0.2:993 rt 65000:100 encap vxlan
	busywait 10000 eval "vx 1 -j fdb show vxip0 | json_true --arg m $mac \
		'any(.[]; .mac == \$m and ((.ip // []) | index(\"fd00::99:3\")))'" ||
		{ vx 1 fdb show vxip0; fail "node 1: no $mac with fd00::99:3"; }
	gob 2 global rib -a evpn del macadv $mac fd00::99:3 etag 0 label 100 rd 192.168.0.2:993
	busywait 10000 no_fdb 1 $mac || fail "node 1: $mac stayed after the withdrawal"
}

# IPv6 VTEPs (nodes 4 and 5, a fabric of their own, gobgpd over IPv6):
# vxip-evpn makes the VTEP vxip0's local address, exports type-3 and type-2
# routes with IPv6 next hops, originators and PMSI tunnel ids, and imports
# the other's into IPv6 peers, flood list and FDB; pods ping over IPv6.
# An IPv4 next hop, for which vxip0 has no local address, is skipped.
t_ipv6_vtep() {
	local n st
	evpn6_setup || fail "the IPv6 fabric did not come up"
	[ "$(vx 4 -j dev show vxip0 | jq -r '.[0].local6')" = fd00::4 ] ||
		fail "node 4: vxip0's local6 is not the VTEP: $(vx 4 dev show vxip0)"
	busywait 20000 on_flood 4 fd00::5 || fail "node 4: no flood entry for fd00::5"
	busywait 20000 on_flood 5 fd00::4 || fail "node 5: no flood entry for fd00::4"
	pod_ping 4 5
	busywait 10000 has_fdb 4 "$(pod_mac 5)" fd00::5 || fail "node 4: no evpn FDB entry for pod 5"
	busywait 10000 has_fdb 5 "$(pod_mac 4)" fd00::4 || fail "node 5: no evpn FDB entry for pod 4"
	[ "$(peer_stat "$N4" fd00::5 tx_packets)" -ge 3 ] || fail "node 4: nothing sent to fd00::5"
	info "node 4's vxip0: $(vx 4 fdb show vxip0 | tr '\n' ';') flood: $(vx 4 flood show vxip0 | tr '\n' ';')"
	info "node 5's RIB: $(gob 5 global rib -a evpn | tr -s ' ' | tr '\n' ';')"
	gob 5 global rib -a evpn add macadv 02:00:00:00:66:01 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.5:601 rt 65000:100 encap vxlan nexthop 192.168.0.5
	gob 5 global rib -a evpn add macadv 02:00:00:00:66:02 0.0.0.0 etag 0 label 100 \
		rd 192.168.0.5:602 rt 65000:100 encap vxlan nexthop fd00::5
	busywait 10000 has_fdb 4 02:00:00:00:66:02 fd00::5 || fail "node 4: the marker route never came"
	no_fdb 4 02:00:00:00:66:01 || fail "node 4: a MAC behind an IPv4 next hop was programmed"
	st=$(vx 4 -j peer show vxip0) && [ "$(echo "$st" | jq -r '.[].addr')" = fd00::5 ] ||
		fail "node 4: peers other than fd00::5: $st"
	n=$(grep -c "bad route (next-hop-family)" "$(d 4)/evpn.log")
	[ "$n" -eq 1 ] || fail "$n log lines for the IPv4 next hop, want 1"
	st=$($IP netns exec "$N4" "$EVPN" -c "$(d 4)/evpn.conf" status -j) &&
		echo "$st" | json_true '.vtep == "fd00::4" and .["bad-routes"]["next-hop-family"] == 1 and
			.vnis[0].local == ["fd00::4"]' || fail "status: $st"
	st=$($IP netns exec "$N4" "$EVPN" -c "$(d 4)/evpn.conf" status) &&
		echo "$st" | grep -q "^vni 100 dev vxip0 rt 65000:100, local fd00::4$" ||
		fail "status: $st"
	info "status: $(echo "$st" | head -4 | tr '\n' ';')"
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
		json_true '.["bad-routes"]["unknown-rt"] == 2 and .["bad-routes"]["no-pmsi"] == 1' \
		|| fail "status does not count the bad routes"
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
setup_or_bail evpn_setup
ktap_set_plan 20
run_test "evpn: type-3 routes make evpn flood entries" t_type3_flood
run_test "evpn: pods ping through type-2 routes, both ways" t_ping
run_test "evpn: every FDB, flood and peer entry is owner evpn" t_owner_evpn
run_test "evpn: an FRR VTEP joins; every pod pings every other" t_frr
run_test "evpn: every FDB, flood and peer entry is owner evpn, with FRR" t_owner_evpn
run_test "evpn: FRR's MAC/IP route: pod 1's ARP never reaches the underlay" t_arp_suppress
run_test "evpn: a local MAC's IP from the bridge's neighbours: a MAC/IP route vxip and FRR take" t_export_macip
run_test "evpn: a local MAC's IPv6 address: a MAC/IP route, link-local ones left out" t_export_macip6
run_test "evpn: iperf3 TCP vxip pod <-> FRR pod, both ways" t_iperf_frr
run_test "evpn: kill -9 and restart loses no ping, sweeps older generations" t_restart
run_test "evpn: gobgpd restart: kernel state kept, reimported, routes sent again" t_gobgpd_restart
run_test "evpn: a restart withdraws routes of MACs that left meanwhile" t_export_sweep
run_test "evpn: a type-5 route becomes a vxip route with L3 VNI and router MAC" t_type5
run_test "evpn: a MAC behind a VTEP without type-3 claims the peer, then frees it" t_mac_without_type3
run_test "evpn: a multihomed MAC (one ESI) goes to every VTEP of its segment" t_multihomed
run_test "evpn: a type-2 route's IPv6 address goes into the FDB entry" t_type2_ipv6
run_test "evpn: IPv6 VTEPs: type-2 and type-3 routes with IPv6 next hops, pods ping" t_ipv6_vtep
run_test "evpn: bad routes are logged once per kind, never programmed" t_bad_routes
run_test "evpn: a pod that goes is withdrawn from the other node" t_withdraw
run_test "evpn: config errors exit 2 with the line" t_config_errors
ktap_finished
