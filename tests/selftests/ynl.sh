#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YNL spec against the live module: the kernel's own generic YNL client
# (tools/net/ynl/pyynl/cli.py of the 7.2 tree make compat fetches) drives
# vxip with --spec Documentation/netlink/specs/vxip.yaml.  The client
# refuses a reply or event with an attribute the spec doesn't declare, or
# of another size than its type, so each test fails if spec and module
# disagree; the policy test compares the spec's ranges with the module's
# (nlctrl GETPOLICY).  Skips only if no 7.2 tree is found ($VXIP_YNL_KSRC,
# or ~/.cache/vxip/src/linux-source-7.2* of the host user).
source "$(dirname "$0")/lib.sh"
require_cmd jq

cleanup() { lib_cleanup; }
trap cleanup EXIT

# The guest's HOME is not the host's: look in the homes of the host's users.
ynl_ksrc() {
	local d
	for d in ${VXIP_YNL_KSRC:-} ${VXIP_CACHE:+$VXIP_CACHE/src/linux-source-7.2*} \
		$(getent passwd | cut -d: -f6 | sort -u | sed 's|$|/.cache/vxip/src/linux-source-7.2*|'); do
		[ -f "$d/tools/net/ynl/pyynl/cli.py" ] && echo "$d"
	done | sort -V | tail -n 1
}
KSRC=$(ynl_ksrc)
if [ -z "$KSRC" ]; then
	ktap_print_header
	echo "1..0 # SKIP no 7.2 kernel tree with tools/net/ynl (make compat fetches it)"
	exit $KSFT_SKIP
