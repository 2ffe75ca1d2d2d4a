#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, inside the guest: the whole story in one run.  Three nodes on
# one underlay subnet, each with one vxip device, vxip0, and a pod made by
# Debian's CNI plugins (ptp + host-local, packaging/cni/10-vxip-routed.conflist,
# pod CIDR 10.245.N.0/24).  vxip routes the pod CIDRs between the nodes,
# programmed three ways at once, each way its own owner in the tables:
#   n1 <-> n2  gossip: vxip-gossip and Serf, IP-in-IP (one subnet)
#   n1 <-> n3  BGP EVPN: gobgpd and vxip-evpn, type-5 routes, VXLAN
#   n2 <-> n3  static: a route added by hand on each side, VXLAN
# and n1 reaches a service address on n3 (10.96.0.1) by a static route of
# its own, so that n1's table holds routes of all three owners.
set -o pipefail
source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../selftests/topo/evpn.sh"
source "$(dirname "$0")/../selftests/topo/gossip.sh"
# No FRR here: of the two gobgpd nodes, n1 listens and n3 dials.
# shellcheck disable=SC2034  # read by topo/evpn.sh's gobgpd_start
FRR_NODE=0
L3VNI=5000
trap lib_cleanup EXIT
PATH=$(dirname "$EVPN"):$(dirname "$GOSSIP"):$PATH
t_start=$SECONDS

die() { echo "demo: $*"; exit 1; }
mac() { link_mac "$(node_ns "$1")" vxip0; }
# owner_route I OWNER PREFIX: node I routes PREFIX, programmed by OWNER.
owner_route() {
	$VXIPCTL -n "$(node_ns "$1")" -j route show vxip0 2> /dev/null |
		json_true --arg o "$2" --arg p "$3" \
		'any(.[]; .owner == $o and "\(.dst)/\(.plen)" == $p)'
}

step "Underlay: nodes n1, n2, n3 at 192.168.0.1-3 on one bridge"
topo_lan || die "no underlay"
for i in 1 2 3; do
	setup_ns "N$i" && ns_quiet "$(node_ns "$i")" || die "no node $i"
	n=$(node_ns "$i")
	$IP -n "$n" link add eth0 type veth peer name "n$i" netns "$LAN"
	$IP -n "$LAN" link set "n$i" master br0 up
	$IP -n "$n" addr add "192.168.0.$i/24" dev eth0
	$IP -n "$n" link set eth0 up
	$IP netns exec "$n" sysctl -qw net.ipv4.ip_forward=1
done

step "n1 and n2 start vxip-gossip (it creates vxip0 and starts its Serf agent)"
KEY=$(serf keygen)
for i in 1 2; do
	mkdir -p "$TMPDIR_TEST/n$i"
	cat > "$TMPDIR_TEST/n$i.conf" <<-EOF
	[node]
	name = n$i
	device = vxip0
	vtep = 192.168.0.$i
	podcidr = 10.245.$i.0/24
	cluster-cidr = 10.245.0.0/16
	encap = auto
	vni = $L3VNI

	[serf]
	bind = 192.168.0.$i:7946
	rpc = 127.0.0.1:7373
	join = 192.168.0.1
	encrypt-key = $KEY
	snapshot = $TMPDIR_TEST/n$i/serf.snapshot
	EOF
	gossip_up "$i"
done
echo "n1's /etc/vxip/gossip.conf:"
sed 's/^encrypt-key = .*/encrypt-key = (serf keygen)/' "$TMPDIR_TEST/n1.conf"
busywait 20000 $IP -n "$N1" link show vxip0 > /dev/null &&
	busywait 20000 $IP -n "$N2" link show vxip0 > /dev/null ||
	{ logs; die "vxip-gossip made no vxip0"; }

step "n3 has no gossip: its vxip0 by hand, as the other two have it"
on 3 "$IP" link add vxip0 type vxip
on 3 vxipctl dev set vxip0 vni $L3VNI local 192.168.0.3
on 3 "$IP" link set vxip0 up
on 3 "$IP" route add 10.245.0.0/16 dev vxip0

step "n1 and n3 start gobgpd (iBGP l2vpn-evpn) and vxip-evpn"
gobgpd_start 1 3 && gobgpd_start 3 1
for i in 1 3; do
	mkdir -p "$(d "$i")"
	cat > "$(d "$i")/evpn.conf" <<-EOF
	[gobgp]
	address = 127.0.0.1:50051

	[vtep]
	address = 192.168.0.$i

	[l3vni $L3VNI]
	device = vxip0
	EOF
done
echo "n1's /etc/vxip/evpn.conf:"
cat "$(d 1)/evpn.conf"

step "A pod on each node, made by the CNI ptp plugin as a kubelet's runtime calls it"
echo "(packaging/cni/10-vxip-routed.conflist, its subnet made the node's pod CIDR;"
echo " MTU 1450, as VXLAN is the larger overhead of the two encaps)"
for i in 1 2 3; do
	setup_ns "P$i" && ns_quiet "$(eval echo "\$P$i")" || die "no pod netns"
	eval "p=\$P$i"
	echo "n$i# CNI_COMMAND=ADD CNI_NETNS=/run/netns/p$i CNI_IFNAME=eth0 /usr/lib/cni/ptp < 10-vxip-routed.conflist"
	cni ADD routed "$(node_ns "$i")" "$p" \
		".mtu = 1450 | .ipam.ranges[0][0].subnet = \"10.245.$i.0/24\"" ||
		die "CNI ADD failed"
	jq -c '{ips: [.ips[].address], interfaces: [.interfaces[].name]}' "$TMPDIR_TEST/cni-$p.json"
done

