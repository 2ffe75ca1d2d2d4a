#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VXLAN L2 semantics of vxip: head-end replication, ARP/ND suppression,
# learning and ageing, strict mode, malformed packets, peer deletion,
# flush by owner and generation, atomic replace, misses and events.
#
#   p<i> -- n<i> [vxip0, VNI 42]  i = 1, 2, 3, on the lan bridge;
#   r9 is a rogue host on the lan (192.168.0.9) that is nobody's peer.
source "$(dirname "$0")/lib.sh"
require_cmd jq ethtool
require_scapy

cleanup() {
	[ -n "${MON_PID:-}" ] && kill "$MON_PID" 2> /dev/null
	lib_cleanup
}
trap cleanup EXIT

setup() {
	local i j
	topo_lan && topo_node 1 && topo_node 2 && topo_node 3 || return 1
	for i in 1 2 3; do
		topo_vxip "$i" 42 || return 1
	done
	vxip_peers 1 2 3 && vxip_peers 2 1 3 && vxip_peers 3 1 2 || return 1
	# Every pod MAC is known everywhere (EVPN type 2), so unicast never floods.
	for i in 1 2 3; do
		MAC[$i]=$(pod_mac "$i")
	done
	for i in 1 2 3; do
		for j in 1 2 3; do
			[ "$i" = "$j" ] && continue
			$VXIPCTL -n "$(eval echo \$N$i)" fdb add vxip0 "${MAC[$j]}" \
				peer "192.168.0.$j" || return 1
		done
	done
	setup_ns R9 && ns_quiet "$R9" &&
	$IP -n "$R9" link add eth0 type veth peer name r9 netns "$LAN" &&
	$IP -n "$LAN" link set r9 master br0 up &&
	$IP -n "$R9" addr add 192.168.0.9/24 dev eth0 &&
	$IP -n "$R9" link set eth0 up
}

# One broadcast frame from p1 reaches each flood peer exactly once.
t_flood_once() {
	local f2 f3 r2 r3
	f2=$(peer_stat "$N1" 192.168.0.2 tx_flood)
	f3=$(peer_stat "$N1" 192.168.0.3 tx_flood)
	r2=$(peer_stat "$N2" 192.168.0.1 rx_packets)
	r3=$(peer_stat "$N3" 192.168.0.1 rx_packets)
	$IP netns exec "$P1" ping -q -b -c 1 -W 1 10.244.0.255 > /dev/null 2>&1 || true
	sleep 0.5
	expect_eq "copies to n2" $(( $(peer_stat "$N1" 192.168.0.2 tx_flood) - f2 )) 1
	expect_eq "copies to n3" $(( $(peer_stat "$N1" 192.168.0.3 tx_flood) - f3 )) 1
	expect_eq "received on n2" $(( $(peer_stat "$N2" 192.168.0.1 rx_packets) - r2 )) 1
	expect_eq "received on n3" $(( $(peer_stat "$N3" 192.168.0.1 rx_packets) - r3 )) 1
}

# An ARP request for a known MAC/IP is answered by n1 itself.
t_arp_suppression() {
	local sup flood2 flood3 lladdr
	$VXIPCTL -n "$N1" fdb replace vxip0 "${MAC[2]}" peer 192.168.0.2 ip 10.244.0.2
	$IP -n "$P1" neigh flush dev eth0
	sup=$(vxip_stat "$N1" arp_suppressed)
	flood2=$(peer_stat "$N1" 192.168.0.2 tx_flood)
	flood3=$(peer_stat "$N1" 192.168.0.3 tx_flood)
	pod_ping 1 2 1
	expect_eq "ARP requests answered locally" $(( $(vxip_stat "$N1" arp_suppressed) - sup )) 1
	expect_eq "frames flooded to n2" $(( $(peer_stat "$N1" 192.168.0.2 tx_flood) - flood2 )) 0
	expect_eq "frames flooded to n3" $(( $(peer_stat "$N1" 192.168.0.3 tx_flood) - flood3 )) 0
	lladdr=$($IP -n "$P1" -j neigh show 10.244.0.2 | jq -r '.[0].lladdr')
	expect_eq "p1's neighbour entry for p2" "$lladdr" "${MAC[2]}"
}

