#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for vxip selftests: KTAP output, namespaces, waits.
# Modelled on tools/testing/selftests/{net/lib.sh,kselftest/ktap_helpers.sh},
# which the 6.1 tree lacks.

# iproute2 by full path: a busybox shell would run its own "ip" applet.
IP=${IP:-/usr/bin/ip}
BRIDGE=${BRIDGE:-/usr/sbin/bridge}
VXIPCTL=${VXIPCTL:-vxipctl}

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0
KTAP_TESTNO=0

ktap_print_header() {
	echo "TAP version 13"
}

ktap_set_plan() {
	KTAP_PLAN=$1
	echo "1..$1"
}

ktap_test_pass() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
	echo "ok $KTAP_TESTNO $*"
}

ktap_test_fail() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
	echo "not ok $KTAP_TESTNO $*"
}

ktap_test_skip() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
	echo "ok $KTAP_TESTNO $* # SKIP"
}

ktap_print_totals() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

# Exit 0 only if every planned test ran and none failed.
ktap_finished() {
	ktap_print_totals
	if [ "$KTAP_CNT_FAIL" -eq 0 ] && [ "$KTAP_TESTNO" -eq "$KTAP_PLAN" ]; then
		exit $KSFT_PASS
	fi
	[ "$KTAP_TESTNO" -eq "$KTAP_PLAN" ] ||
		echo "# planned $KTAP_PLAN tests but ran $KTAP_TESTNO"
	exit $KSFT_FAIL
}

# Diagnostics go to stdout as KTAP comments.
diag() {
	local l
	while IFS= read -r l; do
		echo "# $l"
	done <<< "$*"
}

# A process costs about 80 ms in a debug guest (fork and exec under
# KASAN and lockdep, emulated) and most of what a script does is start
# processes: the helpers below keep to the shell's builtins where a tool
# would only wait, count or pick a field.
#
# sleep SECONDS: the shell's own, with no process: a read that times out
# on a pipe nobody writes to (this shell holds both of its ends).  Its
# timeout is its only way out: "|| :" keeps set -e from ending the test.
exec {__lib_sleep_fd}<> <(:)
sleep() {
	read -r -t "$1" -u "$__lib_sleep_fd" _ || :
}

# A script's arguments pick tests by function name; -x traces them:
#   tests/qemu/vm-run tests/selftests/vxlan_l2.sh -x t_flood_once
SELFTEST_TRACE=
SELFTEST_ONLY=
for __arg in "$@"; do
	case "$__arg" in
	-x) SELFTEST_TRACE=1 ;;
	*) SELFTEST_ONLY="$SELFTEST_ONLY $__arg " ;;
	esac
done

# run_test DESC FUNC [ARGS...]: FUNC's status decides ok / not ok.
# FUNC explains a failure by calling fail "why" (or printing diagnostics).
run_test() {
	local desc=$1 rc t0=$SECONDS
	shift
	if [ -n "$SELFTEST_ONLY" ] && [[ "$SELFTEST_ONLY" != *" $1 "* ]]; then
		ktap_test_skip "$desc (not selected)"
		return
	fi
	( set -e; [ -z "$SELFTEST_TRACE" ] || set -x; "$@" ) > "$TMPDIR_TEST/out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		# Measurements a passing test reports.
		info_lines < "$TMPDIR_TEST/out"
	else
		diag "$(< "$TMPDIR_TEST/out")"
	fi
	# How long it took, for the guests' time budget (scripts/check.sh).
	diag "$1: $((SECONDS - t0))s"
	case $rc in
	0) ktap_test_pass "$desc" ;;
	"$KSFT_SKIP") ktap_test_skip "$desc" ;;
	*) ktap_test_fail "$desc" ;;
	esac
}

