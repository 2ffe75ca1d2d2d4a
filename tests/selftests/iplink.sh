#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iproute2's vxip plugin (userspace/iplink/link_vxip.so): ip link add and
# set with vxip's settings, ip -d [-j] link show, ip's and the kernel's
# refusals.
source "$(dirname "$0")/lib.sh"

# ip loads link_vxip.so from here instead of /usr/lib/.../ip.
export IP_LIB_DIR=${IP_LIB_DIR:-$VXIP_SRC/userspace/iplink}

cleanup() { lib_cleanup; }
trap cleanup EXIT

# Each test makes its own netns ($ns): a failed one leaves nothing in the
# way of the next.

# vxipctl's view of DEV, as JSON, less what ip link does not set or show
# (table sizes, the module's version).
ctl_json() {
	$VXIPCTL -n "$ns" -j dev show "$1" |
		jq -S -c '.[0] | del(.ifindex, .ifname, .mac, ."n-peers", ."n-fdb", ."n-flood",
				   ."n-routes", ."module-version")'
}

# ip's IFLA_INFO_DATA of DEV, as JSON.
ip_json() {
	$IP -n "$ns" -d -j link show "$1" | jq -S -c '.[0].linkinfo.info_data'
}

# ip -d's text of DEV's settings: from the kind to udp6-zero-csum-rx.
ip_text() {
	$IP -n "$ns" -d link show "$1" | grep -o 'vxip vni .* udp6-zero-csum-rx o[nf]*'
}

t_plugin_built() {
	[ -f "$IP_LIB_DIR/link_vxip.so" ] ||
		fail "no $IP_LIB_DIR/link_vxip.so: make -C userspace/iplink"
	$IP link help vxip 2>&1 | grep -q 'vxip \[ vni' || fail "ip link help vxip: no usage"
}

t_add() {
	local got
	setup_ns ns
	$IP -n "$ns" link add vxip0 type vxip vni 42 local 192.168.0.1 port 4790 learning on
	got=$(ctl_json vxip0 | jq -c '[.vni, .local, .port, .learning]')
	expect_eq "vxipctl dev show" "$got" '[42,"192.168.0.1",4790,true]'
	$IP -n "$ns" link del vxip0
}

t_show_text() {
	setup_ns ns
	$IP -n "$ns" link add vxip0 type vxip vni 42 local 192.168.0.1 port 4790 learning on
	expect_eq "ip -d link show" "$(ip_text vxip0)" \
		"vxip vni 42 local 192.168.0.1 port 4790 srcport auto ttl auto tos 0x0 df unset udp-csum on learning on ageing 300 max-fdb 0 strict on max-routes 0 udp6-zero-csum-tx off udp6-zero-csum-rx off"
	# Defaults: no VNI, automatic local address.
	$IP -n "$ns" link add vxip1 type vxip
	expect_eq "ip -d link show, defaults" "$(ip_text vxip1)" \
		"vxip vni none local auto port 4789 srcport auto ttl auto tos 0x0 df unset udp-csum on learning off ageing 300 max-fdb 0 strict on max-routes 0 udp6-zero-csum-tx off udp6-zero-csum-rx off"
	$IP -n "$ns" link del vxip0
	$IP -n "$ns" link del vxip1
}

t_show_json() {
	setup_ns ns
	$IP -n "$ns" link add vxip0 type vxip vni 42 local 192.168.0.1 port 4790 learning on
	expect_eq "ip -d -j link show" "$(ip_json vxip0)" "$(ctl_json vxip0)"
	expect_eq "ip -d -j link show, values" \
		"$(ip_json vxip0 | jq -c '[.vni, .local, .port, .learning]')" '[42,"192.168.0.1",4790,true]'
	$IP -n "$ns" link add vxip1 type vxip
	expect_eq "ip -d -j link show, defaults" "$(ip_json vxip1)" "$(ctl_json vxip1)"
	expect_eq "ip -d -j link show, none" "$(ip_json vxip1 | jq -c '[.vni, .local]')" '[null,null]'
	$IP -n "$ns" link del vxip0
	$IP -n "$ns" link del vxip1
}

