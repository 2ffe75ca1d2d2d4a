#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo EVPN=1, inside the guest: a BGP EVPN fabric of two vxip nodes
# (gobgpd + vxip-evpn) and one FRR VTEP (Linux vxlan), iBGP l2vpn-evpn
# (tests/selftests/topo/evpn.sh).  Nothing is programmed by hand: the
# pods' MACs and the VTEPs travel as type-2 and type-3 routes.
set -o pipefail
source "$(dirname "$0")/../selftests/lib.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../selftests/topo/evpn.sh"
trap 'frr_stop; lib_cleanup' EXIT
# The pods are the CNI bridge plugin's (packaging/cni/10-vxip-l2.conflist).
TOPO_CNI=1
PATH=$(dirname "$EVPN"):$PATH

ping_show() {	# ping_show FROM TO: pod FROM pings pod TO, one summary line
	local p
	eval "p=\$P$1"
	printf 'p%s -> p%s: ' "$1" "$2"
	$IP netns exec "$p" ping -q -c 2 -i 0.3 -W 2 "10.244.0.$2" | grep -o '[0-9]* received.*'
}

step "Underlay 192.168.0.0/24: n1, n2 (vxip0 in br0 with a pod, gobgpd + vxip-evpn), n3 (FRR, vxlan0 in br0 with a pod); pods by CNI"
if ! evpn_setup > "$TMPDIR_TEST/setup" 2>&1; then
	cat "$TMPDIR_TEST/setup"
	echo "demo: setup failed"
	exit 1
fi
echo "n1's /etc/vxip/evpn.conf:"
cat "$(d 1)/evpn.conf"

step "FRR 8.4 on n3: advertise-all-vni; iBGP l2vpn-evpn to n1 and n2"
frr_start > "$TMPDIR_TEST/frr-start" 2>&1 || { cat "$TMPDIR_TEST/frr-start"; exit 1; }
busywait 60000 established 1 2 && busywait 60000 established 2 2 ||
	{ echo "demo: the BGP sessions did not come up"; exit 1; }
on 1 gobgp neighbor

step "Pods ping each other: vxip <-> vxip and vxip <-> Linux vxlan under FRR"
for i in 1 2 3; do
	for j in 1 2 3; do
		[ "$i" = "$j" ] || ping_show "$i" "$j"
	done
done

step "GoBGP's EVPN RIB on n1: type-3 (VTEPs) and type-2 (MACs) of all three nodes"
busywait 20000 has_fdb 1 "$(pod_mac 3)" 192.168.0.3
on 1 gobgp global rib -a evpn

step "What vxip-evpn programmed on n1: FDB, flood list and peers, all owner evpn"
on 1 vxipctl fdb show vxip0
on 1 vxipctl flood show vxip0
on 1 vxipctl peer show vxip0
on 1 vxip-evpn -c "$(d 1)/evpn.conf" status

step "FRR's side: the vxip pods' MACs and a flood entry per vxip VTEP in vxlan0's FDB"
on 3 "$BRIDGE" fdb show dev vxlan0 | grep dst
on 3 vtysh --vty_socket "$TMPDIR_TEST/frr" -c "show evpn mac vni 100"

step "A pod goes away on n2 (CNI DEL): its type-2 route is withdrawn, n1 and FRR forget its MAC"
mac2=$(pod_mac 2)
echo "n2# CNI_COMMAND=DEL CNI_NETNS=/run/netns/p2 CNI_IFNAME=eth0 /usr/lib/cni/bridge < 10-vxip-l2.conflist"
cni DEL l2 "$N2" "$P2" || exit 1
busywait 20000 no_fdb 1 "$mac2" && echo "n1: $mac2 gone from vxip0's FDB"
busywait 20000 eval "! frr_fdb $mac2 192.168.0.2" && echo "n3: $mac2 gone from vxlan0's FDB"
echo
echo "demo finished"