fi
SRC=${VXIP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SPEC=$SRC/Documentation/netlink/specs/vxip.yaml
PYDIR=$(cd "$(dirname "$0")" && pwd)/py
if ! "$PYTHON" -c 'import yaml, jsonschema' 2> /dev/null; then
	ktap_print_header
	echo "1..0 # SKIP python3-yaml or python3-jsonschema not installed (make deps)"
	exit $KSFT_SKIP
fi

# ynl NS ARGS...: the kernel's cli.py in NS, JSON out; the spec is checked
# against the kernel's schema on every run.  Of a traceback, the last line
# (the exception) goes to stderr; the kernel's errors come on stdout.
ynl() {
	local ns=$1 rc=0
	shift
	$IP netns exec "$ns" "$PYTHON" "$KSRC/tools/net/ynl/pyynl/cli.py" \
		--spec "$SPEC" \
		--schema "$KSRC/Documentation/netlink/genetlink-legacy.yaml" \
		--output-json "$@" 2> "$TMPDIR_TEST/ynl.err" || rc=$?
	[ $rc -eq 0 ] || echo "cli.py ${*:1:2}: $(tail -n 1 "$TMPDIR_TEST/ynl.err")" >&2
	return $rc
}

setup_ns ns
$IP -n "$ns" link add vxip0 type vxip
$IP -n "$ns" link add vxip1 type vxip

t_dev_get_do() {
	local j
	j=$(ynl "$ns" --do dev-get --json '{"ifname": "vxip0"}') ||
		fail "dev-get do: $j"
	echo "$j"
	expect_eq "ifname" "$(echo "$j" | jq -r .ifname)" vxip0
	expect_eq "ifindex" "$(echo "$j" | jq -r .ifindex)" \
		"$($IP -n "$ns" -j link show vxip0 | jq -r '.[0].ifindex')"
	expect_eq "dev.port" "$(echo "$j" | jq -r .dev.port)" 4789
	expect_eq "dev.df" "$(echo "$j" | jq -r .dev.df)" unset
	expect_eq "dev.vni (absent: none)" "$(echo "$j" | jq -r .dev.vni)" null
	[ "$(echo "$j" | jq -r '.dev.mac | test("^([0-9a-f]{2}:){5}[0-9a-f]{2}$")')" = true ] ||
		fail "dev.mac not a MAC: $(echo "$j" | jq -c .dev.mac)"
}

t_dev_get_dump() {
	local j
	j=$(ynl "$ns" --dump dev-get) || fail "dev-get dump: $j"
	expect_eq "dumped devices" "$(echo "$j" | jq -r '[.[].ifname] | sort | join(" ")')" \
		"vxip0 vxip1"
	expect_eq "ports" "$(echo "$j" | jq -r '[.[].dev.port] | join(" ")')" "4789 4789"
}

t_dev_set() {
	local j
	ynl "$ns" --do dev-set --json \
		'{"ifname": "vxip0", "dev": {"vni": 42, "local4": "192.0.2.1", "df": "inherit", "udp6-zero-csum-rx": 1}}' ||
		fail "dev-set refused"
	j=$(ynl "$ns" --do dev-get --json '{"ifname": "vxip0"}') || fail "dev-get: $j"
	expect_eq "vni" "$(echo "$j" | jq -r .dev.vni)" 42
	expect_eq "local4" "$(echo "$j" | jq -r .dev.local4)" 192.0.2.1
	expect_eq "df" "$(echo "$j" | jq -r .dev.df)" inherit
	# vxipctl reads what the spec's client wrote.
	expect_eq "vxipctl vni" "$($VXIPCTL -n "$ns" -j dev show vxip0 | jq -r '.[0].vni')" 42
	expect_eq "vxipctl udp6-zero-csum-rx, tx" \
		"$($VXIPCTL -n "$ns" -j dev show vxip0 | jq -c '.[0] | [."udp6-zero-csum-rx", ."udp6-zero-csum-tx"]')" \
		"[true,false]"
}

t_peer_new() {
	local j
	ynl "$ns" --do peer-new --json \
		'{"ifname": "vxip0", "peer": {"addr4": "192.0.2.2", "encap": "vxlan", "owner": 3, "gen": 7}}' ||
		fail "peer-new refused"
	j=$(ynl "$ns" --do peer-get --json '{"ifname": "vxip0", "peer": {"addr4": "192.0.2.2"}}') ||
		fail "peer-get: $j"
	echo "$j"
	expect_eq "addr4" "$(echo "$j" | jq -r .peer.addr4)" 192.0.2.2
	expect_eq "encap" "$(echo "$j" | jq -r .peer.encap)" vxlan
	expect_eq "owner" "$(echo "$j" | jq -r .peer.owner)" 3
	expect_eq "gen" "$(echo "$j" | jq -r .peer.gen)" 7
	expect_eq "claims" "$(echo "$j" | jq -c '[.peer.claim[] | [.owner, .gen]]')" "[[3,7]]"
	# The dump decodes every peer with its stats nest (u64 counters).
	j=$(ynl "$ns" --dump peer-get --json '{"ifname": "vxip0"}') || fail "peer-get dump: $j"
	expect_eq "dumped peers" "$(echo "$j" | jq -r '[.[].peer.addr4] | join(" ")')" 192.0.2.2
	expect_eq "stats" "$(echo "$j" | jq -r '.[0].peer.stats."tx-packets"')" 0
	$VXIPCTL -n "$ns" peer show vxip0 192.0.2.2 > /dev/null ||
		fail "vxipctl does not see the peer"
}

t_fdb() {
	local j
	ynl "$ns" --do fdb-new --json '{"ifname": "vxip0", "fdb": {"mac": "02:00:00:00:00:0a",
		"peer4": ["192.0.2.2"], "ip4": ["10.0.0.10"], "ip6": ["2001:db8::10"],
		"flags": ["sticky"], "owner": 3, "gen": 7}}' ||
		fail "fdb-new refused"
	ynl "$ns" --do fdb-new --json '{"ifname": "vxip0", "fdb": {"mac": "02:00:00:00:00:0b",
		"peer4": ["192.0.2.2"]}}' || fail "fdb-new (static) refused"
	j=$(ynl "$ns" --dump fdb-get --json '{"ifname": "vxip0"}') || fail "fdb-get dump: $j"
	echo "$j"
	expect_eq "entries" "$(echo "$j" | jq -r '[.[].fdb.mac] | sort | join(" ")')" \
		"02:00:00:00:00:0a 02:00:00:00:00:0b"
	j=$(echo "$j" | jq -c '.[] | select(.fdb.mac == "02:00:00:00:00:0a") | .fdb')
	# multi-attr: the entry's peers, a list (EVPN aliasing, ECMP).
	expect_eq "peer4" "$(echo "$j" | jq -c .peer4)" '["192.0.2.2"]'
	expect_eq "ip4" "$(echo "$j" | jq -c .ip4)" '["10.0.0.10"]'
	expect_eq "ip6" "$(echo "$j" | jq -c .ip6)" '["2001:db8::10"]'
	expect_eq "flags has sticky" "$(echo "$j" | jq -c '.flags | index("sticky") != null')" true
	expect_eq "owner" "$(echo "$j" | jq -r .owner)" 3
	# The dump filter by owner.
	j=$(ynl "$ns" --dump fdb-get --json '{"ifname": "vxip0", "fdb": {"owner": 3}}') ||
		fail "fdb-get dump by owner: $j"
	expect_eq "owner 3's entries" "$(echo "$j" | jq -r '[.[].fdb.mac] | join(" ")')" \
		02:00:00:00:00:0a
}