# Every setting, and back: ip -d's text creates the same device again.
t_every_setting() {
	local want text
	setup_ns ns
	$IP -n "$ns" link add vxa type vxip vni 0x10 local 10.9.9.1 port 4790 \
		srcport 1000 2000 ttl 9 tos 0x10 df inherit udp-csum off learning on \
		ageing 60 max-fdb 100 strict off max-routes 50 udp6-zero-csum-tx on \
		udp6-zero-csum-rx on
	want='{"ageing":60,"df":"inherit","learning":true,"local":"10.9.9.1","max-fdb":100,"max-routes":50,"port":4790,"srcport-max":2000,"srcport-min":1000,"strict":false,"tos":16,"tos-inherit":false,"ttl":9,"ttl-inherit":false,"udp-csum":false,"udp6-zero-csum-rx":true,"udp6-zero-csum-tx":true,"vni":16}'
	expect_eq "vxipctl dev show" "$(ctl_json vxa)" "$want"
	expect_eq "ip -d -j link show" "$(ip_json vxa)" "$want"
	text=$(ip_text vxa)
	expect_eq "ip -d link show" "$text" \
		"vxip vni 16 local 10.9.9.1 port 4790 srcport 1000 2000 ttl 9 tos 0x10 df inherit udp-csum off learning on ageing 60 max-fdb 100 strict off max-routes 50 udp6-zero-csum-tx on udp6-zero-csum-rx on"
	$IP -n "$ns" link del vxa
	# shellcheck disable=SC2086 # the settings are words
	$IP -n "$ns" link add vxb type ${text}
	expect_eq "created from ip -d's text" "$(ctl_json vxb)" "$want"
	$IP -n "$ns" link set vxb type vxip ttl inherit tos inherit df set srcport auto vni none local auto
	expect_eq "inherit, none, auto" \
		"$(ctl_json vxb | jq -c '[."ttl-inherit", ."tos-inherit", .df, ."srcport-min", ."srcport-max", .vni, .local]')" \
		'[true,true,"set",0,0,null,null]'
	expect_eq "ip -d link show, inherit" \
		"$(ip_text vxb | grep -o 'ttl .* df [a-z]*')" "ttl inherit tos inherit df set"
	$IP -n "$ns" link set vxb type vxip ttl auto
	expect_eq "ttl auto" "$(ctl_json vxb | jq -c '[.ttl, ."ttl-inherit"]')" '[0,false]'
	$IP -n "$ns" link del vxb
}

# ip link set ... type vxip: changelink, the rest unchanged.
t_set() {
	local before
	setup_ns ns
	$IP -n "$ns" link add vxip0 type vxip vni 42 local 192.168.0.1 port 4790 learning on
	before=$(ctl_json vxip0)
	$IP -n "$ns" link set vxip0 type vxip vni 43
	expect_eq "vni after set" "$(ctl_json vxip0 | jq .vni)" 43
	expect_eq "ip -d -j after set" "$(ip_json vxip0 | jq .vni)" 43
	expect_eq "the rest" "$(ctl_json vxip0 | jq -c 'del(.vni)')" \
		"$(echo "$before" | jq -c 'del(.vni)')"
	$IP -n "$ns" link set vxip0 type vxip learning off max-fdb 7
	expect_eq "learning, max-fdb after set" \
		"$(ctl_json vxip0 | jq -c '[.learning, ."max-fdb", .vni]')" '[false,7,43]'
	$IP -n "$ns" link del vxip0
}

