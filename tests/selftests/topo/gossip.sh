# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The gossip topology, sourced after lib.sh by gossip.sh (the selftest),
# tests/bench/bench.sh (convergence figures) and tests/demo/gossip.sh:
#
#   p1 10.81.1.2 -- n1 192.168.81.1 \
#   p2 10.81.2.2 -- n2 192.168.81.2  \
#   p3 10.81.3.2 -- n3 192.168.81.3  /+-- lan bridge -- r 192.168.81.254
#   p4 10.81.4.2 -- n4 192.168.81.4 /                   192.168.82.254
#   p5 10.81.5.2 -- n5 192.168.82.5 ----- wan bridge ---/
#
# gossip_setup builds it and starts "vxip-gossip up" on each node (and so
# its own serf agent), encap auto: IPIP within 192.168.81.0/24, VXLAN to
# and from n5.  Pods are routed behind their node; 10.81.0.0/16 goes into
# vxip0, nothing else by hand.  Each node's config, log and pid file are
# in $TMPDIR_TEST.
#
# gossip6_setup (gossip.sh's t_ipv6) adds a second cluster, IPv6 VTEPs
# on a bridge of their own, n8 in another /64 reached on-link (no router):
#
#   p6 10.81.6.2 -- n6 fd00:81::6/64 \
#   p7 10.81.7.2 -- n7 fd00:81::7/64  +-- lan6 bridge
#   p8 10.81.8.2 -- n8 fd00:82::8/64 /
#
# encap auto: IPIP (IP-in-IPv6) between n6 and n7, VXLAN to and from n8.

GOSSIP=${VXIP_GOSSIP:-${VXIP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}/userspace/gossip/vxip-gossip}
require_built "$GOSSIP" "make -C userspace/gossip"

node_ns() { eval echo "\$N$1"; }
node_ip() {
	case $1 in
	5) echo 192.168.82.5 ;;
	6 | 7) echo "fd00:81::$1" ;;
	8) echo "fd00:82::$1" ;;
	*) echo "192.168.81.$1" ;;
	esac
}
node_hostport() {	# node_hostport I PORT: as Serf takes it
	case $1 in
	[678]) echo "[$(node_ip "$1")]:$2" ;;
	*) echo "$(node_ip "$1"):$2" ;;
	esac
}
NODES="1 2 3 4 5"
NODES6="6 7 8"

# A node's config; GOSSIP_RESYNC sets its resync-interval (default 30).
node_conf() {
	local i=$1 f=$TMPDIR_TEST/n$1.conf rpc=127.0.0.1:7373
	local join="192.168.81.1, 192.168.81.2"
	mkdir -p "$TMPDIR_TEST/n$i"
	case $i in
	[678]) rpc="[::1]:7373" join="$(node_hostport 6 7946), $(node_hostport 7 7946)" ;;
	esac
	cat > "$f" <<-EOC
	[node]
	name = n$i
	device = vxip0
	vtep = $(node_ip "$i")           ; the underlay address
	podcidr = 10.81.$i.0/24
	cluster-cidr = 10.81.0.0/16
	encap = auto
	vni = 4200

	[serf]
	bind = $(node_hostport "$i" 7946)
	rpc = $rpc
	join = $join
	encrypt-key = $KEY
	snapshot = $TMPDIR_TEST/n$i/serf.snapshot
	resync-interval = ${GOSSIP_RESYNC:-30}
	EOC
}

gossip_up() {	# gossip_up I: start vxip-gossip on node I, in the background
	$IP netns exec "$(node_ns "$1")" "$GOSSIP" -c "$TMPDIR_TEST/n$1.conf" up \
		>> "$TMPDIR_TEST/n$1.log" 2>&1 &
	echo $! > "$TMPDIR_TEST/up$1.pid"
	disown $!	# its death is a test's business, not bash's to report
}

up_pid() { cat "$TMPDIR_TEST/up$1.pid"; }
agent_pid() { pgrep -P "$(up_pid "$1")" serf; }

# Gossip routes on node I, one "PREFIX PEER ENCAP" line each, sorted.
routes() {
	$VXIPCTL -n "$(node_ns "$1")" -j route show vxip0 owner gossip |
		jq -r '.[] | "\(.dst)/\(.plen) \(.peer) \(.encap)"' | sort
}
n_routes() { routes "$1" | wc -l; }
route_peer() {	# route_peer I PREFIX: the gossip route's peer, or nothing
	routes "$1" | awk -v p="$2" '$1 == p { print $2 }'
}