# The same for IPv6 neighbour solicitations: p2 never sees p1's NS.
t_nd_suppression() {
	local sup ns
	for ns in "$P1" "$P2"; do
		$IP netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
	done
	$IP -n "$P1" addr add fd00::1/64 dev eth0 nodad
	$IP -n "$P2" addr add fd00::2/64 dev eth0 nodad
	$IP netns exec "$N1" sysctl -qw net.ipv6.conf.vxip0.disable_ipv6=0 \
		net.ipv6.conf.br0.disable_ipv6=0
	$VXIPCTL -n "$N1" fdb replace vxip0 "${MAC[2]}" peer 192.168.0.2 \
		ip 10.244.0.2 ip fd00::2
	sup=$(vxip_stat "$N1" nd_suppressed)
	capture "$P2" "$TMPDIR_TEST/ns.pcap" "icmp6 and ip6[40] == 135" -- \
		$IP netns exec "$P1" ping -6 -q -c 1 -W 3 fd00::2 > /dev/null ||
		fail "p1 cannot ping p2 over IPv6"
	expect_eq "NS answered locally" $(( $(vxip_stat "$N1" nd_suppressed) - sup )) 1
	expect_eq "NS for fd00::2 reaching p2" \
		"$(tcpdump -r "$TMPDIR_TEST/ns.pcap" -nn 2> /dev/null | grep -c 'who has fd00::2')" 0
	expect_eq "p1's neighbour entry for fd00::2" \
		"$($IP -n "$P1" -j -6 neigh show fd00::2 | jq -r '.[0].lladdr')" "${MAC[2]}"
}

learned() {	# learned NS MAC: the peer a learned entry for MAC points to
	$VXIPCTL -n "$1" -j fdb show vxip0 owner learned |
		jq -r --arg m "$2" '.[] | select(.mac == $m) | .peer'
}

t_learning() {
	local aged
	# Off by default: nothing learned from the traffic so far.
	expect_eq "learned entries with learning off" \
		"$($VXIPCTL -n "$N1" -j fdb show vxip0 owner learned | jq length)" 0
	$VXIPCTL -n "$N1" dev set vxip0 learning on ageing 2
	$VXIPCTL -n "$N1" fdb del vxip0 "${MAC[2]}"
	# Read before learning: under a slow kernel the entry may expire
	# before the check below gets to it.
	aged=$(vxip_stat "$N1" fdb_aged)
	pod_ping 1 2 2
	expect_eq "p2's MAC learned behind n2" "$(learned "$N1" "${MAC[2]}")" 192.168.0.2
	# p2 silent (its neighbour probes would refresh the entry) for longer
	# than the ageing time: the entry goes.
	$IP -n "$P2" link set eth0 down
	busywait_out 8000 = "" learned "$N1" "${MAC[2]}" ||
		fail "learned entry did not age out"
	$IP -n "$P2" link set eth0 up
	[ "$(vxip_stat "$N1" fdb_aged)" -gt "$aged" ] || fail "fdb_aged not counted"
	$VXIPCTL -n "$N1" fdb add vxip0 "${MAC[2]}" peer 192.168.0.2
}

# Learning never overrides what a control plane or an operator programmed.
t_learning_no_override() {
	$VXIPCTL -n "$N1" fdb replace vxip0 "${MAC[2]}" peer 192.168.0.3 owner evpn
	$IP netns exec "$P2" ping -q -b -c 2 -i 0.2 -W 1 10.244.0.255 > /dev/null 2>&1 || true
	sleep 0.5
	expect_eq "peer of p2's MAC" "$($VXIPCTL -n "$N1" -j fdb show vxip0 owner evpn |
		jq -r --arg m "${MAC[2]}" '.[] | select(.mac == $m) | .peer')" 192.168.0.3
	$VXIPCTL -n "$N1" fdb replace vxip0 "${MAC[2]}" peer 192.168.0.2
	$VXIPCTL -n "$N1" dev set vxip0 learning off
}

t_strict_source() {
	local drops rx
	drops=$(vxip_stat "$N1" rx_drop_unknown_source)
	scapy_send "$R9" vxlan_send.py 192.168.0.1 good 3
	sleep 0.5
	expect_eq "drops from a non-peer" $(( $(vxip_stat "$N1" rx_drop_unknown_source) - drops )) 3
	# With strict off the same frames are accepted.
	$VXIPCTL -n "$N1" dev set vxip0 strict off
	rx=$(dev_stat "$N1" vxip0 rx.packets)
	scapy_send "$R9" vxlan_send.py 192.168.0.1 good 2
	sleep 0.5
	$VXIPCTL -n "$N1" dev set vxip0 strict on
	expect_eq "frames received with strict off" $(( $(dev_stat "$N1" vxip0 rx.packets) - rx )) 2
}

