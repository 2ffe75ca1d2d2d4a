#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Learning under a flood of source MACs: the default cap on learned
# entries, and the counter of refusals.
#
#   n1 [vxip0, VNI 42] 192.168.0.1 -- lan -- 192.168.0.2 [vxip0] n2
#
# n2 is n1's peer: it, or anyone spoofing its address, sends frames from
# ever new source MACs.
source "$(dirname "$0")/lib.sh"
require_cmd jq ethtool
require_scapy

# The default cap (VXIP_FDB_LEARN_MAX in module/fdb.c, Documentation/vxip.rst).
LEARN_MAX=16384

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup() {
	topo_lan && topo_node 1 && topo_node 2 || return 1
	topo_vxip 1 42 && topo_vxip 2 42 || return 1
	vxip_peers 1 2 && vxip_peers 2 1
}

n_learned() {
	$VXIPCTL -n "$N1" -j dev show vxip0 | jq -r '.[0]["n-fdb"]'
}

# mac_flood COUNT: COUNT frames from n2, each from a new source MAC, to
# n1's vxip0 MAC (so n1's bridge delivers them to itself, and drops them).
mac_flood() {
	local mac
	mac=$($IP -n "$N1" -j link show vxip0 | jq -r '.[0].address')
	$IP netns exec "$N2" "$PYTHON" "$(dirname "$0")/py/vxlan_macs.py" \
		192.168.0.1 "$mac" "$1"
}

# max-fdb 0 (the default): learning stops at the cap, and says so.
t_learning_cap() {
	local full rx
	expect_eq "max-fdb" "$($VXIPCTL -n "$N1" -j dev show vxip0 | jq -r '.[0]["max-fdb"]')" 0
	$VXIPCTL -n "$N1" dev set vxip0 learning on ageing 3600
	full=$(vxip_stat "$N1" fdb_learn_full)
	rx=$(dev_stat "$N1" vxip0 rx.packets)
	mac_flood $((LEARN_MAX + 1000))
	sleep 1
	info "frames received: $(( $(dev_stat "$N1" vxip0 rx.packets) - rx ))"
	[ $(( $(dev_stat "$N1" vxip0 rx.packets) - rx )) -ge $((LEARN_MAX + 1)) ] ||
		fail "fewer frames than the cap arrived: nothing tested"
	expect_eq "entries learned" "$(n_learned)" "$LEARN_MAX"
	[ $(( $(vxip_stat "$N1" fdb_learn_full) - full )) -gt 0 ] ||
		fail "fdb_learn_full did not move"
	info "refusals counted: $(( $(vxip_stat "$N1" fdb_learn_full) - full ))"
}

# A max-fdb set by hand is the cap, above the default as below.
t_learning_max_fdb() {
	local full
	$VXIPCTL -n "$N1" flush vxip0 fdb owner learned
	$VXIPCTL -n "$N1" dev set vxip0 learning on max-fdb 100
	full=$(vxip_stat "$N1" fdb_learn_full)
	mac_flood 300
	sleep 1
	expect_eq "entries learned" "$(n_learned)" 100
	[ $(( $(vxip_stat "$N1" fdb_learn_full) - full )) -gt 0 ] ||
		fail "fdb_learn_full did not move"
	$VXIPCTL -n "$N1" dev set vxip0 learning off max-fdb 0
	$VXIPCTL -n "$N1" flush vxip0 fdb owner learned
}

ktap_print_header
setup_or_bail
ktap_set_plan 2
run_test "learning: capped by default, refusals counted" t_learning_cap
run_test "learning: max-fdb caps it when set" t_learning_max_fdb
ktap_finished
