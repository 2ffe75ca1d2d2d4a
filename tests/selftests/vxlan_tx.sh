#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The transmit side's outer header: route cache against marks and
# configuration changes, DF inheritance, and traffic the host itself sends
# through the device (lockdep on the debug kernel).
#
#   n1 [vxip0 10.244.0.1] eth0 192.168.0.1, .11 ---- eth0 192.168.0.2 [vxlan0 10.244.0.2] r2
#
# n1's vxip0 (VNI 42, no local address: the route chooses it) floods to r2,
# a Linux vxlan device.  Table 100 routes to r2 from 192.168.0.11; policy
# rules send marked packets, TOS 16 and UDP port 4790 there.
source "$(dirname "$0")/lib.sh"
require_cmd jq tcpdump

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup() {
	topo_pair || return 1
	$IP -n "$N1" addr add 192.168.0.11/24 dev eth0
	$IP -n "$N1" route add 192.168.0.2 dev eth0 src 192.168.0.11 table 100
	$IP -n "$N1" rule add fwmark 7 lookup 100
	$IP -n "$N1" rule add tos 0x10 lookup 100
	$IP -n "$N1" rule add ipproto udp dport 4790 lookup 100
}

ping_r2() {	# ping_r2 [ARGS]: 2 pings from n1 to r2 over the overlay
	$IP netns exec "$N1" ping -q -c 2 -i 0.2 -W 2 "$@" > "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "n1 cannot ping r2 ($*)"; }
}

# fresh: the settings of setup, and a route cache emptied by a flush (which
# bumps the route generation), whatever a test that failed left behind.
fresh() {
	$VXIPCTL -n "$N1" dev set vxip0 tos 0 local auto port 4789 df unset &&
	$VXIPCTL -n "$N1" peer replace vxip0 192.168.0.2 port 0 &&
	$IP -n "$N1" route flush cache
}

send_r2() {	# send_r2 [ARGS]: 2 pings to r2, answered or not
	$IP netns exec "$N1" ping -q -c 2 -i 0.2 -W 1 "$@" > /dev/null 2>&1 || true
}

# The route cache tests' echo requests, on n1's eth0, in one capture for
# all of them (a tcpdump start each, under TCG, cost seconds): every
# expect_src picks out its own by the ICMP identifier its pings carry.
SRC_PCAP=$TMPDIR_TEST/src.pcap

ping_id() {	# ping_id: a new ICMP identifier, never one used before here
	local n
	n=$(( $(cat "$TMPDIR_TEST/ping_id" 2> /dev/null || echo 0) + 1 ))
	echo "$n" > "$TMPDIR_TEST/ping_id"
	echo $(( 0x5800 + n ))
}

# echo_sources ID: the outer source of each echo request with identifier
# ID in SRC_PCAP.  udp[39]: the inner IPv4 protocol, udp[50]: the ICMP
# type, udp[54:2]: its identifier.
echo_sources() {
	tcpdump -r "$SRC_PCAP" -nn "udp[39] = 1 and udp[50] = 8 and udp[54:2] = $1" 2> /dev/null |
		sed -n 's/^.*IP \(192\.168\.0\.[0-9]*\)\.[0-9]* > 192\.168\.0\.2\.[0-9]*:.*/\1/p'
}