# prom_read: n1's vxip0 counters from vxipctl stats --prometheus, through
# the format's reference parser (py/prom_check.py, which also wants HELP
# and TYPE for every family), into $TMPDIR_TEST/prom.json.
prom_read() {
	$VXIPCTL -n "$N1" stats --prometheus vxip0 > "$TMPDIR_TEST/prom"
	"$PYTHON" "$(dirname "$0")/py/prom_check.py" < "$TMPDIR_TEST/prom" > "$TMPDIR_TEST/prom.json" ||
		fail "stats --prometheus: $(head -n 20 "$TMPDIR_TEST/prom")"
}

# prom SELECTOR: the value of the one sample prom_read got that the jq
# SELECTOR picks (e.g. '.name == "x" and .labels.peer == "y"'); nothing if
# not exactly one does.
prom() {
	jq -s "[.[] | select($1)] | if length == 1 then .[0].value else empty end" \
		"$TMPDIR_TEST/prom.json" | cut -d. -f1
}

# vxipctl stats: ethtool -S's counters and the peers', in text, JSON and
# Prometheus's format (parsed by its reference parser), moving with traffic.
t_stats() {
	local tx unk ev fdb vtx
	prom_read
	tx=$(prom '.name == "vxip_peer_tx_packets_total" and .labels.peer == "192.168.0.2" and .labels.encap == "vxlan"')
	vtx=$(prom '.name == "vxip_encap_packets_total" and .labels.encap == "vxlan" and .labels.dir == "tx"')
	unk=$(prom '.name == "vxip_drops_total" and .labels.dir == "rx" and .labels.reason == "unknown_source"')
	expect_eq "the drop counter, as ethtool -S has it" "$unk" "$(vxip_stat "$N1" rx_drop_unknown_source)"
	pod_ping 1 2
	scapy_send "$R9" vxlan_send.py 192.168.0.1 good 3
	sleep 0.5
	prom_read
	[ "$(prom '.name == "vxip_peer_tx_packets_total" and .labels.peer == "192.168.0.2"')" -ge $((tx + 3)) ] ||
		fail "vxip_peer_tx_packets_total did not move by the 3 pings"
	[ "$(prom '.name == "vxip_encap_packets_total" and .labels.encap == "vxlan" and .labels.dir == "tx"')" -ge $((vtx + 3)) ] ||
		fail "vxip_encap_packets_total{encap=vxlan,dir=tx} did not move by the 3 pings"
	expect_eq "VXLAN rx bytes, as ethtool -S has them" \
		"$(prom '.name == "vxip_encap_bytes_total" and .labels.encap == "vxlan" and .labels.dir == "rx"')" \
		"$(vxip_stat "$N1" vxlan_rx_bytes)"
	expect_eq "IPIP packets on a VXLAN-only device" \
		"$(prom '.name == "vxip_encap_packets_total" and .labels.encap == "ipip" and .labels.dir == "tx"')" 0
	expect_eq "rx drops from a non-peer" \
		"$(prom '.name == "vxip_drops_total" and .labels.reason == "unknown_source"')" $((unk + 3))
	fdb=$($VXIPCTL -n "$N1" -j dev show vxip0 | jq '.[0]["n-fdb"]')
	expect_eq "vxip_entries fdb" "$(prom '.name == "vxip_entries" and .labels.table == "fdb"')" "$fdb"
	ev=$(prom '.name == "vxip_events_total" and .labels.event == "flood_tx"')
	expect_eq "flood_tx, as ethtool -S has it" "$ev" "$(vxip_stat "$N1" flood_tx)"
	expect_eq "port drops" "$(prom '.name == "vxip_port_drops_total" and .labels.reason == "unknown_vni"')" \
		"$(vxip_stat "$N1" port_rx_drop_unknown_vni)"
	# JSON and text carry the same counters.
	expect_eq "stats -j" "$($VXIPCTL -n "$N1" -j stats vxip0 | jq '.[0].counters.rx_drop_unknown_source')" \
		$((unk + 3))
	$VXIPCTL -n "$N1" stats vxip0 | grep -q "^    rx_drop_unknown_source $((unk + 3))$" ||
		fail "stats text: $($VXIPCTL -n "$N1" stats vxip0)"
	$VXIPCTL -n "$N1" stats | grep -q "^vxip0: peers 2 " || fail "stats of every device: $($VXIPCTL -n "$N1" stats)"
}