# measure FUNC: a measurement, not a test: FUNC's figures (info) become
# diagnostics, outside the plan, and nothing is counted.  Picked by name
# like a test; if FUNC fails, the diagnostics say so.
measure() {
	local rc
	if [ -n "$SELFTEST_ONLY" ] && [[ "$SELFTEST_ONLY" != *" $1 "* ]]; then
		return 0
	fi
	# Not in an if: set -e would not apply in the subshell.
	local t0=$SECONDS
	( set -e; [ -z "$SELFTEST_TRACE" ] || set -x; "$@" ) > "$TMPDIR_TEST/out" 2>&1
	rc=$?
	# How long it took, for the guests' time budget (scripts/check.sh).
	diag "$1: $((SECONDS - t0))s"
	if [ $rc -eq 0 ]; then
		info_lines < "$TMPDIR_TEST/out"
	else
		diag "$(< "$TMPDIR_TEST/out")"
		diag "measurement $1 failed (not counted)"
	fi
}

fail() {
	echo "FAIL: $*"
	return 1
}

# info MESSAGE: a figure worth seeing even when the test passes.
info() {
	echo "INFO: $*"
}

# info_lines: the INFO lines of a test's output (stdin), as diagnostics.
info_lines() {
	local l
	while IFS= read -r l; do
		[[ $l != "INFO: "* ]] || echo "# ${l#INFO: }"
	done
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# json_true [JQ ARGS...] FILTER: the JSON on stdin makes FILTER true.
# Not jq -e alone: jq 1.6 exits 0 on no input at all, so a command that
# failed and printed nothing would pass for one that printed a match.
# Check an absence as a FILTER that must be true (all(...), not), never
# as ! json_true: that, too, passes on no input.
json_true() {
	local in
	in=$(cat)
	[ -n "$in" ] || { echo "json_true: no JSON on stdin" >&2; return 1; }
	printf '%s\n' "$in" | jq -e "$@" > /dev/null
}

# busywait_out TIMEOUT_MS OP VALUE CMD...: run CMD until its output
# compares to VALUE with test's OP (=, -gt, ...), or time runs out.
busywait_out() {
	local timeout=$1 op=$2 want=$3
	shift 3
	__out_cmp() { [ "$("$@")" "$op" "$want" ]; }
	busywait "$timeout" __out_cmp "$@"
}

# busywait TIMEOUT_MS CMD...: run CMD until it succeeds or time runs out.
# CMD's arguments are expanded once, by the caller: poll command output
# with busywait_out.
busywait() {
	local timeout=$1 start=${EPOCHREALTIME//[!0-9]/} now
	shift
	while :; do
		"$@" && return 0
		now=${EPOCHREALTIME//[!0-9]/}
		[ $(((now - start) / 1000)) -lt "$timeout" ] || return 1
		sleep 0.1
	done
}

# setup_ns NAME...: create uniquely named netns, store the names in the
# variables NAME..., bring lo up.  The names are recorded in a file, so
# namespaces made inside a test's subshell are cleaned up too.
setup_ns() {
	local __var __ns
	for __var in "$@"; do
		printf -v __ns '%s-%06x' "$__var" $((SRANDOM & 0xffffff))
		$IP netns add "$__ns" || return 1
		echo "$__ns" >> "$TMPDIR_TEST/ns_list"
		$IP -n "$__ns" link set lo up
		eval "$__var=$__ns"
	done
}

cleanup_all_ns() {
	local ns
	[ -f "$TMPDIR_TEST/ns_list" ] || return 0
	while read -r ns; do
		$IP netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		$IP netns del "$ns" 2>/dev/null
	done < "$TMPDIR_TEST/ns_list"
	rm -f "$TMPDIR_TEST/ns_list"
}

# json_num JSON KEY: the number after the first "KEY": in JSON (one
# object's fields, as ip -j and vxipctl -j print them), picked by the
# shell rather than a jq process (400 ms each in a debug guest).  Fails,
# saying so, if JSON has no such field.
json_num() {
	local re="\"$2\": ?(-?[0-9]+)"
	[[ $1 =~ $re ]] || { echo "json_num: no \"$2\" in ${1:0:300}" >&2; return 1; }
	echo "${BASH_REMATCH[1]}"
}

# Counter in rtnl stats64 of a device: dev_stat NS DEV FIELD, FIELD as in
# "ip -j -s link": rx.packets, tx.dropped, ...
dev_stat() {
	local j re='"stats64":\{"rx":\{([^}]*)\},"tx":\{([^}]*)\}'
	j=$($IP -n "$1" -j -s link show dev "$2") || return 1
	[[ $j =~ $re ]] || { echo "dev_stat: no stats64 for $2 in $1: ${j:0:300}" >&2; return 1; }
	case ${3%%.*} in
	rx) json_num "${BASH_REMATCH[1]}" "${3#*.}" ;;
	tx) json_num "${BASH_REMATCH[2]}" "${3#*.}" ;;
	*) echo "dev_stat: $3 is not rx.FIELD or tx.FIELD" >&2; return 1 ;;
	esac
}

