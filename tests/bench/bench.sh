#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, guest side: vxip against bare routing, Linux vxlan and Linux
# ipip in one boot, interleaved.  Writes "CONFIG METRIC VALUE UNIT" lines to
# $VXIP_OUT/raw.txt; tests/bench/report.py turns them into the table,
# results.json and the chart.
#
#   tests/qemu/vm-run tests/bench/bench.sh [--quick] [--reps R]
#                                          [--only "PART..."]
#                                          [--profile CONFIG...]
#
# --only: the parts to run, of dataplane (the nine configurations, table
# scaling, programming), gossip and evpn (convergence); all by default.
#
# --profile: only perf profiles of the UDP run of each CONFIG, to
# $VXIP_OUT/profile-CONFIG.txt (cpu-clock: TCG has no PMU).
#
# Each configuration is two nodes joined by a veth pair (the underlay,
# 192.168.0.0/24) with a pod behind each node (10.244.1.2 and 10.244.2.2),
# routed pod to pod:
#   bare        the nodes route the pod subnets to each other, no tunnel
#   vxlan       Linux vxlan, flannel style: route, neighbour, FDB entry
#   ipip        Linux ipip, flannel style: tunl0 and an onlink route
#   vxip-vxlan  vxip, a route to the peer with encap vxlan
#   vxip-ipip   vxip, a route to the peer with encap ipip
# and the same over an IPv6 underlay (fd00::1 -- fd00::2), pods still IPv4:
#   vxlan6      Linux vxlan with IPv6 local and FDB destination
#   ip6tnl      Linux ip6tnl, mode ipip6, encaplimit none (as vxip sends)
#   vxip-vxlan6 vxip, a route to an IPv6 peer with encap vxlan
#   vxip-ip6ip  vxip, a route to an IPv6 peer with encap ipip
# All nine exist at once, in their own namespaces, so the repetitions can
# take turns.  Table scaling uses two more, bridged (L2) ones: vxip and
# Linux vxlan with N FDB entries.
source "$(dirname "$0")/../selftests/lib.sh"
VXBENCH=$VXIP_OUT/bin/vxbench

quick=0 reps=5 profile="" parts="dataplane gossip evpn"
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1; shift ;;
	--reps) reps=$2; shift 2 ;;
	--only) parts=$2; shift 2 ;;
	--profile) shift; profile="$*"; break ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
done

if [ "$quick" = 1 ]; then
	T=1 T_RR=1 sizes="1000 8000" cp_n=10000
	[ "$reps" = 5 ] && reps=1
else
	T=3 T_RR=2 sizes="1000 65536 262144" cp_n=100000
fi
CONFIGS="bare vxlan ipip vxip-vxlan vxip-ipip vxlan6 ip6tnl vxip-vxlan6 vxip-ip6ip"
RAW=$VXIP_OUT/raw.txt
: > "$RAW"
echo "meta mode $([ $quick = 1 ] && echo quick || echo full) reps=$reps secs=$T" >> "$RAW"
echo "meta sizes $sizes" >> "$RAW"
echo "meta cp_n $cp_n" >> "$RAW"
echo "meta kernel $(uname -r)" >> "$RAW"
echo "meta cpus $(nproc)" >> "$RAW"

cleanup() { lib_cleanup; }
trap cleanup EXIT

# Per-object debug lines cost time with a million entries.
[ -w /sys/kernel/debug/dynamic_debug/control ] &&
	echo 'module vxip -p' > /sys/kernel/debug/dynamic_debug/control
modprobe vxlan 2> /dev/null
modprobe ipip 2> /dev/null
# The socket buffers a 64-byte flood needs; no qdisc in the way.
sysctl -qw net.core.rmem_max=16777216 net.core.netdev_max_backlog=10000

say() { echo "bench: $*" >&2; }
part() { [[ " $parts " == *" $1 "* ]]; }
# put "CONFIG METRIC VALUE UNIT": a figure, tagged with the repetition it
# belongs to (rN, from $rep) where one is under way, so that report.py pairs
# each vxip figure with the native one of the same repetition.
rep=""
put() { echo "$*${rep:+ r$rep}" >> "$RAW"; say "$*"; }
# rotated R WORD...: the words, starting at the R-th (1-based, wrapping):
# each repetition runs the configurations in another order, so that no
# configuration always runs first, or right after the same other one.
rotated() {
	local r=$1 n i
	shift
	n=$#
	for i in $(seq 0 $((n - 1))); do
		echo "${@:$(( (r - 1 + i) % n + 1 )):1}"
	done
}
n_() { eval echo "\$$1"; }

# ---- topologies -----------------------------------------------------------

# node_pair C MTU: namespaces C_A, C_B (nodes) and C_PA, C_PB (pods), the
# pods' links of MTU.  The namespace names are kept in variables A_<C>,
# B_<C>, ... (C with - as _).  For an IPv6 configuration (underlay), the
# underlay has fd00::1 and fd00::2 too (IPv6 on eth0 alone, no DAD,
# neighbours permanent).
node_pair() {
	local c=${1//-/_} mtu=$2 a b pa pb
	setup_ns "A_$c" "B_$c" "PA_$c" "PB_$c" || return 1
	a=$(n_ "A_$c") b=$(n_ "B_$c") pa=$(n_ "PA_$c") pb=$(n_ "PB_$c")
	for ns in "$a" "$b" "$pa" "$pb"; do ns_quiet "$ns"; done
	$IP -n "$a" link add eth0 type veth peer name eth0 netns "$b"
	$IP -n "$a" addr add 192.168.0.1/24 dev eth0
	$IP -n "$b" addr add 192.168.0.2/24 dev eth0
	if [ "$(underlay "$1" 1)" = fd00::1 ]; then
		for ns in "$a" "$b"; do
			$IP netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 || return 1
		done
		$IP -n "$a" addr add fd00::1/64 dev eth0 nodad &&
			$IP -n "$b" addr add fd00::2/64 dev eth0 nodad || return 1
		$IP -n "$a" neigh add fd00::2 lladdr "$(link_mac "$b" eth0)" dev eth0 nud permanent &&
			$IP -n "$b" neigh add fd00::1 lladdr "$(link_mac "$a" eth0)" dev eth0 \
				nud permanent || return 1
	fi
	$IP -n "$a" link set eth0 up
	$IP -n "$b" link set eth0 up
	routed_pod_link "$a" "$pa" 10.244.1 "$mtu"
	routed_pod_link "$b" "$pb" 10.244.2 "$mtu"
}


setup_bare() {
	node_pair bare 1500 || return 1
	$IP -n "$A_bare" route add 10.244.2.0/24 via 192.168.0.2
	$IP -n "$B_bare" route add 10.244.1.0/24 via 192.168.0.1
	# The blaster's own ceiling: a pod route into a dummy device.
	$IP -n "$PA_bare" link add d0 type dummy
	$IP -n "$PA_bare" link set d0 up
	$IP -n "$PA_bare" route add 10.99.0.0/16 dev d0
}

# underlay C I: node I's underlay address in configuration C (IPv6 for
# the configurations whose name ends in 6 or is ip6*).
underlay() {
	case $1 in
	*6|*ip6*) echo "fd00::$2" ;;
	*) echo "192.168.0.$2" ;;
	esac
}