t_malformed() {
	local bad runt pvni pbad
	bad=$(vxip_stat "$N1" rx_drop_bad_header)
	runt=$(vxip_stat "$N1" rx_drop_runt)
	pvni=$(vxip_stat "$N1" port_rx_drop_unknown_vni)
	pbad=$(vxip_stat "$N1" port_rx_drop_bad_header)
	# From n2, a known peer, so the strict check passes.
	scapy_send "$N2" vxlan_send.py 192.168.0.1 noflag 3 reserved 2 trunc 4 vni43 5 runt 6
	sleep 0.5
	expect_eq "bad flags or reserved bits" $(( $(vxip_stat "$N1" rx_drop_bad_header) - bad )) 5
	expect_eq "runt inner frames" $(( $(vxip_stat "$N1" rx_drop_runt) - runt )) 6
	expect_eq "unknown VNI" $(( $(vxip_stat "$N1" port_rx_drop_unknown_vni) - pvni )) 5
	expect_eq "truncated headers" $(( $(vxip_stat "$N1" port_rx_drop_bad_header) - pbad )) 4
	pod_ping 1 2 1
}

# ping_all FROM TO COUNT: pod FROM pings pod TO; every echo is answered
# (ping waits up to 10 s for the last replies).
ping_all() {
	local out
	out=$($IP netns exec "$(eval echo \$P$1)" ping -q -c "$3" -i 0.2 -w 10 "10.244.0.$2" 2>&1)
	echo "$out" | grep -q "^$3 packets transmitted, $3 received" ||
		fail "pod $1 to pod $2: $(echo "$out" | grep transmitted)"
}

# ev_has NAME JQ-FILTER: the monitor's NDJSON has an event it selects.
ev_has() {
	jq -e -s "[.[] | select($2)] | length > 0" "$TMPDIR_TEST/events" > /dev/null ||
		fail "no $1 event: $(tr '\n' ' ' < "$TMPDIR_TEST/events" | cut -c1-2000)"
}