# ip_refuses STATUS WANT ARGS...: "ip link add vxr type vxip ARGS" fails
# with STATUS and an error line WANT, and leaves no vxr behind.
ip_refuses() {
	local status=$1 want=$2 err rc=0
	shift 2
	err=$($IP -n "$ns" link add vxr type vxip "$@" 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "'$*' accepted"
	expect_eq "'$*': status" "$rc" "$status"
	expect_eq "'$*': error" "$err" "$want"
	! $IP -n "$ns" link show vxr > /dev/null 2>&1 || fail "'$*' left vxr behind"
}

# The plugin's own refusals: ip exits 1, as for its other arguments.
t_bad_values() {
	setup_ns ns
	ip_refuses 1 'Error: vxip: invalid vni "abc".' vni abc
	ip_refuses 1 'Error: vxip: invalid local address "10.1.2".' local 10.1.2
	ip_refuses 1 'Error: vxip: port is 0-65535, not "65536".' port 65536
	ip_refuses 1 'Error: vxip: srcport takes MIN MAX or auto.' srcport 1000
	ip_refuses 1 'Error: vxip: ttl is 1-255, auto or inherit, not "0".' ttl 0
	ip_refuses 1 'Error: vxip: tos is 0-255 or inherit, not "256".' tos 256
	ip_refuses 1 'Error: vxip: df is set, unset or inherit, not "maybe".' df maybe
	ip_refuses 1 'Error: vxip: learning is on or off, not "sometimes".' learning sometimes
	ip_refuses 1 'Error: vxip: ageing is 0-604800, not "604801".' ageing 604801
	ip_refuses 1 'Error: vxip: "strict" needs a value.' strict
	ip_refuses 1 'Error: vxip: unknown setting "bogus"; try "ip link help vxip".' bogus 1
	# A refused ip link set changes nothing.
	$IP -n "$ns" link add vxip0 type vxip vni 42
	! $IP -n "$ns" link set vxip0 type vxip vni 43 ttl x 2> /dev/null ||
		fail "ip link set with ttl x accepted"
	expect_eq "vni after a refused set" "$(ctl_json vxip0 | jq .vni)" 42
	$IP -n "$ns" link del vxip0
}

# What only the kernel checks comes back as ip's error, with its extack.
t_kernel_refusals() {
	local err
	setup_ns ns
	ip_refuses 2 'Error: integer out of range.' port 0
	ip_refuses 2 'Error: integer out of range.' ageing 0
	ip_refuses 2 'Error: VNI must be 0-16777215, or 0xffffffff for none.' vni 16777216
	ip_refuses 2 'Error: Source port range must be MIN <= MAX, both non-zero, or 0-0 for automatic.' \
		srcport 2000 1000
	ip_refuses 2 'Error: Local address must be a unicast address, or 0.0.0.0 for automatic.' \
		local 224.0.0.1
	ip_refuses 2 'Error: Local IPv6 address must be a global unicast address, or :: for automatic.' local fe80::1
	# And for changelink, which leaves the device as it was.
	$IP -n "$ns" link add vxip0 type vxip vni 42 srcport 1000 2000
	err=$($IP -n "$ns" link set vxip0 type vxip vni 43 srcport 3000 2000 2>&1) &&
		fail "srcport 3000 2000 accepted by ip link set"
	expect_eq "changelink refusal" "$err" \
		'Error: Source port range must be MIN <= MAX, both non-zero, or 0-0 for automatic.'
	expect_eq "after the refusal" "$(ctl_json vxip0 | jq -c '[.vni, ."srcport-min"]')" '[42,1000]'
	$IP -n "$ns" link del vxip0
}

ktap_print_header
ktap_set_plan 8
run_test "iplink: plugin built and loaded by ip" t_plugin_built
run_test "iplink: ip link add type vxip, as vxipctl shows it" t_add
run_test "iplink: ip -d link show" t_show_text
run_test "iplink: ip -d -j link show agrees with vxipctl -j" t_show_json
run_test "iplink: every setting, and ip -d's text fed back" t_every_setting
run_test "iplink: ip link set type vxip (changelink)" t_set
run_test "iplink: bad values refused by ip, with a message" t_bad_values
run_test "iplink: the kernel's refusals come back as ip's errors" t_kernel_refusals
ktap_finished
