#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# FDB scale: entries programmed through batch mode, dumped back complete
# and exact, then flushed with every object freed.  200k entries on the
# stock kernel; 20k under the debug kernel, where KASAN and lockdep make
# each request some 30 times slower (the code paths are the same).
source "$(dirname "$0")/lib.sh"
require_cmd jq

N=${VXIP_SCALE_FDB:-200000}
[ "${VXIP_KERNEL:-}" = debug ] && N=${VXIP_SCALE_FDB:-20000}
PEERS=16

cleanup() { lib_cleanup; }
trap cleanup EXIT

# The i-th entry, as "MAC PEER".
entries() {
	awk -v n="$N" -v p="$PEERS" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "02:5c:%02x:%02x:%02x:%02x 10.0.%d.1\n",
			       int(i / 16777216) % 256, int(i / 65536) % 256,
			       int(i / 256) % 256, i % 256, i % p
	}'
}

setup() {
	local i
	setup_ns NS || return 1
	$IP -n "$NS" link add vxip0 type vxip
	$VXIPCTL -n "$NS" dev set vxip0 vni 42 || return 1
	for i in $(seq 0 $((PEERS - 1))); do
		echo "peer add vxip0 10.0.$i.1"
	done > "$TMPDIR_TEST/peers"
	$VXIPCTL -n "$NS" -b "$TMPDIR_TEST/peers" || return 1
	entries > "$TMPDIR_TEST/want"
	awk '{ print "fdb add vxip0 " $1 " peer " $2 }' "$TMPDIR_TEST/want" > "$TMPDIR_TEST/fdb.batch"
	sort "$TMPDIR_TEST/want" -o "$TMPDIR_TEST/want"
	BASE_KB=$(slab_kb_shrunk)
}

t_program() {
	local t0 t1
	t0=$(date +%s%N)
	$VXIPCTL -n "$NS" -b "$TMPDIR_TEST/fdb.batch"
	t1=$(date +%s%N)
	info "programmed $N FDB entries in $(( (t1 - t0) / 1000000 )) ms"
	expect_eq "n_fdb" "$($VXIPCTL -n "$NS" -j dev show vxip0 | jq '.[0]["n-fdb"]')" "$N"
	expect_eq "live FDB objects" "$(vxip_objects fdb)" "$N"
	slab_kb > "$TMPDIR_TEST/loaded_kb"
	info "unreclaimable slab: +$(( $(slab_kb) - BASE_KB )) kB," \
		"$(( ($(slab_kb) - BASE_KB) * 1024 / N )) bytes per entry (table and IPs included)"
}

t_dump() {
	local t0 t1
	t0=$(date +%s%N)
	$VXIPCTL -n "$NS" fdb show vxip0 > "$TMPDIR_TEST/dump"
	t1=$(date +%s%N)
	info "dumped $N entries in $(( (t1 - t0) / 1000000 )) ms"
	awk '{ print $1, $5 }' "$TMPDIR_TEST/dump" | sort > "$TMPDIR_TEST/got"
	expect_eq "entries dumped" "$(wc -l < "$TMPDIR_TEST/got")" "$N"
	cmp -s "$TMPDIR_TEST/got" "$TMPDIR_TEST/want" ||
		fail "dump differs: $(diff "$TMPDIR_TEST/got" "$TMPDIR_TEST/want" | head -n 5)"
	# Filtered by peer: every 16th entry.
	expect_eq "entries of one peer" \
		"$($VXIPCTL -n "$NS" fdb show vxip0 peer 10.0.3.1 | wc -l)" $((N / PEERS))
}

# Within a quarter of the peak above the start.
__slab_returned() {	# LOADED_KB
	[ $(( $(slab_kb_shrunk) - BASE_KB )) -le $(( ($1 - BASE_KB) / 4 )) ]
}

t_flush() {
	local out now loaded
	loaded=$(cat "$TMPDIR_TEST/loaded_kb")
	out=$($VXIPCTL -n "$NS" flush vxip0 fdb)
	expect_eq "flush reply" "$out" "flushed $N fdb entries, 0 peers, 0 flood-list members, 0 routes"
	expect_eq "n_fdb" "$($VXIPCTL -n "$NS" -j dev show vxip0 | jq '.[0]["n-fdb"]')" 0
	# The entries go after a grace period, in RCU callbacks: 200k of
	# them under TCG on a busy host can take more than a few seconds.
	busywait_out 60000 = 0 vxip_objects fdb || fail "$(vxip_objects fdb) FDB objects left"
	# KASAN keeps freed objects in quarantine: only the object count and
	# kmemleak tell there.  Elsewhere most of the memory must come back,
	# once the hash table's deferred shrink has run.
	if [ "${VXIP_KERNEL:-}" != debug ]; then
		busywait 30000 __slab_returned "$loaded" ||
			fail "memory not returned: $(( $(slab_kb_shrunk) - BASE_KB )) kB" \
			     "still used of $((loaded - BASE_KB)) kB at peak"
	fi
	now=$(slab_kb_shrunk)
	info "unreclaimable slab after the flush: $((now - BASE_KB)) kB above the start," \
		"of $((loaded - BASE_KB)) kB at peak"
}

ktap_print_header
setup_or_bail
ktap_set_plan 3
run_test "scale: $N FDB entries programmed in batch mode" t_program
run_test "scale: the dump is complete and exact" t_dump
run_test "scale: flush frees every entry" t_flush
ktap_finished