# Events a bridge can trust: an entry learned and aged out (the learn
# group), a peer collected with the last entry holding it, one event per
# flush, an L2 miss while the frame floods, an L3 miss.
t_events() {
	local mac1
	$VXIPCTL -n "$N1" -j monitor > "$TMPDIR_TEST/events" 2>&1 &
	MON_PID=$!
	sleep 1
	# Learned, then aged out.
	$VXIPCTL -n "$N1" dev set vxip0 learning on ageing 2
	$VXIPCTL -n "$N1" fdb del vxip0 "${MAC[2]}"
	pod_ping 1 2 2
	$IP -n "$P2" link set eth0 down
	busywait_out 8000 = "" learned "$N1" "${MAC[2]}" || fail "learned entry did not age out"
	# Learning off before the pod speaks again (its link-up sends ND),
	# or the entry comes back, learned, and the static add below collides.
	$VXIPCTL -n "$N1" dev set vxip0 learning off
	$IP -n "$P2" link set eth0 up
	$VXIPCTL -n "$N1" fdb add vxip0 "${MAC[2]}" peer 192.168.0.2
	# A peer EVPN let go of goes with its last entry.
	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.88 owner evpn gen 3
	$VXIPCTL -n "$N1" fdb add vxip0 02:88:00:00:00:01 peer 192.168.0.88 owner evpn gen 3
	$VXIPCTL -n "$N1" peer del vxip0 192.168.0.88 owner evpn 2> /dev/null
	$VXIPCTL -n "$N1" fdb del vxip0 02:88:00:00:00:01 owner evpn
	# One event for a flush.
	$VXIPCTL -n "$N1" fdb add vxip0 02:88:00:00:00:02 peer 192.168.0.3 owner gossip gen 1
	$VXIPCTL -n "$N1" flush vxip0 fdb owner gossip gen-below 2 > /dev/null
	# Misses on a device of their own, with a flood list: an unknown MAC
	# (flooded all the same), and a packet to the device with no route.
	$IP -n "$N1" link add vxip1 type vxip
	$VXIPCTL -n "$N1" dev set vxip1 vni 98
	$VXIPCTL -n "$N1" peer add vxip1 192.168.0.2
	$VXIPCTL -n "$N1" flood add vxip1 peer 192.168.0.2
	$IP -n "$N1" addr add 10.98.0.1/24 dev vxip1
	$IP -n "$N1" link set vxip1 up
	mac1=$($IP -n "$N1" -j link show vxip1 | jq -r '.[0].address')
	$IP -n "$N1" neigh add 10.98.0.2 lladdr 02:aa:bb:cc:dd:01 dev vxip1
	$IP -n "$N1" neigh add 10.98.0.3 lladdr "$mac1" dev vxip1
	$IP netns exec "$N1" ping -q -c 1 -W 1 10.98.0.2 > /dev/null 2>&1 || :
	sleep 1.1	# the miss rate limit's burst
	$IP netns exec "$N1" ping -q -c 1 -W 1 10.98.0.3 > /dev/null 2>&1 || :
	sleep 1
	kill "$MON_PID"
	MON_PID=
	ev_has "learned fdb new" '.event == "fdb new" and .mac == "'"${MAC[2]}"'" and .owner == "learned"'
	ev_has "aged fdb del" '.event == "fdb del" and .mac == "'"${MAC[2]}"'" and .owner == "learned"'
	ev_has "peer new with EVPN's claim" '.event == "peer new" and .addr == "192.168.0.88" and
		([.claims[]? | select(.owner == "evpn")] | length) == 1'
	ev_has "fdb del with owner and gen" '.event == "fdb del" and .mac == "02:88:00:00:00:01" and
		.owner == "evpn" and .gen == 3'
	ev_has "collected peer del" '.event == "peer del" and .addr == "192.168.0.88"'
	ev_has "flush" '.event == "flush" and .owner == "gossip" and ."gen-below" == 2 and ."n-fdb" == 1'
	ev_has "L2 miss, flooded" '.event == "miss" and .dev == "vxip1" and .mac == "02:aa:bb:cc:dd:01"'
	ev_has "L3 miss" '.event == "miss" and .dev == "vxip1" and .dst == "10.98.0.3"'
	expect_eq "flood copies of the unknown MAC" \
		"$($VXIPCTL -n "$N1" -j peer show vxip1 192.168.0.2 | jq '.[0].stats."tx-flood"')" 1
	$IP -n "$N1" link del vxip1
}

# peer del drops one owner's claim and never takes FDB entries along;
# flush peer takes the peer and everything that uses it.
t_peer_delete() {
	local i n_before out
	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.77
	$VXIPCTL -n "$N1" flood add vxip0 peer 192.168.0.77
	for i in 1 2 3 4 5; do
		$VXIPCTL -n "$N1" fdb add vxip0 "02:77:00:00:00:0$i" peer 192.168.0.77
	done
	n_before=$($VXIPCTL -n "$N1" -j dev show vxip0 | jq '.[0]["n-fdb"]')
	expect_eq "entries using the peer" \
		"$($VXIPCTL -n "$N1" -j peer show vxip0 192.168.0.77 | jq '.[0]["n-fdb"]')" 5
	out=$($VXIPCTL -n "$N1" peer del vxip0 192.168.0.77 2>&1) || fail "peer del: $out"
	echo "$out" | grep -q "Peer stays" || fail "no warning that the peer stays: $out"
	expect_eq "entries after peer del" \
		"$($VXIPCTL -n "$N1" -j peer show vxip0 192.168.0.77 | jq '.[0]["n-fdb"]')" 5
	expect_eq "claims after peer del" \
		"$($VXIPCTL -n "$N1" -j peer show vxip0 192.168.0.77 | jq -c '[.[0].claims[] | has("gen")]')" '[false]'
	out=$($VXIPCTL -n "$N1" flush vxip0 peer 192.168.0.77)
	expect_eq "flush reply" "$out" "flushed 5 fdb entries, 1 peers, 1 flood-list members, 0 routes"
	expect_eq "FDB size after" "$($VXIPCTL -n "$N1" -j dev show vxip0 | jq '.[0]["n-fdb"]')" \
		$((n_before - 5))
	$VXIPCTL -n "$N1" peer show vxip0 192.168.0.77 > /dev/null 2>&1 && fail "peer still there"
	expect_eq "flood list" "$($VXIPCTL -n "$N1" -j flood show vxip0 | jq -r '.[].peer' | sort -u | xargs)" \
		"192.168.0.2 192.168.0.3"
}

