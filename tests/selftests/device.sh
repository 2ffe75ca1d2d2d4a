#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vxip net_device: creation, deletion, MAC, MTU bounds and following the
# local addresses, per-CPU stats.
source "$(dirname "$0")/lib.sh"

cleanup() { lib_cleanup; }
trap cleanup EXIT

setup_ns ns

# vxip_link VERB IFNAME ARGS...: py/vxip_link.py in the test's netns.
vxip_link() {
	$IP netns exec "$ns" "$PYTHON" "$(dirname "$0")/py/vxip_link.py" \
		"$VXIP_SRC/uapi/linux/vxip.h" "$@"
}

t_create_delete() {
	local created destroyed kind
	created=$(count_klog "vxip0: device created")
	destroyed=$(count_klog "vxip0: device destroyed")
	$IP -n "$ns" link add vxip0 type vxip
	kind=$($IP -n "$ns" -d -j link show vxip0 | jq -r '.[0].linkinfo.info_kind')
	expect_eq "kind" "$kind" vxip
	expect_eq "link type" "$($IP -n "$ns" -j link show vxip0 | jq -r '.[0].link_type')" ether
	$IP -n "$ns" link del vxip0
	! $IP -n "$ns" link show vxip0 2> /dev/null || fail "vxip0 still exists"
	busywait_out 5000 -gt "$destroyed" count_klog "vxip0: device destroyed" ||
		fail "no 'device destroyed' line after deletion"
	expect_eq "created lines" "$(count_klog "vxip0: device created")" $((created + 1))
	expect_eq "destroyed lines" "$(count_klog "vxip0: device destroyed")" $((destroyed + 1))
}