# expect_src WHAT WANT [PING ARGS]: the echo requests "ping ARGS" sends to
# r2 leave from WANT, once an unmarked ping has filled the route cache
# with the current settings.
expect_src() {
	local id got
	if ! kill -0 "$(cat "$SRC_PCAP.pid" 2> /dev/null)" 2> /dev/null; then
		capture_start "$N1" "$SRC_PCAP" "udp dst port 4789 or udp dst port 4790" || return 1
	fi
	send_r2 -e "$(ping_id)" 10.244.0.2
	id=$(ping_id)
	send_r2 -e "$id" "${@:3}"
	# Until tcpdump has written both requests (ping sends 2).
	busywait 10000 eval '[ "$(echo_sources "$id" | wc -l)" -ge 2 ]' || true
	got=$(echo_sources "$id" | sort -u | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$2" ] && return
	tcpdump -r "$SRC_PCAP" -nn -v "udp[54:2] = $id" 2>&1 | head -n 12
	fail "$1: echo requests with id $id from '$got', want '$2'"
}

# A marked packet is routed by its mark, whatever the cache holds.
t_dst_cache_mark() {
	fresh
	expect_src "source of unmarked packets" 192.168.0.1 10.244.0.2
	expect_src "source of packets marked 7" 192.168.0.11 -m 7 10.244.0.2
}

# dev set tos: the next packets take the route for the new TOS.
t_dst_cache_tos() {
	fresh
	expect_src "source with tos 0" 192.168.0.1 10.244.0.2
	$VXIPCTL -n "$N1" dev set vxip0 tos 16
	expect_src "source after dev set tos 16" 192.168.0.11 10.244.0.2
	$VXIPCTL -n "$N1" dev set vxip0 tos 0
	expect_src "source after dev set tos 0" 192.168.0.1 10.244.0.2
}

# dev set local: a fixed source, then the route's choice again.
t_dst_cache_local() {
	fresh
	$VXIPCTL -n "$N1" dev set vxip0 local 192.168.0.11
	expect_src "source after dev set local .11" 192.168.0.11 10.244.0.2
	$VXIPCTL -n "$N1" dev set vxip0 local auto
	expect_src "source after dev set local auto" 192.168.0.1 10.244.0.2
}

# dev set port: the UDP port policy routing matches on.
t_dst_cache_port() {
	fresh
	expect_src "source with port 4789" 192.168.0.1 10.244.0.2
	$VXIPCTL -n "$N1" dev set vxip0 port 4790
	expect_src "source after dev set port 4790" 192.168.0.11 10.244.0.2
	$VXIPCTL -n "$N1" dev set vxip0 port 4789
	expect_src "source after dev set port 4789" 192.168.0.1 10.244.0.2
}

# peer replace port: the peer's own port, on the wire and in the route
# lookup that policy routing matches on (the cache is looked up again).
t_dst_cache_peer_port() {
	fresh
	expect_src "source with port 4789" 192.168.0.1 10.244.0.2
	$VXIPCTL -n "$N1" peer replace vxip0 192.168.0.2 port 4790
	expect_src "source after peer port 4790" 192.168.0.11 10.244.0.2
	$VXIPCTL -n "$N1" peer replace vxip0 192.168.0.2 port 0
	expect_src "source after peer port 0 (the device's)" 192.168.0.1 10.244.0.2
}

# df inherit: the inner IPv4 DF bit, and DF for every IPv6 inner packet
# (routers never fragment IPv6), as Linux's vxlan does.
t_df_inherit() {
	local f=$TMPDIR_TEST/df.pcap out="udp dst port 4789 and src host 192.168.0.1"
	local v4="udp[28:2] = 0x0800" v6="udp[28:2] = 0x86dd"
	local odf="ip[6] & 0x40 != 0" idf="udp[36] & 0x40 != 0" n6 n6df
	fresh
	$IP netns exec "$N1" sysctl -qw net.ipv6.conf.vxip0.disable_ipv6=0
	$IP netns exec "$R2" sysctl -qw net.ipv6.conf.vxlan0.disable_ipv6=0
	$IP -n "$N1" addr add fd00::1/64 dev vxip0 nodad
	$IP -n "$R2" addr add fd00::2/64 dev vxlan0 nodad
	$VXIPCTL -n "$N1" dev set vxip0 df inherit
	capture "$N1" "$f" "$out" -- sh -c "
		$IP netns exec $N1 ping -q -c 2 -i 0.2 -W 2 -M do 10.244.0.2 &&
		$IP netns exec $N1 ping -q -c 2 -i 0.2 -W 2 -M dont 10.244.0.2 &&
		$IP netns exec $N1 ping -q -c 2 -i 0.2 -W 2 fd00::2" > "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "pings over the overlay failed"; }
	$VXIPCTL -n "$N1" dev set vxip0 df unset
	tcpdump -r "$f" -nn -v "$out and $v6" 2> /dev/null | head -n 4
	n6=$(pcount "$f" "$out and $v6")
	n6df=$(pcount "$f" "$out and $v6 and $odf")
	info "IPv6 inner: $n6df of $n6 with DF; IPv4 inner: $(pcount "$f" "$out and $v4 and $odf") with DF," \
		"$(pcount "$f" "$out and $v4 and not $odf") without"
	[ "$n6" -ge 2 ] || fail "only $n6 VXLAN packets with IPv6 inside"
	expect_eq "IPv6 inner packets without outer DF" $((n6 - n6df)) 0
	expect_eq "IPv4 inner, DF, outer without" "$(pcount "$f" "$out and $v4 and $idf and not $odf")" 0
	expect_eq "IPv4 inner without DF, outer with" "$(pcount "$f" "$out and $v4 and not $idf and $odf")" 0
	[ "$(pcount "$f" "$out and $v4 and $idf")" -ge 2 ] || fail "no IPv4 inner packets with DF"
	[ "$(pcount "$f" "$out and $v4 and not $idf")" -ge 2 ] || fail "no IPv4 inner packets without DF"
}