# Two control planes share n2's peer: EVPN its FDB entry (with the pod's IP,
# so ARP is answered locally) and a claim, gossip a claim and the flood-list
# membership.  Gossip's sweep leaves EVPN's state and the traffic; EVPN's
# withdrawal takes the peer.  Then the operator's state comes back.
t_two_owners() {
	local out
	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.2 owner evpn gen 1
	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.2 owner gossip gen 7
	$VXIPCTL -n "$N1" flood add vxip0 peer 192.168.0.2 owner gossip gen 7
	# A resync repeats it: accepted, still one membership.
	$VXIPCTL -n "$N1" flood add vxip0 peer 192.168.0.2 owner gossip gen 7 ||
		fail "a repeated flood add was refused"
	$VXIPCTL -n "$N1" fdb replace vxip0 "${MAC[2]}" peer 192.168.0.2 owner evpn gen 1 \
		ip 10.244.0.2
	# The operator's claim and membership go: others hold the peer.
	$VXIPCTL -n "$N1" peer del vxip0 192.168.0.2 2> /dev/null
	$VXIPCTL -n "$N1" flood del vxip0 peer 192.168.0.2
	expect_eq "owners" "$($VXIPCTL -n "$N1" -j peer show vxip0 192.168.0.2 |
		jq -c '[.[0].claims[].owner] | sort')" '["evpn","gossip"]'
	ping_all 1 2 5

	out=$($VXIPCTL -n "$N1" flush vxip0 owner gossip gen-below 8)
	expect_eq "gossip's sweep" "$out" "flushed 0 fdb entries, 0 peers, 1 flood-list members, 0 routes"
	expect_eq "owners after the sweep" "$($VXIPCTL -n "$N1" -j peer show vxip0 192.168.0.2 |
		jq -c '[.[0].claims[].owner]')" '["evpn"]'
	expect_eq "EVPN's entry" "$($VXIPCTL -n "$N1" -j fdb show vxip0 peer 192.168.0.2 |
		jq -r '.[].owner')" evpn
	ping_all 1 2 5

	# EVPN withdraws: the entry, then the claim; the peer goes with it.
	$VXIPCTL -n "$N1" fdb del vxip0 "${MAC[2]}" owner evpn
	$VXIPCTL -n "$N1" peer show vxip0 192.168.0.2 > /dev/null || fail "peer gone with the entry"
	$VXIPCTL -n "$N1" peer del vxip0 192.168.0.2 owner evpn
	$VXIPCTL -n "$N1" peer show vxip0 192.168.0.2 > /dev/null 2>&1 && fail "peer left unheld"

	$VXIPCTL -n "$N1" peer add vxip0 192.168.0.2
	$VXIPCTL -n "$N1" flood add vxip0 peer 192.168.0.2
	$VXIPCTL -n "$N1" fdb add vxip0 "${MAC[2]}" peer 192.168.0.2
	pod_ping 1 2 1
}