t_flood() {
	local j
	ynl "$ns" --do flood-new --json \
		'{"ifname": "vxip0", "flood": {"peer4": "192.0.2.2", "owner": 3, "gen": 7}}' ||
		fail "flood-new refused"
	# A resync repeats it: refreshed, no EEXIST.
	ynl "$ns" --do flood-new --json \
		'{"ifname": "vxip0", "flood": {"peer4": "192.0.2.2", "owner": 3, "gen": 8}}' ||
		fail "flood-new again refused"
	j=$(ynl "$ns" --dump flood-get --json '{"ifname": "vxip0"}') || fail "flood-get dump: $j"
	echo "$j"
	expect_eq "memberships" "$(echo "$j" | jq -c '[.[].flood | [.peer4, .owner, .gen]]')" \
		'[["192.0.2.2",3,8]]'
}

# A subscriber to "changes" decodes the event a peer-new makes.  cli.py
# says nothing once it has joined the group, so peers are added, one a
# second, until it has printed an event (its output unbuffered).
t_subscribe_changes() {
	local out=$TMPDIR_TEST/ntf pid i=0 j
	PYTHONUNBUFFERED=1 $IP netns exec "$ns" "$PYTHON" "$KSRC/tools/net/ynl/pyynl/cli.py" \
		--spec "$SPEC" --schema "$KSRC/Documentation/netlink/genetlink-legacy.yaml" \
		--output-json --subscribe changes --sleep 90 > "$out" 2> "$out.err" &
	pid=$!
	while [ $i -lt 40 ] && kill -0 "$pid" 2> /dev/null && ! grep -q peer-new-ntf "$out"; do
		i=$((i + 1))
		ynl "$ns" --do peer-new --json \
			"{\"ifname\": \"vxip1\", \"peer\": {\"addr4\": \"192.0.2.$((100 + i))\", \"owner\": 3}}" \
			> /dev/null || { kill "$pid"; fail "peer-new refused"; }
		sleep 1
	done
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	# Of a traceback, the exception.
	[ ! -s "$out.err" ] || echo "cli.py --subscribe: $(tail -n 1 "$out.err")"
	j=$(jq -c 'select(.name == "peer-new-ntf")' "$out" | head -n 1)
	[ -n "$j" ] || fail "no peer-new-ntf event after $i peer-new in: $(cat "$out")"
	echo "$j"
	info "first event after $i peer-new"
	expect_eq "event ifname" "$(echo "$j" | jq -r .msg.ifname)" vxip1
	echo "$j" | jq -r .msg.peer.addr4 | grep -qE '^192\.0\.2\.1[0-9]{2}$' ||
		fail "event addr4: $(echo "$j" | jq -r .msg.peer.addr4)"
	expect_eq "event owner" "$(echo "$j" | jq -r .msg.peer.owner)" 3
	# Nothing the client could not decode (it prints those on stderr).
	[ ! -s "$out.err" ] || fail "cli.py complained"
}

t_policy_ranges() {
	local rc=0
	$IP netns exec "$ns" "$PYTHON" "$PYDIR/ynl_policy.py" "$KSRC/tools/net/ynl/pyynl" \
		"$SPEC" "$KSRC/Documentation/netlink/genetlink-legacy.yaml" > "$TMPDIR_TEST/pol" 2>&1 ||
		rc=$?
	cat "$TMPDIR_TEST/pol"
	info "$(grep '^# compared: ' "$TMPDIR_TEST/pol" | sed 's/^# //')"
	info "$(tail -n 1 "$TMPDIR_TEST/pol" | sed 's/^# //')"
	[ $rc -eq 0 ] || fail "spec and module policies disagree"
}

ktap_print_header
ktap_set_plan 8
diag "YNL client from $KSRC"
run_test "ynl: dev-get do" t_dev_get_do
run_test "ynl: dev-get dump" t_dev_get_dump
run_test "ynl: dev-set, read back" t_dev_set
run_test "ynl: peer-new, peer-get do and dump" t_peer_new
run_test "ynl: fdb-new, fdb-get dump (and by owner)" t_fdb
run_test "ynl: flood-new twice, flood-get dump" t_flood
run_test "ynl: --subscribe changes sees peer-new" t_subscribe_changes
run_test "ynl: policy ranges of spec and module agree" t_policy_ranges
ktap_finished