# raw_frames NS DEV DST_MAC: an ARP request and a UDP datagram to 10.244.0.2,
# written whole to an AF_PACKET socket on DEV: packet_snd() reaches
# ndo_start_xmit under rcu_read_lock_bh() alone (IP and ARP output take
# rcu_read_lock() first in 6.1's stable updates).
raw_frames() {
	$IP netns exec "$1" "$PYTHON" - "$2" "$3" <<- 'EOF'
	import socket, struct, sys
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
	s.bind((sys.argv[1], 0))
	me = bytes.fromhex(open("/sys/class/net/%s/address" % sys.argv[1]).read().strip().replace(":", ""))
	dst = bytes.fromhex(sys.argv[2].replace(":", ""))
	a, b = socket.inet_aton("10.244.0.1"), socket.inet_aton("10.244.0.2")
	s.send(b"\xff" * 6 + me + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x800, 6, 4, 1) +
	       me + a + bytes(6) + b)
	udp = struct.pack("!HHHH", 9, 9, 13, 0) + b"vxip\n"
	ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, a, b)
	c = sum(struct.unpack("!10H", ip))
	c = ~((c & 0xffff) + (c >> 16)) & 0xffff
	ip = ip[:10] + struct.pack("!H", c) + ip[12:]
	s.send(dst + me + b"\x08\x00" + ip + udp)
	EOF
}

# ARP, UDP and ICMP the host sends itself, through the stack and from an
# AF_PACKET socket (the debug kernel's lockdep judges the RCU use).
t_host_originated() {
	local tx drops arp
	fresh
	tx=$(dev_stat "$N1" vxip0 tx.packets)
	drops=$(dev_stat "$N1" vxip0 tx.dropped)
	arp=$(dev_stat "$R2" vxlan0 rx.packets)
	# ARP: 10.244.0.3 does not answer, so n1 asks three times.
	$IP netns exec "$N1" ping -q -c 1 -W 3 10.244.0.3 > /dev/null 2>&1 || true
	ping_r2 10.244.0.2
	$IP netns exec "$N1" bash -c 'for i in 1 2 3; do echo vxip > /dev/udp/10.244.0.2/9; done'
	$IP netns exec "$N1" ping -q -c 2 -i 0.2 -W 1 -b 10.244.0.255 > /dev/null 2>&1 || true
	raw_frames "$N1" vxip0 "$($IP -n "$R2" -j link show vxlan0 | jq -r '.[0].address')"
	tx=$(( $(dev_stat "$N1" vxip0 tx.packets) - tx ))
	info "$tx packets sent by n1 through vxip0"
	[ "$tx" -ge 10 ] || fail "only $tx packets sent through vxip0"
	[ $(( $(dev_stat "$R2" vxlan0 rx.packets) - arp )) -ge 10 ] ||
		fail "r2 received $(( $(dev_stat "$R2" vxlan0 rx.packets) - arp )) of them"
	expect_eq "vxip0 tx drops" $(( $(dev_stat "$N1" vxip0 tx.dropped) - drops )) 0
}

ktap_print_header
setup_or_bail
ktap_set_plan 7
run_test "tx: a marked packet is routed by its mark, not the route cache" t_dst_cache_mark
run_test "tx: dev set tos: the next packet is routed afresh" t_dst_cache_tos
run_test "tx: dev set local: the next packet is routed afresh" t_dst_cache_local
run_test "tx: dev set port: the next packet is routed afresh" t_dst_cache_port
run_test "tx: peer port: the next packet is routed afresh" t_dst_cache_peer_port
run_test "tx: df inherit, DF from inner IPv4, always for IPv6" t_df_inherit
run_test "tx: ARP, UDP, ICMP from the host itself (lockdep quiet)" t_host_originated
ktap_finished