# EVPN aliasing: a MAC behind n2 and n3 at once.  New flows from p1 spread
# over both peers; one flow keeps to one peer.  Each peer counts the entry;
# dropping one peer's claim leaves it held, and a flush by either peer
# takes the entry.
t_multipath_fdb() {
	local mac=02:ec:00:00:00:01 a2 a3 d2 d3 lo hi i out
	$VXIPCTL -n "$N1" fdb add vxip0 $mac peer 192.168.0.2 peer 192.168.0.3 owner evpn gen 1
	expect_eq "the entry's peers" "$($VXIPCTL -n "$N1" -j fdb show vxip0 owner evpn |
		jq -c '.[0].peers')" '["192.168.0.2","192.168.0.3"]'
	expect_eq "text form" "$($VXIPCTL -n "$N1" fdb show vxip0 owner evpn)" \
		"$mac dev vxip0 peer 192.168.0.2 peer 192.168.0.3 static owner evpn gen 1"
	for i in 2 3; do
		expect_eq "n2/n3 count it: 192.168.0.$i" "$($VXIPCTL -n "$N1" -j fdb show vxip0 \
			peer "192.168.0.$i" owner evpn | jq length)" 1
	done
	$IP -n "$P1" neigh replace 10.244.0.99 lladdr $mac dev eth0 nud permanent

	flows_spread "$N1" "$P1" 10.244.0.99 192.168.0.2 192.168.0.3

	# One socket, one flow: 16 datagrams, one peer.
	a2=$(peer_unicast "$N1" 192.168.0.2)
	a3=$(peer_unicast "$N1" 192.168.0.3)
	$IP netns exec "$P1" bash -c 'exec 3> /dev/udp/10.244.0.99/9; for i in $(seq 16); do echo x >&3; done'
	sleep 0.5
	d2=$(( $(peer_unicast "$N1" 192.168.0.2) - a2 ))
	d3=$(( $(peer_unicast "$N1" 192.168.0.3) - a3 ))
	# (as above, an answered ARP probe may add one)
	read -r lo hi <<< "$(echo $d2 $d3 | tr ' ' '\n' | sort -n | xargs)"
	[ "$lo" -le 1 ] && [ "$hi" -ge 16 ] || fail "one flow went to both peers ($d2, $d3)"
	$IP -n "$P1" neigh del 10.244.0.99 dev eth0

	# More than VXIP_PEERS_MAX, or a peer twice: refused, with the reason.
	out=$($VXIPCTL -n "$N1" fdb add vxip0 02:ec:00:00:00:02 peer 192.168.0.2 \
		peer 192.168.0.2 2>&1) && fail "a peer named twice was taken"
	echo "$out" | grep -q "Peer named twice" || fail "no reason: $out"
	for i in $(seq 10 18); do
		$VXIPCTL -n "$N1" peer add vxip0 "192.168.0.$i"
	done
	out=$($VXIPCTL -n "$N1" fdb add vxip0 02:ec:00:00:00:02 $(for i in $(seq 10 18); do
		echo peer "192.168.0.$i"; done) 2>&1) && fail "9 peers were taken"
	echo "$out" | grep -q "Too many peers" || fail "no reason: $out"
	for i in $(seq 10 18); do
		$VXIPCTL -n "$N1" peer del vxip0 "192.168.0.$i"
	done

	# A flush by the second peer takes the entry.
	out=$($VXIPCTL -n "$N1" flush vxip0 fdb peer 192.168.0.3 owner evpn)
	expect_eq "flush by the second peer" "$out" \
		"flushed 1 fdb entries, 0 peers, 0 flood-list members, 0 routes"
	pod_ping 1 3 1
}

t_flush_owner_gen() {
	local i out
	for i in 1 2 3; do
		$VXIPCTL -n "$N1" fdb add vxip0 "02:88:00:00:01:0$i" peer 192.168.0.3 owner evpn gen 1
	done
	for i in 1 2; do
		$VXIPCTL -n "$N1" fdb add vxip0 "02:88:00:00:02:0$i" peer 192.168.0.3 owner evpn gen 2
	done
	out=$($VXIPCTL -n "$N1" flush vxip0 fdb owner evpn gen-below 2)
	expect_eq "flush reply" "$out" "flushed 3 fdb entries, 0 peers, 0 flood-list members, 0 routes"
	expect_eq "EVPN entries left" "$($VXIPCTL -n "$N1" -j fdb show vxip0 owner evpn | jq -r '.[].gen' | xargs)" "2 2"
	out=$($VXIPCTL -n "$N1" -j flush vxip0 fdb owner evpn | jq -c .)
	expect_eq "second flush" "$out" '{"n-fdb":2,"n-peers":0,"n-flood":0,"n-routes":0}'
	pod_ping 1 3 1
}