# kmem_kb: unreclaimable slab, vmalloc and per-CPU memory, in kB: what
# kernel tables of entries cost.
kmem_kb() {
	awk '/^(SUnreclaim|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo
}

# slab_kb: the kernel's unreclaimable slab, in kB; slab_kb_shrunk the same
# once SLUB has given back its empty slabs (now, rather than lazily).
slab_kb() {
	awk '$1 == "SUnreclaim:" { print $2 }' /proc/meminfo
}

slab_kb_shrunk() {
	local f
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 > "$f" 2>/dev/null || :
	done
	slab_kb
}

# The pr_debug lines vxip writes for each object, from the kernel log.
count_klog() {
	dmesg | grep -c -- "$1" || true
}

# vxip_devs NS: names of the vxip devices in NS, one per line.
vxip_devs() {
	$IP -n "$1" -d -j link show | jq -r '.[] | select(.linkinfo.info_kind == "vxip") | .ifname'
}

vxip_loaded() {
	grep -q '^vxip ' /proc/modules
}

# Make sure vxip is loaded (a test may have unloaded it).
vxip_reload() {
	vxip_loaded && return 0
	insmod "$VXIP_KO" || return 1
	[ -w /sys/kernel/debug/dynamic_debug/control ] &&
		echo 'module vxip +p' > /sys/kernel/debug/dynamic_debug/control
	return 0
}

TMPDIR_TEST=$(mktemp -d)
# Tools that drop privileges (tcpdump) must still reach their files here.
chmod 755 "$TMPDIR_TEST"
lib_cleanup() {
	cleanup_all_ns
	rm -rf "$TMPDIR_TEST"
}

# require_cmd CMD...: skip the whole script if a tool is missing.
require_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" > /dev/null; then
			ktap_print_header
			echo "1..0 # SKIP $c not found"
			exit $KSFT_SKIP
		fi
	done
}

# ---- overlay topologies ---------------------------------------------------
#
#   pod p<i> (10.244.0.<i>/24, eth0) -- veth -- node n<i>: br0 + overlay dev
#   node n<i> eth0 192.168.0.<i>/24 -- veth -- netns "lan": bridge br0
#
# topo_lan creates the underlay; topo_node I creates node I and stores its
# netns name in N<I>; topo_pod I adds its pod (netns name in P<I>) behind
# br0 in the node.