t_random_mac() {
	local a b first
	$IP -n "$ns" link add vxa type vxip
	$IP -n "$ns" link add vxb type vxip
	a=$($IP -n "$ns" -j link show vxa | jq -r '.[0].address')
	b=$($IP -n "$ns" -j link show vxb | jq -r '.[0].address')
	$IP -n "$ns" link del vxa
	$IP -n "$ns" link del vxb
	[ "$a" != "$b" ] || fail "two devices got the same MAC $a"
	first=$((16#${a%%:*}))
	# Locally administered (0x02) and unicast (0x01 clear).
	expect_eq "MAC $a bits" $((first & 3)) 2
}

# mtu_of DEV: DEV's MTU in the test's netns.
mtu_of() {
	$IP -n "$ns" -o link show dev "$1" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p'
}

t_mtu_bounds() {
	$IP -n "$ns" link add vxm type vxip
	expect_eq "default mtu" "$(mtu_of vxm)" 1450
	expect_eq "min_mtu" "$($IP -n "$ns" -d -j link show vxm | jq -r '.[0].min_mtu')" 68
	expect_eq "max_mtu" "$($IP -n "$ns" -d -j link show vxm | jq -r '.[0].max_mtu')" 65485
	$IP -n "$ns" link set vxm mtu 68
	$IP -n "$ns" link set vxm mtu 65485
	! $IP -n "$ns" link set vxm mtu 67 2> /dev/null || fail "mtu 67 accepted"
	! $IP -n "$ns" link set vxm mtu 65486 2> /dev/null || fail "mtu 65486 accepted"
	expect_eq "mtu after rejects" "$(mtu_of vxm)" 65485
	$IP -n "$ns" link del vxm
}

# Setting a local address makes the MTU that of the interface holding it,
# less the outer headers of its family (50 bytes over IPv4, 70 over IPv6),
# the smaller of the two when both are set; an MTU set by hand stays.
t_mtu_follows_local() {
	$IP -n "$ns" -b - <<-EOF
		link add du4 mtu 9000 type dummy
		link add du6 mtu 4000 type dummy
		link set du4 up
		link set du6 up
		addr add 192.168.77.1/24 dev du4
		addr add fd77::1/64 dev du6 nodad
		link add vxf type vxip
		link add vxh mtu 1400 type vxip
	EOF
	$VXIPCTL -n "$ns" dev set vxf local fd77::1
	expect_eq "mtu, local6 on a 4000 link" "$(mtu_of vxf)" 3930
	$VXIPCTL -n "$ns" dev set vxf local 192.168.77.1
	expect_eq "mtu, local6 and local4 on a 9000 link" "$(mtu_of vxf)" 3930
	$VXIPCTL -n "$ns" dev set vxf local ::
	expect_eq "mtu, local4 alone" "$(mtu_of vxf)" 8950
	$IP -n "$ns" link set vxf mtu 1300
	$VXIPCTL -n "$ns" dev set vxf local fd77::1
	expect_eq "mtu set by hand, then local6" "$(mtu_of vxf)" 1300
	$VXIPCTL -n "$ns" dev set vxh local fd77::1
	expect_eq "mtu given at creation, then local6" "$(mtu_of vxh)" 1400
	$IP -n "$ns" -b - <<-EOF
		link del vxf
		link del vxh
		link del du4
		link del du6
	EOF
}

# Nothing is programmed yet, so every frame is dropped and counted.
t_tx_drops_counted() {
	local before after
	$IP -n "$ns" link add vxs type vxip
	$IP netns exec "$ns" sysctl -qw net.ipv6.conf.vxs.disable_ipv6=1
	$IP -n "$ns" addr add 10.9.0.1/24 dev vxs
	$IP -n "$ns" link set vxs up
	before=$(dev_stat "$ns" vxs tx.dropped)
	# Broadcast pings need no ARP: exactly one frame each.
	$IP netns exec "$ns" ping -q -b -c 5 -i 0.2 -W 1 10.9.0.255 > /dev/null 2>&1 || true
	after=$(dev_stat "$ns" vxs tx.dropped)
	expect_eq "tx dropped" $((after - before)) 5
	expect_eq "tx packets" "$(dev_stat "$ns" vxs tx.packets)" 0
	$IP -n "$ns" link del vxs
}

t_reject_multicast_mac() {
	local err
	err=$($IP -n "$ns" link add vxbad address 01:00:5e:00:00:01 type vxip 2>&1) &&
		fail "multicast MAC accepted"
	echo "$err" | grep -q "Provided Ethernet address is not unicast" ||
		fail "unexpected error: $err"
}

# The MAC given at creation is kept, and changed by "ip link set ...
# address" (up: IFF_LIVE_ADDR_CHANGE) and by DEV_SET's MAC attribute.
t_stable_mac() {
	local out
	$IP -n "$ns" link add vxmac address 02:11:22:33:44:55 type vxip
	$IP -n "$ns" link set vxmac up
	expect_eq "MAC from ip link add" "$(link_mac "$ns" vxmac)" 02:11:22:33:44:55
	$IP -n "$ns" link set vxmac address 02:11:22:33:44:66
	expect_eq "MAC from ip link set, up" "$(link_mac "$ns" vxmac)" 02:11:22:33:44:66
	out=$(vxip_link dev-mac vxmac 02:11:22:33:44:77)
	expect_eq "DEV_SET MAC" "$out" ok
	expect_eq "MAC from DEV_SET" "$(link_mac "$ns" vxmac)" 02:11:22:33:44:77
	expect_eq "DEV_GET MAC" "$(vxip_link dev-get vxmac | jq -r .mac)" 02:11:22:33:44:77
	out=$(vxip_link dev-mac vxmac 01:00:5e:00:00:01) && fail "multicast MAC accepted"
	expect_eq "multicast MAC refused" "$out" \
		"error EADDRNOTAVAIL: MAC must be unicast and not all zeroes"
	expect_eq "MAC after the refusal" "$(link_mac "$ns" vxmac)" 02:11:22:33:44:77
	# The same through vxipctl, which shows it too.
	$VXIPCTL -n "$ns" dev set vxmac mac 02:11:22:33:44:88
	expect_eq "MAC from vxipctl dev set" "$(link_mac "$ns" vxmac)" 02:11:22:33:44:88
	expect_eq "MAC in vxipctl dev show" \
		"$($VXIPCTL -n "$ns" -j dev show vxmac | jq -r '.[0].mac')" 02:11:22:33:44:88
	$IP -n "$ns" link del vxmac
}

# Every IFLA_INFO_DATA setting at creation, as rtnetlink and DEV_GET
# report it, then a change through changelink.
t_link_info_data() {
	local want got
	vxip_link add vxl vni=42 local4=10.9.9.1 port=4790 srcport_min=1000 \
		srcport_max=2000 ttl=9 ttl_inherit=1 tos=16 tos_inherit=1 df=2 \
		udp_csum=0 learning=1 ageing=60 max_fdb=100 strict=0 max_routes=50 \
		udp6_zero_csum_tx=1 > /dev/null
	want='{"ageing": 60, "df": 2, "learning": 1, "local4": "10.9.9.1", "max_fdb": 100, "max_routes": 50, "port": 4790, "srcport_max": 2000, "srcport_min": 1000, "strict": 0, "tos": 16, "tos_inherit": 1, "ttl": 9, "ttl_inherit": 1, "udp6_zero_csum_rx": 0, "udp6_zero_csum_tx": 1, "udp_csum": 0, "vni": 42}'
	expect_eq "IFLA_INFO_DATA" "$(vxip_link show vxl)" "$want"
	got=$(vxip_link dev-get vxl | jq -c 'del(.n_peers, .n_fdb, .n_flood, .n_routes, .mac)')
	expect_eq "DEV_GET" "$got" "$(echo "$want" | jq -c .)"

	vxip_link set vxl ttl=20 srcport_min=1500 learning=0 > /dev/null
	got=$(vxip_link show vxl | jq -c '[.ttl, .srcport_min, .srcport_max, .learning, .vni]')
	expect_eq "after changelink" "$got" "[20,1500,2000,0,42]"
	# Checked against the device's configuration, not the defaults.
	got=$(vxip_link set vxl srcport_min=3000) && fail "srcport 3000-2000 accepted"
	expect_eq "changelink refusal" "$got" \
		"error EINVAL: Source port range must be MIN <= MAX, both non-zero, or 0-0 for automatic"
	expect_eq "unchanged after refusal" "$(vxip_link show vxl | jq .srcport_min)" 1500
	$IP -n "$ns" link del vxl
}

# link_refused NAME WANT ATTR...: creating NAME with ATTRs fails with the extack
# WANT, and leaves no device behind.
link_refused() {
	local name=$1 want=$2 got
	shift 2
	got=$(vxip_link add "$name" "$@") && fail "$* accepted"
	expect_eq "$*" "$got" "$want"
	! $IP -n "$ns" link show "$name" > /dev/null 2>&1 || fail "$name was left behind"
}

t_link_info_data_refused() {
	local d
	link_refused vxr "error EINVAL: Unknown attribute type" @99=00000000
	link_refused vxr "error EINVAL: invalid attribute length" @1=0100000000000000
	link_refused vxr "error ERANGE: integer out of range" port=0
	link_refused vxr "error ERANGE: VNI must be 0-16777215, or 0xffffffff for none" vni=16777216
	link_refused vxr "error EINVAL: Source port range must be MIN <= MAX, both non-zero, or 0-0 for automatic" \
		srcport_min=2000 srcport_max=1000
	link_refused vxr "error EINVAL: Local address must be a unicast address, or 0.0.0.0 for automatic" \
		local4=224.0.0.1
	expect_eq "none of them registered" "$(count_klog "vxr: device created")" 0
	# Binding the VNI fails after registration: the device goes again.
	vxip_link add vxr1 vni=7 > /dev/null
	d=$(count_klog "vxr2: device destroyed")
	link_refused vxr2 "error EEXIST: Another vxip device in this netns already uses this VNI on this UDP port" vni=7
	busywait_out 5000 -gt "$d" count_klog "vxr2: device destroyed" ||
		fail "no 'vxr2: device destroyed' line"
	$IP -n "$ns" link del vxr1
}

ktap_print_header
ktap_set_plan 9
run_test "device: create and delete" t_create_delete
run_test "device: random unicast MAC per device" t_random_mac
run_test "device: MTU default and bounds" t_mtu_bounds
run_test "device: MTU follows the local addresses' interfaces" t_mtu_follows_local
run_test "device: tx drops counted in per-CPU stats" t_tx_drops_counted
run_test "device: multicast MAC rejected with extack" t_reject_multicast_mac
run_test "device: MAC kept from creation, changed by ip link and DEV_SET" t_stable_mac
run_test "device: IFLA_INFO_DATA at creation and changelink" t_link_info_data
run_test "device: IFLA_INFO_DATA refused strictly, with extack" t_link_info_data_refused
ktap_finished