# Entries and peers replaced again and again under traffic: nothing lost.
t_replace_atomic() {
	local i loss
	$IP netns exec "$P1" ping -q -c 250 -i 0.02 -W 2 10.244.0.2 > "$TMPDIR_TEST/flood-ping" 2>&1 &
	for i in $(seq 1 60); do
		echo "fdb replace vxip0 ${MAC[2]} peer 192.168.0.2 gen $i"
		echo "peer replace vxip0 192.168.0.2 gen $i"
	done > "$TMPDIR_TEST/replace.batch"
	for i in 1 2 3; do
		$VXIPCTL -n "$N1" -b "$TMPDIR_TEST/replace.batch"
	done
	wait
	loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$TMPDIR_TEST/flood-ping")
	cat "$TMPDIR_TEST/flood-ping" | tail -n 2
	expect_eq "packet loss" "$loss" 0
}

t_miss_and_events() {
	local drops
	$VXIPCTL -n "$N1" monitor > "$TMPDIR_TEST/mon" 2>&1 &
	MON_PID=$!
	sleep 1
	$IP -n "$N1" link add vxip1 type vxip
	$VXIPCTL -n "$N1" dev set vxip1 vni 99
	$IP -n "$N1" addr add 10.99.0.1/24 dev vxip1
	$IP -n "$N1" link set vxip1 up
	$IP -n "$N1" neigh add 10.99.0.2 lladdr 02:aa:bb:cc:dd:ee dev vxip1
	drops=$(dev_stat "$N1" vxip1 tx.dropped)
	$IP netns exec "$N1" ping -q -c 2 -i 0.2 -W 1 10.99.0.2 > /dev/null 2>&1 || true
	$VXIPCTL -n "$N1" peer add vxip1 192.168.0.2
	$VXIPCTL -n "$N1" fdb add vxip1 02:aa:bb:cc:dd:ee peer 192.168.0.2
	$VXIPCTL -n "$N1" fdb del vxip1 02:aa:bb:cc:dd:ee
	sleep 1
	kill "$MON_PID"
	MON_PID=
	cat "$TMPDIR_TEST/mon"
	[ $(( $(dev_stat "$N1" vxip1 tx.dropped) - drops )) -ge 2 ] || fail "misses not dropped"
	grep -q "^miss: dev vxip1 mac 02:aa:bb:cc:dd:ee$" "$TMPDIR_TEST/mon" || fail "no miss event"
	grep -q "^peer new: 192.168.0.2 dev vxip1" "$TMPDIR_TEST/mon" || fail "no peer event"
	grep -q "^fdb new: 02:aa:bb:cc:dd:ee dev vxip1 peer 192.168.0.2" "$TMPDIR_TEST/mon" ||
		fail "no fdb new event"
	grep -q "^fdb del: 02:aa:bb:cc:dd:ee dev vxip1" "$TMPDIR_TEST/mon" || fail "no fdb del event"
	$IP -n "$N1" link del vxip1
}

# Deleting the devices frees every peer, entry and socket they had.
t_objects_freed() {
	local i k
	for i in 1 2 3; do
		$IP -n "$(eval echo \$N$i)" link del vxip0
	done
	for k in peer fdb neigh sock; do
		busywait_out 5000 = 0 vxip_objects $k ||
			fail "$(vxip_objects $k) $k objects left after deleting the devices"
	done
}

ktap_print_header
declare -A MAC
setup_or_bail
ktap_set_plan 16
run_test "l2: a broadcast reaches each flood peer exactly once" t_flood_once
run_test "l2: ARP for a known MAC/IP is answered locally" t_arp_suppression
run_test "l2: learning off by default; on, it learns and ages" t_learning
run_test "l2: learning never overrides programmed entries" t_learning_no_override
run_test "l2: strict mode drops a non-peer, counted" t_strict_source
run_test "l2: malformed VXLAN counted per reason" t_malformed
run_test "l2: vxipctl stats: text, JSON and Prometheus, moving with traffic" t_stats
run_test "l2: peer del drops a claim; flush peer removes what uses it" t_peer_delete
run_test "l2: two owners share a peer; one's sweep leaves the other's" t_two_owners
run_test "l2: flush by owner and generation" t_flush_owner_gen
run_test "l2: a MAC behind two peers: flows spread, each keeps to one" t_multipath_fdb
run_test "l2: replace under traffic loses nothing" t_replace_atomic
run_test "l2: misses dropped and notified; changes notified" t_miss_and_events
run_test "l2: events: learned, aged, collected peer, flush, L2 and L3 misses" t_events
run_test "l2: IPv6 NS for a known MAC/IP is answered locally" t_nd_suppression
run_test "l2: no object outlives its device" t_objects_freed
ktap_finished