# flannel's vxlan backend: flannel.1 with a /32, and per remote node a
# route via its VTEP address, a permanent neighbour and an FDB entry.
# setup_vxlan [vxlan6]: over the IPv6 underlay (MTU 1430: 70 bytes).
setup_vxlan() {
	local cfg=${1:-vxlan} i j ns peer mtu=1450 a b
	[ "$cfg" = vxlan6 ] && mtu=1430
	node_pair "$cfg" "$mtu" || return 1
	a=$(n_ "A_$cfg") b=$(n_ "B_$cfg")
	for i in 1 2; do
		ns=$([ $i = 1 ] && echo "$a" || echo "$b")
		$IP -n "$ns" link add vx0 mtu "$mtu" type vxlan id 1 \
			local "$(underlay "$cfg" $i)" dev eth0 dstport 4789 nolearning
		$IP -n "$ns" addr add "10.244.$i.0/32" dev vx0
		$IP -n "$ns" link set vx0 up
	done
	for i in 1 2; do
		j=$((3 - i))
		ns=$([ $i = 1 ] && echo "$a" || echo "$b")
		peer=$([ $i = 1 ] && echo "$b" || echo "$a")
		$IP -n "$ns" route add "10.244.$j.0/24" via "10.244.$j.0" dev vx0 onlink
		$IP -n "$ns" neigh add "10.244.$j.0" lladdr "$(link_mac "$peer" vx0)" \
			dev vx0 nud permanent
		$BRIDGE -n "$ns" fdb add "$(link_mac "$peer" vx0)" dev vx0 \
			dst "$(underlay "$cfg" $j)" self permanent
	done
}

# Linux ip6tnl, mode ipip6, one point-to-point tunnel per node and a route
# into it; encaplimit none, so that its packets carry no destination
# options header (8 bytes that vxip does not send).
setup_ip6tnl() {
	local i ns
	node_pair ip6tnl 1460 || return 1
	for i in 1 2; do
		ns=$([ $i = 1 ] && echo "$A_ip6tnl" || echo "$B_ip6tnl")
		$IP -n "$ns" link add t6 mtu 1460 type ip6tnl mode ipip6 local "fd00::$i" \
			remote "fd00::$((3 - i))" encaplimit none || return 1
		$IP -n "$ns" addr add "10.244.$i.0/32" dev t6
		$IP -n "$ns" link set t6 up
		$IP -n "$ns" route add "10.244.$((3 - i)).0/24" dev t6
	done
}

# flannel's ipip backend: tunl0 (the fallback device), onlink routes.
setup_ipip() {
	local i ns
	node_pair ipip 1480 || return 1
	for i in 1 2; do
		ns=$([ $i = 1 ] && echo "$A_ipip" || echo "$B_ipip")
		$IP -n "$ns" addr add "10.244.$i.0/32" dev tunl0
		$IP -n "$ns" link set tunl0 mtu 1480 up
		$IP -n "$ns" route add "10.244.$((3 - i)).0/24" \
			via "192.168.0.$((3 - i))" dev tunl0 onlink
	done
}