step "Each EVPN node announces its pod CIDR: a type-5 route, L3 VNI $L3VNI, its vxip0's MAC as router MAC"
for i in 1 3; do
	evpn_start "$i"
	on "$i" gobgp global rib -a evpn add prefix "10.245.$i.0/24" etag 0 label $L3VNI \
		rd "192.168.0.$i:$L3VNI" rt "65000:$L3VNI" encap vxlan router-mac "$(mac "$i")"
done

step "Static routes by hand: n2 <-> n3 over VXLAN, and n1 to a service address on n3"
on 2 vxipctl peer add vxip0 192.168.0.3 encap vxlan
on 2 vxipctl route add vxip0 10.245.3.0/24 peer 192.168.0.3 rmac "$(mac 3)"
on 3 vxipctl peer add vxip0 192.168.0.2 encap vxlan
on 3 vxipctl route add vxip0 10.245.2.0/24 peer 192.168.0.2 rmac "$(mac 2)"
on 3 "$IP" addr add 10.96.0.1/32 dev lo
on 1 "$IP" route add 10.96.0.0/24 dev vxip0
on 1 vxipctl peer add vxip0 192.168.0.3 encap vxlan
on 1 vxipctl route add vxip0 10.96.0.0/24 peer 192.168.0.3 rmac "$(mac 3)"

step "Waiting for the control planes: Serf's gossip, then the BGP session"
t0=$SECONDS
busywait 60000 owner_route 1 gossip 10.245.2.0/24 &&
	busywait 30000 owner_route 2 gossip 10.245.1.0/24 || { logs; die "gossip did not converge"; }
echo "gossip: n1 and n2 route each other's pods ($((SECONDS - t0)) s)"
busywait 60000 owner_route 1 evpn 10.245.3.0/24 &&
	busywait 30000 owner_route 3 evpn 10.245.1.0/24 ||
	{ cat "$(d 1)/gobgpd.log" "$(d 1)/evpn.log"; die "EVPN did not converge"; }
echo "EVPN: n1 and n3 route each other's pods ($((SECONDS - t0)) s)"
on 1 gobgp neighbor

step "Every pod pings every other"
bad=0
for i in 1 2 3; do
	for j in 1 2 3; do
		[ "$i" = "$j" ] && continue
		eval "p=\$P$i; q=\$P$j"
		printf 'p%s -> p%s (%s): ' "$i" "$j" "$(cni_addr "$q")"
		$IP netns exec "$p" ping -q -c 2 -i 0.3 -W 2 "$(cni_addr "$q")" |
			grep -o '[0-9]* received.*' || { echo "no reply"; bad=1; }
	done
done
[ "$bad" = 0 ] || die "a pod could not reach another"
printf 'p1 -> the service address on n3 (10.96.0.1), by the static route: '
$IP netns exec "$P1" ping -q -c 2 -i 0.3 -W 2 10.96.0.1 |
	grep -o '[0-9]* received.*' || die "p1 could not reach 10.96.0.1"

step "Each node's vxip table: one device, routes of every owner side by side"
for i in 1 2 3; do
	on "$i" vxipctl route show vxip0
done
for o in gossip:10.245.2.0/24 evpn:10.245.3.0/24 static:10.96.0.0/24; do
	owner_route 1 "${o%%:*}" "${o#*:}" || die "n1 has no ${o%%:*} route ${o#*:}"
done
echo "n1's table holds routes of all three owners: gossip, evpn and static"
on 1 vxipctl peer show vxip0
echo "(no FDB entries: every pod here is routed; vxipctl fdb show vxip0 on n1:)"
on 1 vxipctl fdb show vxip0
echo "The control planes' own views:"
on 1 vxip-gossip -c "$TMPDIR_TEST/n1.conf" status
on 1 vxip-evpn -c "$(d 1)/evpn.conf" status

step "On the wire from n1: IP-in-IP (protocol 4) to n2, VXLAN to n3"
$IP netns exec "$N1" tcpdump -Z root -i eth0 -nn -c 2 \
	'src host 192.168.0.1 and (ip proto 4 or udp port 4789)' 2> /dev/null &
sleep 1
$IP netns exec "$P1" ping -c 1 -W 2 10.245.2.2 > /dev/null
$IP netns exec "$P1" ping -c 1 -W 2 10.245.3.2 > /dev/null
wait $!

step "A pod goes away: CNI DEL on n3 removes its interface and frees its address"
eval "p=\$P3"
echo "n3# CNI_COMMAND=DEL CNI_NETNS=/run/netns/p3 CNI_IFNAME=eth0 /usr/lib/cni/ptp < 10-vxip-routed.conflist"
cni DEL routed "$N3" "$p" ".mtu = 1450 | .ipam.ranges[0][0].subnet = \"10.245.3.0/24\"" ||
	die "CNI DEL failed"
$IP -n "$p" link show eth0 > /dev/null 2>&1 && die "the pod still has eth0"
leases=$(find "$TMPDIR_TEST/ipam-routed-$N3" -name '10.*' | wc -l)
echo "p3 has no eth0 any more; host-local's leases on n3: $leases"
[ "$leases" = 0 ] || die "host-local kept p3's address"

step "Pictures: each node's view, drawn by vxipctl graph (Graphviz)"
out=${VXIP_OUT:-/tmp}
for i in 1 2 3; do
	vxipctl -n "$(node_ns "$i")" graph -o "$out/n$i.svg" || die "no picture of n$i"
	echo "${VXIP_DEMO_OUT:-$out}/n$i.svg"
done
if [ -f "${VXIP_HOST_SRC:-/nonexistent}/build/bench/bench.png" ]; then
	echo "and the last make bench's chart: build/bench/bench.png"
fi
for i in 1 2; do kill -TERM "$(up_pid "$i")" 2> /dev/null; done
echo
echo "demo finished in $((SECONDS - t_start)) s (guest time, boot not included)"