ns_quiet() {	# no IPv6 chatter (RS, DAD, MLD) in exact packet counts
	$IP netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

topo_lan() {
	setup_ns LAN || return 1
	ns_quiet "$LAN"
	$IP -n "$LAN" link add br0 type bridge
	$IP -n "$LAN" link set br0 up
}

topo_node() {
	local i=$1 ns
	setup_ns "N$i" || return 1
	eval "ns=\$N$i"
	ns_quiet "$ns"
	$IP -n "$ns" -batch - <<- EOF || return 1
	link add eth0 type veth peer name n$i netns $LAN
	addr add 192.168.0.$i/24 dev eth0
	link set eth0 up
	link add br0 type bridge
	link set br0 up
	EOF
	$IP -n "$LAN" link set "n$i" master br0 up
}

# link_rx NS DEV [packets|bytes]: what DEV has received.
link_rx() {
	dev_stat "$1" "$2" "rx.${3:-packets}"
}

# rx_merged LARGEST CMD...: CMD (traffic to n1's vxip0) reaches n1's vxip0
# merged by GRO: in fewer, larger packets than eth0 carried, larger on
# average than LARGEST, the largest frame vxip0 could take unmerged.  How
# many merge depends on how many wait in a NAPI poll, so on the load:
# hence the average, and not a ratio.
rx_merged() {
	local largest=$1 e0 v0 b0 e v b
	shift
	e0=$(link_rx "$N1" eth0)
	v0=$(link_rx "$N1" vxip0)
	b0=$(link_rx "$N1" vxip0 bytes)
	"$@"
	e=$(( $(link_rx "$N1" eth0) - e0 ))
	v=$(( $(link_rx "$N1" vxip0) - v0 ))
	b=$(( $(link_rx "$N1" vxip0 bytes) - b0 ))
	info "n1: eth0 received $e packets, vxip0 $v of $((b / (v ? v : 1))) bytes on average"
	[ "$v" -gt 0 ] && [ $((b / v)) -gt "$largest" ] ||
		fail "no outer GRO: eth0 received $e packets, vxip0 $v of $((b / (v ? v : 1))) bytes on average"
}

# wire_like NODE on|off: on, NODE's link to the LAN behaves as a NIC's:
# its eth0 puts MTU-sized VXLAN and IPIP packets out (no tunnel
# segmentation offload: the stack segments before it) and runs GRO on
# what it takes in (veth then runs NAPI, for packets from a peer without
# TSO: the bridge's port).  off: as topo_node made it.
wire_like() {
	local off=off on=on
	[ "$2" = on ] || { off=on; on=off; }
	$IP netns exec "$(eval echo "\$N$1")" ethtool -K eth0 tx-udp_tnl-segmentation "$off" \
		tx-udp_tnl-csum-segmentation "$off" tx-ipxip4-segmentation "$off" \
		gro "$on" > /dev/null &&
		$IP netns exec "$LAN" ethtool -K "n$1" tso "$off" > /dev/null
}

# wire_default I...: these nodes' links back to veth's defaults (wire_like
# off), each one tried even if another could not be; fails if any could
# not be.  For a test's EXIT trap.
wire_default() {
	local i rc=0
	for i in "$@"; do
		wire_like "$i" off || rc=1
	done
	return $rc
}

# topo_pod I [MTU]: a pod on node I's bridge, 10.244.0.I/24: a veth pair
# by hand, or with TOPO_CNI=1 (the demos) the CNI bridge plugin's
# (packaging/cni/10-vxip-l2.conflist, its range that one address, and .254
# the gateway host-local keeps out of it).
topo_pod() {
	local i=$1 mtu=${2:-1450} ns pod
	eval "ns=\$N$i"
	setup_ns "P$i" || return 1
	eval "pod=\$P$i"
	ns_quiet "$pod"
	if [ "${TOPO_CNI:-0}" = 1 ]; then
		cni ADD l2 "$ns" "$pod" ".mtu = $mtu | .ipam.ranges[0][0] |=
			(.subnet = \"10.244.0.0/24\" | .gateway = \"10.244.0.254\" |
			 .rangeStart = \"10.244.0.$i\" | .rangeEnd = \"10.244.0.$i\")"
		return
	fi
	$IP -n "$pod" -batch - <<- EOF || return 1
	link add eth0 mtu $mtu type veth peer name p$i netns $ns
	addr add 10.244.0.$i/24 dev eth0
	link set eth0 up
	EOF
	$IP -n "$ns" link set "p$i" master br0 up
}

# routed_pod_link NODE_NS POD_NS NET [MTU]: a pod routed (not bridged)
# behind a node: NET.2/24 on the pod's eth0, NET.1 on the node's "pod"
# (NET is three octets: 10.244.1).
routed_pod_link() {
	$IP -n "$2" link add eth0 mtu "${4:-1500}" type veth peer name pod netns "$1" &&
	$IP -n "$1" -batch - <<- EOF &&
	addr add $3.1/24 dev pod
	link set pod up
	EOF
	$IP -n "$2" -batch - <<- EOF &&
	addr add $3.2/24 dev eth0
	link set eth0 up
	route add default via $3.1
	EOF
	$IP netns exec "$1" sysctl -qw net.ipv4.ip_forward=1
}

# topo_pair: n1's vxip0 (VNI 42, 10.244.0.1, no local address: the route
# chooses it) and r2's Linux vxlan0 (10.244.0.2), over one veth
# (192.168.0.1 -- 192.168.0.2).  n1 floods to r2 and has r2's overlay MAC,
# so its pings leave whether or not they are answered.
topo_pair() {
	setup_ns N1 R2 || return 1
	ns_quiet "$N1" && ns_quiet "$R2"
	$IP -n "$N1" -batch - <<- EOF || return 1
	link add eth0 type veth peer name eth0 netns $R2
	addr add 192.168.0.1/24 dev eth0
	link set eth0 up
	link add vxip0 type vxip
	EOF
	$IP -n "$R2" -batch - <<- EOF || return 1
	addr add 192.168.0.2/24 dev eth0
	link set eth0 up
	link add vxlan0 type vxlan id 42 dstport 4789 local 192.168.0.2 remote 192.168.0.1
	addr add 10.244.0.2/24 dev vxlan0
	link set vxlan0 up
	EOF

	$VXIPCTL -n "$N1" -b - <<- EOF || return 1
	dev set vxip0 vni 42
	peer add vxip0 192.168.0.2
	flood add vxip0 peer 192.168.0.2
	EOF
	$IP -n "$N1" -batch - <<- EOF || return 1
	addr add 10.244.0.1/24 dev vxip0
	link set vxip0 up
	neigh add 10.244.0.2 dev vxip0 nud permanent lladdr $(link_mac "$R2" vxlan0)
	EOF
	# Resolve r2 on the underlay before anything is captured.
	$IP netns exec "$N1" ping -q -c 1 -W 5 10.244.0.2 > /dev/null || true
}

# pcount FILE FILTER: packets in FILE that FILTER matches.
pcount() {
	tcpdump -r "$1" -nn "$2" 2> /dev/null | wc -l
}

# topo_vxip I VNI: a vxip device on node I, bridged to its pod.
topo_vxip() {
	local i=$1 vni=$2 ns
	eval "ns=\$N$i"
	$IP -n "$ns" link add vxip0 type vxip
	$VXIPCTL -n "$ns" dev set vxip0 vni "$vni" local "192.168.0.$i" || return 1
	$IP -n "$ns" link set vxip0 master br0 up
	topo_pod "$i"
}

# topo_vxlan I VNI [ARGS]: a Linux vxlan device on node I (the reference).
topo_vxlan() {
	local i=$1 vni=$2 ns
	shift 2
	eval "ns=\$N$i"
	$IP -n "$ns" link add vxlan0 type vxlan id "$vni" dstport 4789 \
		local "192.168.0.$i" nolearning "$@"
	$IP -n "$ns" link set vxlan0 master br0 up
	topo_pod "$i"
}

# vxip_peers I J...: node I (vxip) peers with nodes J..., all on the flood list.
vxip_peers() {
	local i=$1 ns j
	shift
	eval "ns=\$N$i"
	for j in "$@"; do
		$VXIPCTL -n "$ns" peer add vxip0 "192.168.0.$j" || return 1
		$VXIPCTL -n "$ns" flood add vxip0 peer "192.168.0.$j" || return 1
	done
}

# vxlan_peers I J...: the same for a Linux vxlan node (all-zero FDB entries).
vxlan_peers() {
	local i=$1 ns j
	shift
	eval "ns=\$N$i"
	for j in "$@"; do
		$BRIDGE -n "$ns" fdb append 00:00:00:00:00:00 dev vxlan0 \
			dst "192.168.0.$j" || return 1
	done
}

# Pods made the way a kubelet's runtime makes them: Debian's standard CNI
# plugins (containernetworking-plugins), called with the example configs
# of packaging/cni/ (the repository's: VXIP_SRC in a guest).
CNI_PATH=${CNI_PATH:-/usr/lib/cni}
CNI_CONFS=${VXIP_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/packaging/cni

# cni CMD MODEL NODE_NS POD_NS [JQ]: the first plugin of
# packaging/cni/10-vxip-MODEL.conflist (with the list's cniVersion and
# name), run in the node's netns for the pod's netns as a runtime runs it
# (CNI_COMMAND=CMD, eth0).  host-local keeps its state in
# $TMPDIR_TEST/ipam-MODEL-NODE_NS; the jq filter JQ edits the plugin's
# config first (the node's range, an MTU).  The result is in
# $TMPDIR_TEST/cni-POD_NS.json; a failure says why on stderr.
cni() {
	local cmd=$1 model=$2 node=$3 pod=$4 conf plugin
	conf=$(jq --arg dir "$TMPDIR_TEST/ipam-$model-$node" \
		".plugins[0] + { cniVersion: .cniVersion, name: .name }
		 | .ipam.dataDir = \$dir | ${5:-.}" "$CNI_CONFS/10-vxip-$model.conflist") ||
		return 1
	plugin=$(jq -r .type <<< "$conf")
	if ! $IP netns exec "$node" env CNI_COMMAND="$cmd" CNI_CONTAINERID="$pod" \
		CNI_NETNS="/run/netns/$pod" CNI_IFNAME=eth0 CNI_PATH="$CNI_PATH" \
		"$CNI_PATH/$plugin" <<< "$conf" > "$TMPDIR_TEST/cni-$pod.json"; then
		echo "CNI $cmd ($plugin) for $pod in $node: $(cat "$TMPDIR_TEST/cni-$pod.json")" >&2
		return 1
	fi
}

# cni_addr POD_NS: the IPv4 address CNI gave the pod's eth0.
cni_addr() {
	$IP -n "$1" -j addr show dev eth0 |
		jq -r '.[0].addr_info[] | select(.family == "inet") | .local'
}

# link_mac NS DEV: DEV's MAC address in NS.
link_mac() {
	local j re='"address":"([0-9a-f:]{17})"'
	j=$($IP -n "$1" -j link show "$2") || return 1
	[[ $j =~ $re ]] || { echo "link_mac: no address for $2 in $1: ${j:0:300}" >&2; return 1; }
	echo "${BASH_REMATCH[1]}"
}

# pod_mac I: the MAC of pod I's eth0, in the netns named by $P<I>.
pod_mac() {
	local pod
	eval "pod=\$P$1"
	link_mac "$pod" eth0
}

# setup_or_bail [FUNC]: FUNC (default setup) builds the script's
# topology, its output kept aside; if it fails, that output, "Bail out!"
# and the exit: no test of the plan runs.
setup_or_bail() {
	if ! "${1:-setup}" > "$TMPDIR_TEST/setup" 2>&1; then
		cat "$TMPDIR_TEST/setup"
		echo "Bail out! topology setup failed"
		exit "$KSFT_FAIL"
	fi
}

# scapy_send NS SCRIPT ARGS...: the packet sender py/SCRIPT, run in NS.
scapy_send() {
	local ns=$1
	shift
	$IP netns exec "$ns" "$PYTHON" "$(dirname "$0")/py/$1" "${@:2}"
}

# ipip_malformed RX_NS TX_NS PEER DST: TX_NS sends crafted IP-in-IP to
# DST (IPv4, or IPv6 for IP-in-IPv6: py/ipip_send.py): inner sources
# outside PEER's prefixes, a wrong inner version or IHL, wrong lengths,
# runt headers, and 10-byte ones the kernel's tunnel4/tunnel6 drops before
# vxip.  RX_NS's vxip0 counts each and takes only the 2 good ones.
ipip_malformed() {
	local sp rx hdr len runt
	sp=$(vxip_stat "$1" rx_drop_spoofed)
	rx=$(peer_stat "$1" "$3" rx_packets)
	hdr=$(vxip_stat "$1" rx_drop_inner_header)
	len=$(vxip_stat "$1" rx_drop_inner_length)
	runt=$(vxip_stat "$1" rx_drop_runt)
	scapy_send "$2" ipip_send.py "$4" good 10.244.9.9 4 good 10.244.2.9 2 \
		v6 3 ihl 2 len 5 runt 6 trunc 3
	sleep 0.5
	expect_eq "spoofed inner sources dropped" $(( $(vxip_stat "$1" rx_drop_spoofed) - sp )) 4
	expect_eq "packets from $3 accepted" $(( $(peer_stat "$1" "$3" rx_packets) - rx )) 2
	expect_eq "wrong inner version or IHL" $(( $(vxip_stat "$1" rx_drop_inner_header) - hdr )) 5
	expect_eq "wrong inner length" $(( $(vxip_stat "$1" rx_drop_inner_length) - len )) 5
	expect_eq "runt inner headers" $(( $(vxip_stat "$1" rx_drop_runt) - runt )) 6
}

# pod_iperf CLIENT SERVER SERVER_IP [IPERF ARGS]: a 2 s TCP stream from pod
# CLIENT to pod SERVER (with -R, back); leaves the bytes received in
# IPERF_BYTES and fails below 100 kB.  Call it as a command, never inside
# $(...): set -e does not reach there and the failure would be lost.
pod_iperf() {
	local c s pidf=$TMPDIR_TEST/iperf.pid out
	local re='"sum_received":[[:space:]]*\{[^}]*"bytes":[[:space:]]*([0-9]+)'
	eval "c=\$P$1; s=\$P$2"
	IPERF_BYTES=0
	rm -f "$pidf"
	$IP netns exec "$s" iperf3 -s -1 -D -I "$pidf" ||
		fail "iperf3 server in pod $2 did not start" || return
	sleep 0.5
	# A path that is down fails in 10 s, not TCP's two minutes of SYNs.
	out=$($IP netns exec "$c" iperf3 -c "$3" -t 2 --connect-timeout 10000 -J "${@:4}") || :
	# .end.sum_received.bytes, or 0 (the shell's regex, not a jq).
	[[ $out =~ $re ]] && IPERF_BYTES=${BASH_REMATCH[1]}
	# A server whose client never got through would hold the port.
	[ ! -s "$pidf" ] || kill "$(< "$pidf")" 2> /dev/null || true
	[ "$IPERF_BYTES" -gt 100000 ] ||
		fail "iperf3 pod $1 -> pod $2 ($3${4:+ ${*:4}}) moved $IPERF_BYTES bytes, want > 100 kB"
}

# pod_ping FROM TO [COUNT]: pod FROM pings pod TO; all replies must come.
pod_ping() {
	local from to
	eval "from=\$P$1"
	to=10.244.0.$2
	$IP netns exec "$from" ping -q -c "${3:-3}" -i 0.2 -W 2 "$to" > "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "pod $1 cannot ping pod $2"; }
}

# ctl_refused NS MESSAGE ARGS...: the kernel refuses vxipctl -n NS ARGS:
# vxipctl exits 1 (2 is its own usage error) printing exactly MESSAGE, the
# extack text and the attribute.
ctl_refused() {
	local ns=$1 want=$2 out rc=0
	shift 2
	out=$($VXIPCTL -n "$ns" "$@" 2>&1) || rc=$?
	[ $rc = 1 ] || fail "'vxipctl $*' exited $rc (want 1): $out"
	expect_eq "vxipctl $*" "$out" "$want"
}

# peer_stats NS ADDR: vxip0's counters of peer ADDR, as vxipctl -j prints
# them, in PEER_STATS (set here, not printed: no subshell of its own).
peer_stats() {
	PEER_STATS=$($VXIPCTL -n "$1" -j peer show vxip0 "$2") || return 1
	[[ $PEER_STATS == *'"stats":'* ]] ||
		{ echo "peer_stats: no stats for $2 in $1" >&2; return 1; }
	PEER_STATS=${PEER_STATS#*'"stats":'}
}

# Per-peer counter: peer_stat NS ADDR FIELD (tx_packets, tx_flood, ...).
peer_stat() {
	peer_stats "$1" "$2" && json_num "$PEER_STATS" "${3//_/-}"
}

# flows_spread NODE POD DST PEER_A PEER_B: 32 UDP flows (a socket, so a
# source port, each) from POD to DST, which NODE's vxip0 reaches through
# an entry with both peers: all must leave, and some (3 or more) by each
# peer.  Call it
# as a command (not in $(...) or a condition): its failures end the test.
flows_spread() {
	local a b da db
	# No unicast ARP probe of a stale neighbour meanwhile.
	$IP -n "$2" neigh flush all
	a=$(peer_unicast "$1" "$4")
	b=$(peer_unicast "$1" "$5")
	$IP netns exec "$2" bash -c "for i in \$(seq 32); do echo x > /dev/udp/$3/9; done"
	sleep 0.5
	da=$(( $(peer_unicast "$1" "$4") - a ))
	db=$(( $(peer_unicast "$1" "$5") - b ))
	info "32 flows: $da to $4, $db to $5"
	# A neighbour's unicast ARP probe answered meanwhile may add one or two.
	[ $((da + db)) -ge 32 ] && [ $((da + db)) -le 34 ] ||
		fail "32 flows, $((da + db)) packets to the two peers"
	# Each peer takes some: fewer than 3 of 32 by chance is 1 in 10^7.
	[ "$da" -ge 3 ] && [ "$db" -ge 3 ] || fail "32 flows all took one peer ($da, $db)"
}

# peer_unicast NS ADDR: packets sent to the peer but flood copies (an ARP
# or other broadcast meanwhile is not the flow a test sent).
peer_unicast() {
	local tx flood
	peer_stats "$1" "$2" && tx=$(json_num "$PEER_STATS" tx-packets) &&
		flood=$(json_num "$PEER_STATS" tx-flood) && echo $((tx - flood))
}

# ethtool -S counter of vxip0 in NS.
vxip_stat() {
	local j nl=$'\n' re
	re="(^|$nl) *$2: ([0-9]+)"
	j=$($IP netns exec "$1" ethtool -S vxip0) || return 1
	[[ $j =~ $re ]] || { echo "vxip_stat: no $2 in ethtool -S vxip0 in $1" >&2; return 1; }
	echo "${BASH_REMATCH[2]}"
}

# Live vxip objects of a kind (debugfs): vxip_objects fdb|peer|neigh|sock.
vxip_objects() {
	awk -v k="$1" '$1 == k { print $2 }' /sys/kernel/debug/vxip/objects
}

# capture_start NS FILE FILTER: tcpdump on NS's eth0 (or on $CAPTURE_DEV)
# in the background, listening when this returns; its pid in FILE.pid.
capture_start() {
	local ns=$1 file=$2 filter=$3
	# -Z root: tcpdump would otherwise drop to a user of its own.
	$IP netns exec "$ns" tcpdump -Z root -i "${CAPTURE_DEV:-eth0}" -nn -U -w "$file" "$filter" \
		2> "$file.log" &
	echo $! > "$file.pid"
	# Under TCG tcpdump takes a while to start listening.
	busywait 20000 grep -q "listening on" "$file.log" ||
		{ kill "$(< "$file.pid")"; fail "tcpdump did not start: $(< "$file.log")"; }
}

# capture_stop FILE: stop the capture capture_start began, once it has
# written what it saw.
capture_stop() {
	local pid
	pid=$(< "$1.pid")
	capture_settle "$1"
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null || true
}

# capture NS FILE FILTER -- CMD...: capture_start, CMD, capture_stop;
# CMD's exit status, for a caller that tests it ("capture ... || fail").
# Not "CMD || rc=$?": that would turn set -e off inside a CMD that is a
# function of the test.
capture() {
	local ns=$1 file=$2 filter=$3 rc
	shift 4
	capture_start "$ns" "$file" "$filter" || return 1
	"$@"
	rc=$?
	capture_stop "$file"
	return $rc
}

# capture_settle FILE: give tcpdump time to write what it has seen: until
# FILE stops growing for a second (10 s at most).  Killing it sooner loses
# the packets still in its socket buffer, which under TCG, and more so on
# the debug kernel, can be all of them.
capture_settle() {
	local prev=-1 cur i
	for i in $(seq 10); do
		sleep 1
		cur=$(stat -c %s "$1" 2> /dev/null || echo 0)
		[ "$cur" != "$prev" ] || return 0
		prev=$cur
	done
}

# Scapy needs Debian's python3; the python3 on PATH may be a private build.
PYTHON=/usr/bin/python3

# require_built FILE HINT: a program this suite runs must be built; a
# SKIP if not, but a failure under make check (VXIP_REQUIRE_BUILT=1),
# where a skip would hide a suite that never ran.
require_built() {
	[ -x "$1" ] && return 0
	ktap_print_header
	if [ -n "${VXIP_REQUIRE_BUILT:-}" ]; then
		echo "Bail out! $1 not built ($2)"
		exit $KSFT_FAIL
	fi
	echo "1..0 # SKIP $1 not built ($2)"
	exit $KSFT_SKIP
}

require_scapy() {
	if ! "$PYTHON" -c 'import scapy' 2> /dev/null; then
		ktap_print_header
		echo "1..0 # SKIP python3-scapy not installed"
		exit $KSFT_SKIP
	fi
}