# vxip, L3: one kernel route into vxip0, vxip's own route picks the peer.
setup_vxip() {	# CONFIG ENCAP MTU
	local c=${1//-/_} encap=$2 i j ns peer rmac
	node_pair "$1" "$3" || return 1
	for i in 1 2; do
		ns=$(n_ "$([ $i = 1 ] && echo A || echo B)_$c")
		$IP -n "$ns" link add vxip0 type vxip
		$VXIPCTL -n "$ns" dev set vxip0 vni 1 local "$(underlay "$1" $i)" || return 1
		$IP -n "$ns" link set vxip0 mtu "$3"
		$IP -n "$ns" addr add "10.244.$i.0/32" dev vxip0
		$IP -n "$ns" link set vxip0 up
	done
	for i in 1 2; do
		j=$((3 - i))
		ns=$(n_ "$([ $i = 1 ] && echo A || echo B)_$c")
		peer=$(n_ "$([ $i = 1 ] && echo B || echo A)_$c")
		$VXIPCTL -n "$ns" peer add vxip0 "$(underlay "$1" $j)" encap "$encap" || return 1
		rmac=""
		[ "$encap" = vxlan ] && rmac="rmac $(link_mac "$peer" vxip0)"
		# shellcheck disable=SC2086
		$VXIPCTL -n "$ns" route add vxip0 "10.244.$j.0/24" peer "$(underlay "$1" $j)" \
			$rmac || return 1
		$IP -n "$ns" route add "10.244.$j.0/24" dev vxip0
	done
}

# Bridged pods for FDB scaling: 10.244.0.1 and .2 on br0, VNI 2.
setup_l2() {	# CONFIG (l2-vxlan | l2-vxip)
	local c=${1//-/_} i j ns pns pmac
	setup_ns "A_$c" "B_$c" "PA_$c" "PB_$c" || return 1
	for i in 1 2; do
		ns=$(n_ "$([ $i = 1 ] && echo A || echo B)_$c")
		pns=$(n_ "$([ $i = 1 ] && echo PA || echo PB)_$c")
		ns_quiet "$ns"; ns_quiet "$pns"
		[ $i = 1 ] && $IP -n "$ns" link add eth0 type veth peer name eth0 \
			netns "$(n_ "B_$c")"
		$IP -n "$ns" addr add "192.168.0.$i/24" dev eth0
		$IP -n "$ns" link set eth0 up
		$IP -n "$ns" link add br0 type bridge
		$IP -n "$ns" link set br0 up
		$IP -n "$pns" link add eth0 mtu 1450 type veth peer name p0 netns "$ns"
		$IP -n "$ns" link set p0 master br0 up
		$IP -n "$pns" addr add "10.244.0.$i/24" dev eth0
		$IP -n "$pns" link set eth0 up
		if [ "$1" = l2-vxlan ]; then
			$IP -n "$ns" link add vx0 type vxlan id 2 local "192.168.0.$i" \
				dev eth0 dstport 4789 nolearning
			$IP -n "$ns" link set vx0 master br0 up
		else
			$IP -n "$ns" link add vxip0 type vxip
			$VXIPCTL -n "$ns" dev set vxip0 vni 2 local "192.168.0.$i" || return 1
			$IP -n "$ns" link set vxip0 master br0 up
			$VXIPCTL -n "$ns" peer add vxip0 "192.168.0.$((3 - i))" || return 1
		fi
	done
	for i in 1 2; do
		j=$((3 - i))
		ns=$(n_ "$([ $i = 1 ] && echo A || echo B)_$c")
		pns=$(n_ "$([ $i = 1 ] && echo PA || echo PB)_$c")
		pmac=$(link_mac "$(n_ "$([ $j = 1 ] && echo PA || echo PB)_$c")" eth0)
		# No ARP in the measurement: each pod knows the other's MAC.
		$IP -n "$pns" neigh add "10.244.0.$j" lladdr "$pmac" dev eth0 nud permanent
		if [ "$1" = l2-vxlan ]; then
			$BRIDGE -n "$ns" fdb add "$pmac" dev vx0 dst "192.168.0.$j" self permanent
		else
			$VXIPCTL -n "$ns" fdb add vxip0 "$pmac" peer "192.168.0.$j" || return 1
		fi
	done
}

# conditions: what the figures were measured under, into
# $VXIP_OUT/conditions.json (report.py puts it in results.json): kernel,
# CPU model, iperf3's version, and for every device of every namespace its
# MTU and its offloads as ethtool -k shows them (as set up; nic_like turns
# some around for the _nic rows), and every namespace's neighbour table.
conditions() {
	local ns out=$TMPDIR_TEST/cond
	mkdir -p "$out"
	: > "$out/neigh"
	for ns in $($IP netns list | awk '{ print $1 }'); do
		# One shell per namespace (a process costs under TCG): each
		# device's MTU, then its ethtool -k.
		# shellcheck disable=SC2016
		$IP netns exec "$ns" sh -c '
			for d in /sys/class/net/*; do
				d=${d##*/}
				[ "$d" = lo ] && continue
				read -r mtu < "/sys/class/net/$d/mtu"
				echo "@dev $d $mtu"
				ethtool -k "$d" 2> /dev/null
			done' |
		awk -v ns="$ns" '$1 == "@dev" { dev = $2; print "D", ns, dev, $3; next }
			$2 == "on" || $2 == "off" { sub(/:$/, "", $1); print "F", ns, dev, $1, $2 }'
		$IP -n "$ns" -j neigh show | jq -c --arg ns "$ns" '{ns: $ns, neighbours: .}' >> "$out/neigh"
	done > "$out/feat"
	jq -R -s --slurpfile neigh "$out/neigh" --arg kernel "$(uname -r)" \
		--arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
		--arg iperf3 "$(iperf3 --version | head -n 1)" '
		[split("\n")[] | select(length > 0) | split(" ")] as $l
		| ([$l[] | select(.[0] == "F")] | group_by(.[1] + " " + .[2])
		   | map({key: (.[0][1] + " " + .[0][2]), value: (map({(.[3]): .[4]}) | add)})
		   | from_entries) as $f
		| {kernel: $kernel, cpu: $cpu, iperf3: $iperf3,
		   devices: [$l[] | select(.[0] == "D")
			     | {ns: .[1], dev: .[2], mtu: (.[3] | tonumber),
				offloads: ($f[.[1] + " " + .[2]] // {})}],
		   neighbours: $neigh}' "$out/feat" > "$VXIP_OUT/conditions.json"
}

# ---- measurements ---------------------------------------------------------

# busy_ticks: non-idle CPU time of the whole guest, in USER_HZ ticks.
busy_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# nic_like C on|off: C's underlay veths as NICs have it (on), or as veth
# is by default.  On: MTU-sized packets on the wire (no TSO, no tunnel
# segmentation offload: the stack segments before eth0, as a NIC's
# hardware would), and GRO on receive (veth then runs NAPI, as a NIC's
# driver does; it does so only for packets from a peer without TSO).
nic_like() {
	local c=${1//-/_} on=$2 off=off ns
	[ "$on" = on ] || off=on
	for ns in "$(n_ "A_$c")" "$(n_ "B_$c")"; do
		$IP netns exec "$ns" ethtool -K eth0 tso "$off" tx-udp_tnl-segmentation "$off" \
			tx-udp_tnl-csum-segmentation "$off" tx-ipxip4-segmentation "$off" \
			tx-ipxip6-segmentation "$off" gro "$on" > /dev/null || return 1
	done
}

# iperf_mbps PODA PODB DST STREAMS: "MBITS RETRANSMITS": Mbit/s received
# by PODB (a namespace) from PODA in $T seconds, and the sender's TCP
# retransmits; nothing if iperf3 failed.
iperf_mbps() {
	local out
	$IP netns exec "$2" iperf3 -s -1 -D -I "$TMPDIR_TEST/iperf.pid"
	sleep 0.3
	out=$($IP netns exec "$1" iperf3 -c "$3" -t "$T" -P "$4" -J 2> /dev/null |
		jq -r '"\(.end.sum_received.bits_per_second / 1e6) \(.end.sum_sent.retransmits)"' 2> /dev/null)
	sleep 0.2
	[[ "$out" =~ ^[0-9.e+]+\ [0-9]+$ ]] && echo "$out"
}

# vxip_drops NS...: the sum of vxip's drop counters on the devices of
# these namespaces.
vxip_drops() {
	local ns sum=0 n
	for ns in "$@"; do
		n=$($VXIPCTL -n "$ns" -j stats | jq '[.[].counters | to_entries[] |
			select(.key | test("drop")) | .value] | add // 0')
		sum=$((sum + n))
	done
	echo "$sum"
}

# path_drops NS...: packets dropped anywhere on a path that vxip's own
# counters do not see: every device's rx and tx drops in these
# namespaces (the pods' and nodes' veths, the tunnels), and the guest's
# backlog drops (the second column of /proc/net/softnet_stat, per CPU,
# in hex), which netif_rx() and veth's non-NAPI receive count.
path_drops() {
	local ns sum=0 n
	for ns in "$@"; do
		n=$($IP -n "$ns" -s -j link show | jq '[.[].stats64 |
			.rx.dropped + .tx.dropped] | add // 0')
		[[ $n =~ ^[0-9]+$ ]] || return 1
		sum=$((sum + n))
	done
	while read -r _ n _; do
		sum=$((sum + 16#$n))
	done < /proc/net/softnet_stat
	echo "$sum"
}

# tcp_stream C STREAMS [SUFFIX]: Mbit/s received by pod B, as metric
# tcp_stream_STREAMS (SUFFIX appended), and with it the retransmits
# (tcp_stream_STREAMS_retrans), the drops on the path outside vxip's
# counters (tcp_stream_STREAMS_path_drops) and, for vxip, its drops on
# both nodes (tcp_stream_STREAMS_drops): the 4-stream figures spread the
# most, and retransmits without drops point to reordering.
tcp_stream() {
	local c=${1//-/_} out d0=0 d1=0 p0 p1 m=tcp_stream_$2${3:-} path
	path=("$(n_ "PA_$c")" "$(n_ "A_$c")" "$(n_ "B_$c")" "$(n_ "PB_$c")")
	[[ $1 == vxip-* ]] && d0=$(vxip_drops "$(n_ "A_$c")" "$(n_ "B_$c")")
	p0=$(path_drops "${path[@]}") || p0=""
	out=$(iperf_mbps "$(n_ "PA_$c")" "$(n_ "PB_$c")" 10.244.2.2 "$2") || return 0
	p1=$(path_drops "${path[@]}") || p1=""
	put "$1 $m ${out% *} Mbit/s"
	put "$1 ${m}_retrans ${out#* } segments"
	# A count that could not be read is a missing figure, not a 0.
	[ -z "$p0" ] || [ -z "$p1" ] || put "$1 ${m}_path_drops $((p1 - p0)) packets"
	if [[ $1 == vxip-* ]]; then
		d1=$(vxip_drops "$(n_ "A_$c")" "$(n_ "B_$c")")
		put "$1 ${m}_drops $((d1 - d0)) packets"
	fi
}

# flood_tx NS: vxip0's count of flooded copies in NS.
flood_tx() {
	$VXIPCTL -n "$1" -j stats vxip0 | jq '.[0].counters.flood_tx'
}

# flood_setup L2CONFIG on|off: node A sends pod B's frames by head-end
# replication to 4 VTEPs (on): pod B's FDB entry goes, and node B and
# three decoys, 192.168.0.11-13, take the default entry (Linux vxlan) or
# the flood list (vxip).  The decoys resolve to a MAC nobody has, so node
# B's eth0 drops their copies as not its own.  Off puts the FDB entry back.
flood_setup() {
	local c=${1//-/_} a pmac k
	a=$(n_ "A_$c")
	pmac=$(link_mac "$(n_ "PB_$c")" eth0)
	if [ "$2" = on ]; then
		for k in 11 12 13; do
			$IP -n "$a" neigh replace "192.168.0.$k" lladdr 02:00:00:00:00:99 \
				dev eth0 nud permanent || return 1
		done
		if [ "$1" = l2-vxlan ]; then
			$BRIDGE -n "$a" fdb del "$pmac" dev vx0 self || return 1
			for k in 2 11 12 13; do
				$BRIDGE -n "$a" fdb append 00:00:00:00:00:00 dev vx0 \
					dst "192.168.0.$k" self permanent || return 1
			done
		else
			$VXIPCTL -n "$a" fdb del vxip0 "$pmac" || return 1
			for k in 11 12 13; do
				$VXIPCTL -n "$a" peer add vxip0 "192.168.0.$k" || return 1
			done
			for k in 2 11 12 13; do
				$VXIPCTL -n "$a" flood add vxip0 peer "192.168.0.$k" || return 1
			done
		fi
	elif [ "$1" = l2-vxlan ]; then
		$BRIDGE -n "$a" fdb del 00:00:00:00:00:00 dev vx0 self || return 1
		$BRIDGE -n "$a" fdb add "$pmac" dev vx0 dst 192.168.0.2 self permanent
	else
		$VXIPCTL -n "$a" flush vxip0 flood || return 1
		$VXIPCTL -n "$a" fdb add vxip0 "$pmac" peer 192.168.0.2
	fi
}

# udp64 C [SUFFIX]: 64-byte IPv4 packets (36 bytes of UDP payload),
# delivered pps, and guest CPU time per delivered packet (metrics
# udp64_*, SUFFIX appended).
udp64() {
	local c=${1//-/_} s=${2:-} dst=10.244.2.2 sink="$TMPDIR_TEST/sink" out t0 t1 got sent
	coproc SINK { $IP netns exec "$(n_ "PB_$c")" "$VXBENCH" udp-sink 9000 10; }
	read -r _ <&"${SINK[0]}"
	t0=$(busy_ticks)
	out=$($IP netns exec "$(n_ "PA_$c")" "$VXBENCH" udp-blast "$dst" 9000 "$T" 36)
	t1=$(busy_ticks)
	cat <&"${SINK[0]}" > "$sink"
	wait "$SINK_PID" 2> /dev/null
	got=$(sed -n 's/.*pkts=\([0-9]*\).*/\1/p' "$sink")
	sent=$(echo "$out" | sed -n 's/.*sent=\([0-9]*\).*/\1/p')
	[ "${got:-0}" -gt 0 ] || { say "$1: no UDP packet arrived ($out)"; return; }
	put "$1 udp64_pps$s $(awk -v n="$got" -v t="$T" 'BEGIN { printf "%.0f", n / t }') pps"
	put "$1 udp64_loss$s $(awk -v g="$got" -v s="$sent" 'BEGIN { printf "%.1f", 100 * (s - g) / s }') %"
	# USER_HZ is 100: a tick is 10 ms.
	put "$1 udp64_cpu_per_pkt$s $(awk -v d=$((t1 - t0)) -v n="$got" \
		'BEGIN { printf "%.0f", d * 1e7 / n }') ns"
}

# The sender alone, into a dummy device: the most it can offer any path.
sender_ceiling() {
	local out
	out=$($IP netns exec "$PA_bare" "$VXBENCH" udp-blast 10.99.0.1 9000 "$T" 36)
	put "sender udp64_pps $(echo "$out" | sed -n 's/.*pps=\([0-9]*\).*/\1/p') pps"
}

tcp_rr() {
	local c=${1//-/_} out
	coproc RR { $IP netns exec "$(n_ "PB_$c")" "$VXBENCH" rr-server 9001; }
	read -r _ <&"${RR[0]}"
	out=$($IP netns exec "$(n_ "PA_$c")" "$VXBENCH" rr-client 10.244.2.2 9001 "$T_RR")
	wait "$RR_PID" 2> /dev/null
	put "$1 tcp_rr_latency $(echo "$out" | sed -n 's/.*mean_us=\([0-9.]*\).*/\1/p') us"
	put "$1 tcp_rr_p99 $(echo "$out" | sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p') us"
}

# tx_pps C SRCNS DST LABEL: packets per second node A puts on the underlay.
tx_pps() {
	local c=${1//-/_} a tx0 tx1 out secs
	a=$(n_ "A_$c")
	tx0=$(dev_stat "$a" eth0 tx.packets)
	out=$($IP netns exec "$(n_ "PA_$c")" "$VXBENCH" udp-blast "$2" 9000 "$T" 36)
	tx1=$(dev_stat "$a" eth0 tx.packets)
	secs=$(echo "$out" | sed -n 's/.*secs=\([0-9.]*\).*/\1/p')
	awk -v n=$((tx1 - tx0)) -v t="$secs" 'BEGIN { printf "%.0f", n / t }'
}

human() {	# 65536 -> 64k
	[ "$1" -ge 1024 ] && [ $(($1 % 1024)) = 0 ] && echo "$(($1 / 1024))k" && return
	[ "$1" -ge 1000 ] && [ $(($1 % 1000)) = 0 ] && echo "$(($1 / 1000))k" && return
	echo "$1"
}

# gen_macs FROM TO: locally administered MACs, one per line.
gen_macs() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i < b; i++)
		printf "12:%02x:%02x:%02x:%02x:00\n", int(i / 16777216) % 256,
			int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
}

# gen_prefixes FROM TO: distinct /28s in 10.0.0.0/10, clear of the pods.
gen_prefixes() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i < b; i++)
		printf "10.%d.%d.%d/28\n", int(i / 4096), int(i / 16) % 256, (i % 16) * 16 }'
}

# ---- the run --------------------------------------------------------------

t_start=$(date +%s)
t_main=$t_start t_scale=$t_start t_cp=$t_start t_gossip=$t_start
if part dataplane; then
	say "setting up $CONFIGS"
	setup_bare && setup_vxlan && setup_ipip &&
		setup_vxip vxip-vxlan vxlan 1450 && setup_vxip vxip-ipip ipip 1480 &&
		setup_vxlan vxlan6 && setup_ip6tnl &&
		setup_vxip vxip-vxlan6 vxlan 1430 && setup_vxip vxip-ip6ip ipip 1460 ||
		{ say "setup failed"; exit 1; }
	for c in $CONFIGS; do
		$IP netns exec "$(n_ "PA_${c//-/_}")" ping -q -c 2 -W 2 10.244.2.2 > /dev/null ||
			{ say "$c: pod B unreachable"; exit 1; }
	done

	if [ -n "$profile" ]; then
		for c in $profile; do
			say "profiling $c"
			$IP netns exec "$(n_ "PB_${c//-/_}")" "$VXBENCH" udp-sink 9000 30 > /dev/null &
			sleep 0.5
			perf record -q -a -g -e cpu-clock -F 1999 -o "$TMPDIR_TEST/perf.data" -- \
				$IP netns exec "$(n_ "PA_${c//-/_}")" "$VXBENCH" udp-blast 10.244.2.2 9000 5 36
			wait
			{
				perf report -q -i "$TMPDIR_TEST/perf.data" --stdio --no-children \
					--sort dso -g none
				perf report -q -i "$TMPDIR_TEST/perf.data" --stdio --no-children \
					--sort sym -g none --percent-limit 0.15
			} > "$VXIP_OUT/profile-$c.txt" 2>&1
			head -n 25 "$VXIP_OUT/profile-$c.txt"
		done
		exit 0
	fi

	for r in $(seq "$reps"); do
		rep=$r
		# shellcheck disable=SC2086
		order=$(rotated "$r" $CONFIGS)
		say "repetition $r of $reps: $(echo "$order" | tr '\n' ' ')"
		sender_ceiling
		for c in $order; do
			tcp_stream "$c" 1
			tcp_stream "$c" 4
			udp64 "$c"
			tcp_rr "$c"
		done
		# The throughput rows again, the underlays as NICs (metrics _nic).
		for c in $order; do
			nic_like "$c" on || { say "$c: cannot make its underlay NIC-like"; exit 1; }
			tcp_stream "$c" 1 _nic
			tcp_stream "$c" 4 _nic
			udp64 "$c" _nic
			nic_like "$c" off
		done
	done
	rep=""
	t_main=$(date +%s)

	# Bridged pods over Linux vxlan and over vxip.
	setup_l2 l2-vxlan && setup_l2 l2-vxip || { say "L2 setup failed"; exit 1; }

	conditions || say "could not record the conditions"

	# Head-end replication: pod A to pod B, every frame flooded to 4 VTEPs
	# (metric flood_tcp_stream_1).
	say "flood: TCP through head-end replication to 4 VTEPs"
	flood_setup l2-vxlan on && flood_setup l2-vxip on || { say "flood setup failed"; exit 1; }
	# flood_row C L2CONFIG SUFFIX: one flood_tcp_stream_1 figure.
	flood_row() {
		local f0 f1 out
		f0=$(flood_tx "$A_l2_vxip")
		out=$(iperf_mbps "$(n_ "PA_$2")" "$(n_ "PB_$2")" 10.244.0.2 1) || return 0
		# vxip's copies must have been flooded, not sent by an entry.
		f1=$(flood_tx "$A_l2_vxip")
		if [ "$1" = vxip-vxlan ] && [ $((f1 - f0)) -lt 100 ]; then
			say "flood: vxip flooded $((f1 - f0)) frames only"
			return 0
		fi
		put "$1 flood_tcp_stream_1$3 ${out% *} Mbit/s"
	}
	for r in $(seq "$reps"); do
		rep=$r
		for c in $(rotated "$r" vxlan vxip-vxlan); do
			flood_row "$c" "l2_${c%-vxlan}" ""
		done
		# Again with the underlays as NICs: each copy is segmented
		# before eth0, and node B merges what it receives.
		for c in $(rotated "$r" vxlan vxip-vxlan); do
			nic_like "l2_${c%-vxlan}" on ||
				{ say "$c: cannot make its underlay NIC-like"; exit 1; }
			flood_row "$c" "l2_${c%-vxlan}" _nic
			nic_like "l2_${c%-vxlan}" off
		done
	done
	rep=""
	flood_setup l2-vxlan off && flood_setup l2-vxip off || { say "flood teardown failed"; exit 1; }

	# Table scaling, FDB: vxip and Linux vxlan, bridged pods, N entries.
	say "FDB scaling: $sizes"
	have=1
	for n in $sizes; do
		gen_macs "$have" "$n" | sed 's/.*/fdb add & dev vx0 dst 192.168.0.2 self permanent/' \
			> "$TMPDIR_TEST/fdb.br"
		gen_macs "$have" "$n" | sed 's/.*/fdb add vxip0 & peer 192.168.0.2/' \
			> "$TMPDIR_TEST/fdb.vx"
		$BRIDGE -n "$A_l2_vxlan" -batch "$TMPDIR_TEST/fdb.br" || say "bridge -batch failed"
		$VXIPCTL -n "$A_l2_vxip" -b "$TMPDIR_TEST/fdb.vx" || say "vxipctl -b failed"
		have=$n
		say "$(human "$n") FDB entries: vxip $($VXIPCTL -n "$A_l2_vxip" -j dev show vxip0 |
			jq '.[0]."n-fdb"'), Linux vxlan $($BRIDGE -n "$A_l2_vxlan" fdb show dev vx0 | wc -l)"
		for r in $(seq "$reps"); do
			rep=$r
			for c in $(rotated "$r" vxlan vxip-vxlan); do
				put "$c tx_pps_fdb_$(human "$n") $(tx_pps "l2-${c%-vxlan}" 10.244.0.2) pps"
			done
		done
		rep=""
	done

	# Table scaling, routes: vxip's LPM against the kernel FIB (Linux ipip).
	say "route scaling: $sizes"
	have=1
	for n in $sizes; do
		gen_prefixes "$have" "$n" |
			sed 's|.*|route add & via 192.168.0.2 dev tunl0 onlink|' > "$TMPDIR_TEST/rt.ip"
		gen_prefixes "$have" "$n" | sed 's|.*|route add vxip0 & peer 192.168.0.2|' \
			> "$TMPDIR_TEST/rt.vx"
		$IP -n "$A_ipip" -batch "$TMPDIR_TEST/rt.ip" || say "ip -batch failed"
		$VXIPCTL -n "$A_vxip_ipip" -b "$TMPDIR_TEST/rt.vx" || say "vxipctl -b failed"
		have=$n
		for r in $(seq "$reps"); do
			rep=$r
			for c in $(rotated "$r" ipip vxip-ipip); do
				put "$c tx_pps_routes_$(human "$n") $(tx_pps "$c" 10.244.2.2) pps"
			done
		done
		rep=""
	done
	t_scale=$(date +%s)

	# Control plane: programming time and kernel memory per entry, each on a
	# fresh device in a namespace of its own.
	cp_label=$(human "$cp_n")
	setup_ns CP || exit 1
	$IP -n "$CP" link add eth0 type dummy
	$IP -n "$CP" addr add 192.168.0.1/24 dev eth0
	$IP -n "$CP" link set eth0 up

	# timed LABEL-CONFIG METRIC N CMD...: seconds CMD takes, kernel bytes per entry.
	timed() {
		local cfg=$1 metric=$2 n=$3 m0 m1 t0 t1
		shift 3
		sleep 2		# RCU frees of the previous round's device
		m0=$(kmem_kb)
		t0=$(date +%s%N)
		"$@" || say "$cfg $metric: $* failed"
		t1=$(date +%s%N)
		m1=$(kmem_kb)
		put "$cfg program_${cp_label}_$metric $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }') s"
		put "$cfg ${metric}_kmem_per_entry $(awk -v d=$((m1 - m0)) -v n="$n" 'BEGIN { printf "%.0f", d * 1024 / n }') B"
	}

	for r in $(seq "$reps"); do
		rep=$r
		# FDB: bridge -batch on Linux vxlan vs vxipctl -b, both with
		# -force (go on after a refused line, report each), which lets
		# vxipctl pipeline its requests without ACKs.
		gen_macs 0 "$cp_n" | sed 's/.*/fdb add & dev vx1 dst 192.168.0.2 self permanent/' \
			> "$TMPDIR_TEST/cp.br"
		gen_macs 0 "$cp_n" | sed 's/.*/fdb add vxip1 & peer 192.168.0.2/' > "$TMPDIR_TEST/cp.vx"
		$IP -n "$CP" link add vx1 type vxlan id 3 local 192.168.0.1 dstport 4789 nolearning
		timed vxlan fdb "$cp_n" $BRIDGE -n "$CP" -force -batch "$TMPDIR_TEST/cp.br"
		$IP -n "$CP" link del vx1
		$IP -n "$CP" link add vxip1 type vxip
		$VXIPCTL -n "$CP" peer add vxip1 192.168.0.2
		timed vxip-vxlan fdb "$cp_n" $VXIPCTL -n "$CP" -force -b "$TMPDIR_TEST/cp.vx"
		$IP -n "$CP" link del vxip1

		# The family's own rate, no tool in the way: cp_n FDB_NEW
		# requests from vxbench, one per send(), then 64 per send().
		for mode in sync batch; do
			$IP -n "$CP" link add vxip2 type vxip
			$VXIPCTL -n "$CP" peer add vxip2 192.168.0.2
			if out=$($IP netns exec "$CP" "$VXBENCH" genl-rate vxip2 192.168.0.2 "$cp_n" "$mode"); then
				put "vxip-vxlan genl_fdb_new_$mode $(echo "$out" | sed -n 's/.*rps=\([0-9]*\).*/\1/p') req/s"
			else
				say "genl-rate $mode failed: $out"
			fi
			$IP -n "$CP" link del vxip2
		done

		# Routes: cp_n prefixes behind 100 nodes.  Flannel's vxlan backend
		# needs a route per prefix and a neighbour and an FDB entry per node;
		# vxip needs a route per prefix and a peer per node.
		$IP -n "$CP" link add vx1 type vxlan id 3 local 192.168.0.1 dstport 4789 nolearning
		$IP -n "$CP" link set vx1 up
		{
			for k in $(seq 0 99); do
				echo "neigh add 10.255.0.$k lladdr 12:00:00:00:01:$(printf %02x "$k") dev vx1 nud permanent"
			done
			gen_prefixes 0 "$cp_n" | awk '{ printf "route add %s via 10.255.0.%d dev vx1 onlink\n", $1, NR % 100 }'
		} > "$TMPDIR_TEST/cp.ip"
		for k in $(seq 0 99); do
			echo "fdb add 12:00:00:00:01:$(printf %02x "$k") dev vx1 dst 192.168.1.$k self permanent"
		done > "$TMPDIR_TEST/cp.br"
		{
			for k in $(seq 0 99); do echo "peer add vxip1 192.168.1.$k"; done
			gen_prefixes 0 "$cp_n" |
				awk '{ printf "route add vxip1 %s peer 192.168.1.%d rmac 12:00:00:00:01:%02x\n", $1, NR % 100, NR % 100 }'
		} > "$TMPDIR_TEST/cp.vx"
		flannel_batch() {
			$BRIDGE -n "$CP" -force -batch "$TMPDIR_TEST/cp.br" &&
				$IP -n "$CP" -force -batch "$TMPDIR_TEST/cp.ip"
		}
		timed vxlan routes "$cp_n" flannel_batch
		$IP -n "$CP" link del vx1
		$IP -n "$CP" link add vxip1 type vxip
		$VXIPCTL -n "$CP" dev set vxip1 vni 3
		timed vxip-vxlan routes "$cp_n" $VXIPCTL -n "$CP" -force -b "$TMPDIR_TEST/cp.vx"
		$IP -n "$CP" link del vxip1
	done
	rep=""
	t_cp=$(date +%s)
fi

# ---- gossip convergence ---------------------------------------------------

# Five nodes, each running vxip-gossip with its own serf agent
# (topo/gossip.sh).  Node 5 is killed (SIGKILL, link down), starts again
# (join), changes its podcidr tag, and leaves; each time, how long until
# n1..n4 route as they should, in three figures:
#   WHAT_serf    from the act to the event reaching vxip-gossip: Serf's
#                own detection and dissemination (the slowest of n1..n4)
#   WHAT_bridge  from that event to the kernel's last acknowledgement:
#                vxip-gossip's share (the largest of n1..n4)
#   WHAT_total   from the act to the last of n1..n4's kernels updated
# The event time and the bridge's share are the "EVENT NAMES at SECS: N
# kernel changes in MS ms" lines vxip-gossip logs; polling the routes
# (every 100 ms and more) confirms each change but would blur the figures.
# Serf coalesces member events (1 s quiet, at most 3 s), and its member
# list runs that far ahead of them: a periodic resync in between would
# make the change itself, the event would change nothing and log no line.
# So the nodes resync hourly, and the repetitions start once the
# start-up resyncs (at start and 5 s on) are over.
if part gossip; then
	source "$(dirname "$0")/../selftests/topo/gossip.sh"
	GOSSIP_RESYNC=3600

	# others_route PREFIX PEER: n1..n4 route PREFIX to PEER ("" for none).
	others_route() {
		local i
		for i in 1 2 3 4; do
			[ "$(route_peer "$i" "$1")" = "$2" ] || return 1
		done
	}

	# event_line EVENT T0_MS I: "MICROSECONDS MS" of node I's first line
	# for EVENT about n5 at or after T0_MS.
	event_line() {
		sed -nE "s/^vxip-gossip: $1 ([^ ]*,)?n5(,[^ ]*)? at ([0-9]+)\.([0-9]{6}): [0-9]+ kernel changes in ([0-9.]+) ms$/\3\4 \5/p" \
			"$TMPDIR_TEST/n$3.log" | awk -v t0="$2" '$1 >= t0 * 1000 { print; exit }'
	}

	# event_figures EVENT T0_MS [OR_EVENT]: "TOTAL SERF BRIDGE" in ms from
	# n1..n4's first line for EVENT (else OR_EVENT) about n5 at or after
	# T0_MS, or nothing if one has neither.
	event_figures() {
		local i line total=0 serf=0 bridge=0 d
		for i in 1 2 3 4; do
			line=$(event_line "$1" "$2" "$i")
			if [ -z "$line" ] && [ -n "${3:-}" ]; then
				line=$(event_line "$3" "$2" "$i")
				[ -z "$line" ] || say "gossip: n$i saw n5's $1 as $3"
			fi
			[ -n "$line" ] || return 1
			d=$(awk -v us="${line% *}" -v t0="$2" 'BEGIN { printf "%.1f", us / 1000 - t0 }')
			serf=$(awk -v a="$serf" -v b="$d" 'BEGIN { print (b > a ? b : a) }')
			bridge=$(awk -v a="$bridge" -v b="${line#* }" 'BEGIN { print (b > a ? b : a) }')
			total=$(awk -v a="$total" -v b="$d" -v c="${line#* }" 'BEGIN { print (b + c > a ? b + c : a) }')
		done
		echo "$total $serf $bridge"
	}

	# converge WHAT EVENT T0_MS PREFIX PEER [OR_EVENT]: wait until n1..n4
	# route PREFIX to PEER, then put WHAT's three figures.
	converge() {
		local f
		busywait 90000 others_route "$4" "$5" || { say "gossip: $1: n1..n4 never routed $4 to '$5'"; return 1; }
		f=$(event_figures "$2" "$3" "${6:-}") || { say "gossip: $1: no \"$2 ... n5\" line on some node of n1..n4"; return 1; }
		read -r total serf bridge <<< "$f"
		put "gossip ${1}_total $total ms"
		put "gossip ${1}_serf $serf ms"
		put "gossip ${1}_bridge $bridge ms"
	}

	gossip_rep() {
		local t0
		t0=$(date +%s%3N)
		kill -KILL "$(up_pid 5)"
		$IP -n "$N5" link set eth0 down
		converge kill member-failed "$t0" 10.81.5.0/24 "" || return 1
		$IP -n "$N5" link set eth0 up
		$IP -n "$N5" route replace default via 192.168.82.254
		t0=$(date +%s%3N)
		gossip_up 5
		converge join member-join "$t0" 10.81.5.0/24 192.168.82.5 || return 1
		t0=$(date +%s%3N)
		$IP netns exec "$N5" serf tags -rpc-addr=127.0.0.1:7373 -set podcidr=10.81.55.0/24 > /dev/null
		converge tag member-update "$t0" 10.81.55.0/24 192.168.82.5 || return 1
		$IP netns exec "$N5" serf tags -rpc-addr=127.0.0.1:7373 -set podcidr=10.81.5.0/24 > /dev/null
		busywait 60000 others_route 10.81.5.0/24 192.168.82.5 || return 1
		t0=$(date +%s%3N)
		$IP netns exec "$N5" "$GOSSIP" -c "$TMPDIR_TEST/n5.conf" leave
		# A node whose agent suspected n5 just before its leave reached
		# it logs a failure instead (Serf's race, seen in a starved
		# guest): the route goes all the same, so it counts, and is said.
		converge leave member-leave "$t0" 10.81.5.0/24 "" member-failed || return 1
		# Back for the next repetition: every node with 4 routes again.
		gossip_up 5
		busywait 90000 all_have 4 $NODES
	}

	if gossip_setup > "$TMPDIR_TEST/gossip-setup" 2>&1 && t0=$(date +%s) &&
		busywait 90000 all_have 4 $NODES; then
		while [ "$(date +%s)" -lt $((t0 + 10)) ]; do sleep 1; done
		for r in $(seq "$reps"); do
			say "gossip convergence, repetition $r of $reps"
			gossip_rep || { logs >&2; break; }
		done
	else
		cat "$TMPDIR_TEST/gossip-setup" >&2
		say "gossip: the five nodes did not converge"
	fi
	for i in $NODES; do kill -TERM "$(up_pid "$i")" 2> /dev/null; done
fi
t_gossip=$(date +%s)

# ---- EVPN convergence, vxip-evpn and FRR side by side ---------------------

# The fabric of topo/evpn.sh: n1 and n2 run gobgpd + vxip-evpn over vxip,
# n3 runs FRR over Linux vxlan, in one iBGP l2vpn-evpn mesh.  evpn_n type-2
# routes are added to n2's GoBGP and withdrawn, one at a time: from the
# moment before the gobgp command to the entry's arrival (and departure)
# in n1's vxip FDB and in n3's Linux vxlan FDB, from the timestamps of an
# event monitor on each (vxipctl monitor, bridge monitor fdb): median and
# p99 of each.  vxip-evpn's own share, from the event read to the
# kernel's last ACK, is what its status reports.  Then evpn_bulk MACs
# appear at once on n2's bridge; n2's vxip-evpn exports them: the time
# until the last of them is in n1's FDB and in n3's.
if part evpn; then
	source "$(dirname "$0")/../selftests/topo/evpn.sh"

	# The monitors stamp each event themselves (vxipctl monitor -t, bridge
	# -timestamp monitor), in UTC, straight into a file: a shell loop
	# stamping their lines ran on every event, as long as the import it
	# measured, and preempted it under TCG.
	# arrival FILE MAC T0 [DEL]: ms from T0 ($EPOCHREALTIME) to FILE's
	# first line about MAC at or after T0 (with DEL=1, its first
	# deletion), or nothing.  Times are compared as seconds of the day.
	arrival() {
		awk -v m="$2" -v t0="$3" -v del="${4:-0}" '
			function sod(hms, frac,   a) {
				split(hms, a, ":")
				return a[1] * 3600 + a[2] * 60 + a[3] + frac
			}
			BEGIN { t0 -= int(t0 / 86400) * 86400 }
			/^Timestamp: / { t = sod($5, $7 / 1e6); next }
			/^\[[0-9-]+T/ { split(substr($1, 2), d, "T"); sub(/\]$/, "", d[2]); t = sod(d[2], 0) }
			{
				if (t < t0 - 43200)
					t += 86400
				if (t >= t0 && index($0, m) && (($0 ~ /Deleted|fdb del:/) == del)) {
					printf "%.1f\n", (t - t0) * 1000
					exit
				}
			}' "$1"
	}

	# stats FILE: "MEDIAN P99" of the numbers in FILE.
	stats() {
		sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)] }'
	}

	# both_have FILE1 FILE3 MAC T0 DEL: both monitors saw it.
	both_have() {
		[ -n "$(arrival "$1" "$3" "$4" "$5")" ] && [ -n "$(arrival "$2" "$3" "$4" "$5")" ]
	}

	evpn_trials() {
		local k mac t0 m1=$TMPDIR_TEST/mon-n1 m3=$TMPDIR_TEST/mon-n3 w
		TZ=UTC $VXIPCTL -n "$N1" monitor -t fdb > "$m1" &
		mon_pids="$!"
		TZ=UTC $BRIDGE -n "$N3" -timestamp monitor fdb > "$m3" &
		mon_pids="$mon_pids $!"
		sleep 1
		$IP netns exec "$N1" "$EVPN" -c "$(d 1)/evpn.conf" status -j > "$TMPDIR_TEST/status0" || return 1
		for w in add del; do : > "$TMPDIR_TEST/vx-$w"; : > "$TMPDIR_TEST/frr-$w"; done
		for k in $(seq "$evpn_n"); do
			mac=$(printf '02:be:00:00:%02x:%02x' $((k / 256)) $((k % 256)))
			t0=$EPOCHREALTIME
			gob 2 global rib -a evpn add macadv "$mac" 0.0.0.0 etag 0 label 100 \
				rd 192.168.0.2:100 rt 65000:100 encap vxlan || return 1
			busywait 20000 both_have "$m1" "$m3" "$mac" "$t0" 0 ||
				{ say "evpn: $mac did not reach both FDBs"; return 1; }
			arrival "$m1" "$mac" "$t0" >> "$TMPDIR_TEST/vx-add"
			arrival "$m3" "$mac" "$t0" >> "$TMPDIR_TEST/frr-add"
			t0=$EPOCHREALTIME
			gob 2 global rib -a evpn del macadv "$mac" 0.0.0.0 etag 0 label 100 \
				rd 192.168.0.2:100 || return 1
			busywait 20000 both_have "$m1" "$m3" "$mac" "$t0" 1 ||
				{ say "evpn: $mac was not withdrawn from both FDBs"; return 1; }
			arrival "$m1" "$mac" "$t0" 1 >> "$TMPDIR_TEST/vx-del"
			arrival "$m3" "$mac" "$t0" 1 >> "$TMPDIR_TEST/frr-del"
		done
		for w in add del; do
			read -r med p99 < <(stats "$TMPDIR_TEST/vx-$w")
			put "evpn-vxip type2_${w}_median $med ms"
			put "evpn-vxip type2_${w}_p99 $p99 ms"
			read -r med p99 < <(stats "$TMPDIR_TEST/frr-$w")
			put "evpn-frr type2_${w}_median $med ms"
			put "evpn-frr type2_${w}_p99 $p99 ms"
		done
		$IP netns exec "$N1" "$EVPN" -c "$(d 1)/evpn.conf" status -j > "$TMPDIR_TEST/status1" || return 1
		# vxip-evpn's share over these trials' paths only (the difference
		# of its cumulative status before and after them): wall time to the
		# last ACK, of it waiting for the ACKs, and the CPU time it took.
		# share KEY: status's import KEY (a mean per path) over those paths.
		share() {
			jq -rs --arg k "$1" '(.[1].import.paths - .[0].import.paths) as $n |
				select($n > 0) | (.[1].import[$k] * .[1].import.paths -
					.[0].import[$k] * .[0].import.paths) / $n' \
				"$TMPDIR_TEST/status0" "$TMPDIR_TEST/status1" | awk '{ printf "%.1f", $1 }'
		}
		put "evpn-vxip import_share_mean $(share mean-us) us"
		put "evpn-vxip import_share_kernel_mean $(share kernel-mean-us) us"
		put "evpn-vxip import_share_cpu_mean $(share cpu-mean-us) us"
		put "evpn-vxip import_share_max_event $(jq -r '.import["max-event-us"]' "$TMPDIR_TEST/status1" |
			awk '{ printf "%.1f", $1 }') us"
	}

	# The evpn_bulk MACs of n2's bridge, exported by n2's vxip-evpn: seconds
	# until n1's vxip FDB and n3's vxlan FDB have all of them, polled (a
	# burst like this can overflow an event monitor's socket).
	evpn_bulk_run() {
		local t0 now vx="" frr=""
		gen_macs 0 "$evpn_bulk" | sed 's/.*/fdb add & dev p2 master static/' > "$TMPDIR_TEST/bulk"
		t0=$EPOCHREALTIME
		$BRIDGE -n "$N2" -batch "$TMPDIR_TEST/bulk" || return 1
		while [ -z "$vx" ] || [ -z "$frr" ]; do
			now=$EPOCHREALTIME
			[ -n "$vx" ] || [ "$(vx 1 -j fdb show vxip0 |
				jq '[.[] | select(.mac | startswith("12:"))] | length')" -lt "$evpn_bulk" ] ||
				vx=$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.2f", b - a }')
			[ -n "$frr" ] || [ "$($BRIDGE -n "$N3" fdb show dev vxlan0 |
				grep -c '^12:.* dst 192.168.0.2 ')" -lt "$evpn_bulk" ] ||
				frr=$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.2f", b - a }')
			if awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 600) }'; then
				say "evpn: after 600 s, n1 has $(vx 1 -j fdb show vxip0 |
					jq '[.[] | select(.mac | startswith("12:"))] | length'), n3 $($BRIDGE -n "$N3" \
					fdb show dev vxlan0 | grep -c '^12:.* dst 192.168.0.2 ') of $evpn_bulk"
				return 1
			fi
			sleep 0.2
		done
		put "evpn-vxip program_${evpn_bulk_label}_type2 $vx s"
		put "evpn-frr program_${evpn_bulk_label}_type2 $frr s"
	}

	mon_pids=""
	if [ "$quick" = 1 ]; then evpn_n=10 evpn_bulk=200; else evpn_n=100 evpn_bulk=10000; fi
	evpn_bulk_label=$(human "$evpn_bulk")
	echo "meta evpn_n $evpn_n" >> "$RAW"
	echo "meta evpn_bulk $evpn_bulk" >> "$RAW"
	if evpn_setup > "$TMPDIR_TEST/evpn-setup" 2>&1 && frr_start >> "$TMPDIR_TEST/evpn-setup" 2>&1 &&
	   busywait 60000 established 1 2 && busywait 60000 established 2 2 &&
	   busywait 30000 frr_fdb 00:00:00:00:00:00 192.168.0.2; then
		evpn_trials && evpn_bulk_run
		# shellcheck disable=SC2086
		kill $mon_pids 2> /dev/null
	else
		cat "$TMPDIR_TEST/evpn-setup" >&2
		say "evpn: the fabric did not come up"
	fi
	frr_stop
fi

t_end=$(date +%s)
say "main $((t_main - t_start))s, scaling $((t_scale - t_main))s, control plane $((t_cp - t_scale))s, gossip $((t_gossip - t_cp))s, evpn $((t_end - t_gossip))s"
echo "meta durations main=$((t_main - t_start)) scaling=$((t_scale - t_main)) cp=$((t_cp - t_scale)) gossip=$((t_gossip - t_cp)) evpn=$((t_end - t_gossip))" >> "$RAW"
echo "bench: done"