# pod I: a pod routed behind node I, 10.81.I.2 (gateway .1): a veth pair
# by hand, or with TOPO_CNI=1 (the demos) the CNI ptp plugin's
# (packaging/cni/10-vxip-routed.conflist, its subnet 10.81.I.0/24).
pod() {
	local i=$1 n p
	n=$(node_ns "$i")
	setup_ns "P$i" || return 1
	eval "p=\$P$i"
	ns_quiet "$p"
	if [ "${TOPO_CNI:-0}" = 1 ]; then
		$IP netns exec "$n" sysctl -qw net.ipv4.ip_forward=1
		cni ADD routed "$n" "$p" ".mtu = 1450 | .ipam.ranges[0][0].subnet = \"10.81.$i.0/24\""
		return
	fi
	routed_pod_link "$n" "$p" "10.81.$i"
}

# node I BRIDGE_NS: a node with its underlay link on that bridge.
node() {
	local i=$1 br=$2 n
	setup_ns "N$i" || return 1
	n=$(node_ns "$i")
	ns_quiet "$n"
	$IP -n "$n" link add eth0 type veth peer name "n$i" netns "$br"
	$IP -n "$br" link set "n$i" master br0 up
	$IP -n "$n" addr add "$(node_ip "$i")/24" dev eth0
	$IP -n "$n" link set eth0 up
	if [ "$i" = 5 ]; then
		$IP -n "$n" route add default via 192.168.82.254
	else
		$IP -n "$n" route add 192.168.82.0/24 via 192.168.81.254
	fi
	node_conf "$i"
	pod "$i"
}

bridge_ns() {	# bridge_ns VAR: a netns with a bridge br0
	local b
	setup_ns "$1" || return 1
	eval "b=\$$1"
	ns_quiet "$b"
	$IP -n "$b" link add br0 type bridge
	$IP -n "$b" link set br0 up
}

gossip_setup() {
	KEY=$(serf keygen)
	bridge_ns LAN && bridge_ns WAN && setup_ns R || return 1
	ns_quiet "$R"
	$IP -n "$R" link add lan type veth peer name r netns "$LAN"
	$IP -n "$R" link add wan type veth peer name r netns "$WAN"
	$IP -n "$LAN" link set r master br0 up
	$IP -n "$WAN" link set r master br0 up
	$IP -n "$R" addr add 192.168.81.254/24 dev lan
	$IP -n "$R" addr add 192.168.82.254/24 dev wan
	$IP -n "$R" link set lan up
	$IP -n "$R" link set wan up
	$IP netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
	node 1 "$LAN" && node 2 "$LAN" && node 3 "$LAN" && node 4 "$LAN" &&
		node 5 "$WAN" || return 1
	echo "KEY=$KEY" > "$TMPDIR_TEST/key"
	gossip_up 1 && gossip_up 2 && gossip_up 3 && gossip_up 4 && gossip_up 5
}

# node6 I: a node with an IPv6 underlay on $LAN6 (IPv6 on, no DAD wait).
node6() {
	local i=$1 n
	setup_ns "N$i" || return 1
	n=$(node_ns "$i")
	$IP -n "$n" link add eth0 type veth peer name "n$i" netns "$LAN6"
	$IP -n "$LAN6" link set "n$i" master br0 up
	$IP -n "$n" addr add "$(node_ip "$i")/64" dev eth0 nodad
	$IP -n "$n" link set eth0 up
	if [ "$i" = 8 ]; then
		$IP -n "$n" -6 route add fd00:81::/64 dev eth0
	else
		$IP -n "$n" -6 route add fd00:82::/64 dev eth0
	fi
	node_conf "$i"
	pod "$i"
}

gossip6_setup() {
	bridge_ns LAN6 || return 1
	node6 6 && node6 7 && node6 8 || return 1
	gossip_up 6 && gossip_up 7 && gossip_up 8
}

logs() {	# the nodes' logs, for a failure's diagnostics
	local i
	for i in $NODES; do
		echo "--- n$i.log"
		tail -n 15 "$TMPDIR_TEST/n$i.log"
	done
}

all_have() {	# all_have N NODES...: each node has N gossip routes
	local want=$1 i
	shift
	for i in "$@"; do
		[ "$(n_routes "$i")" = "$want" ] || return 1
	done
}

ping_pod() {	# ping_pod FROM TO
	local from
	eval "from=\$P$1"
	$IP netns exec "$from" ping -q -c 2 -i 0.2 -W 2 "10.81.$2.2" > "$TMPDIR_TEST/ping" 2>&1 ||
		{ cat "$TMPDIR_TEST/ping"; fail "pod $1 cannot ping pod $2"; }
}
