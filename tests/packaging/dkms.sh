#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packaging in the stock guest: make dkms-install builds and installs vxip
# through DKMS (on the host, with dkms-host.sh, or here), modprobe loads
# that copy, modinfo shows its metadata, make install puts vxipctl, the
# bridges, their man pages, the bash completion, the systemd units and
# ip's link_vxip.so in place, and vxip@.service's commands run a device
# from its file.  The guest's root is the host's, read-only: /lib/modules, /usr/src and /usr/local get a
# writable overlay, so nothing reaches the host.
source "$VXIP_SRC/tests/selftests/lib.sh"
require_cmd dkms modinfo

# $VXIP_OUT/dkms: what tests/packaging/dkms-host.sh left there, before the
# guest started, when make dkms-install ran on the host for this kernel:
#   tests/packaging/dkms-host.sh DIR/dkms
#   tests/qemu/vm-run --out DIR tests/packaging/dkms.sh
# Without it, the guest runs make dkms-install itself (ten minutes under
# TCG).  The same for make install: dkms-host.sh's second set of layers
# ($VXIP_OUT/dkms/inst/up), stacked over the first, or make install here.
LAYERS=""
[ ! -d "${VXIP_OUT:-}/dkms/up" ] || LAYERS=$VXIP_OUT/dkms/up

overlay() {	# overlay DIR: a tmpfs upper layer over DIR (and the host's DKMS layer)
	local d=/tmp/overlay$1 lower=$1
	mkdir -p "$d/up" "$d/work"
	[ -z "$LAYERS" ] || [ ! -d "$LAYERS$1" ] || lower=$LAYERS$1:$1
	mount -t overlay overlay -o "lowerdir=$lower,upperdir=$d/up,workdir=$d/work" "$1"
}

setup() {
	modprobe overlay 2> /dev/null
	# (and where ip looks for link plugins: make install puts one there)
	overlay /lib/modules && overlay /usr/src && overlay /usr/local &&
		overlay "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)" || return 1
	# /var is the guest's own tmpfs: DKMS's state is empty here, or the
	# host's.
	mkdir -p /var/lib/dkms && overlay /var/lib/dkms || return 1
	# The repository is read-only here: work on it through a tmpfs layer,
	# mounted at the host's path, where the host built its module for
	# this kernel; make install then has nothing to compile (Kbuild
	# rebuilds a tree that moved, ten minutes under TCG).  DKMS builds
	# from the sources anyway.  Else a copy, compiled again.
	SRC=${VXIP_HOST_SRC:-/tmp/vxip}
	mkdir -p /tmp/overlay-src/up /tmp/overlay-src/work
	if ! { mkdir -p "$SRC" && mount -t overlay overlay -o \
		"lowerdir=$VXIP_SRC,upperdir=/tmp/overlay-src/up,workdir=/tmp/overlay-src/work" "$SRC"; }; then
		SRC=/tmp/vxip
		cp -r "$VXIP_SRC" "$SRC" && rm -rf "$SRC/build"
	fi
	KVER=$(uname -r)
}

t_dkms_install() {
	local t0
	if [ -n "$LAYERS" ]; then
		[ -f "$LAYERS/../done" ] || fail "dkms-host.sh did not finish: $(tail -n 5 "$LAYERS/../dkms.log")"
		read -r kver secs < "$LAYERS/../done"
		expect_eq "kernel DKMS built for on the host" "$kver" "$KVER"
		info "make dkms-install on the host (private mount namespace) took ${secs}s"
	else
		t0=$(date +%s)
		make -s -C "$SRC" dkms-install KVER="$KVER" > "$TMPDIR_TEST/dkms.log" 2>&1 ||
			{ tail -n 30 "$TMPDIR_TEST/dkms.log"; fail "make dkms-install failed"; }
		info "dkms add, build and install took $(( $(date +%s) - t0 ))s under TCG"
	fi
	dkms status vxip | grep -q "$KVER, x86_64: installed" || fail "dkms status: $(dkms status vxip)"
	[ -f "/lib/modules/$KVER/updates/dkms/vxip.ko" ] ||
		[ -f "/lib/modules/$KVER/updates/dkms/vxip.ko.xz" ] ||
		fail "no vxip.ko in updates/dkms: $(ls -R /lib/modules/$KVER/updates 2>&1)"
}

t_modprobe_dkms_copy() {
	rmmod vxip 2> /dev/null || true
	modprobe vxip
	grep -q '^vxip ' /proc/modules || fail "modprobe vxip did not load it"
	expect_eq "loaded from" "$(modinfo -F filename vxip | grep -c updates/dkms)" 1
	# The rtnl alias autoloads it for ip link add.
	rmmod vxip
	$IP link add vxdkms type vxip || fail "ip link add did not autoload vxip"
	$IP link del vxdkms
}

t_modinfo() {
	local ver
	ver=$(git -C "$VXIP_SRC" describe --always --dirty 2>/dev/null | tr - .)
	expect_eq "version" "$(modinfo -F version vxip)" "$ver"
	expect_eq "license" "$(modinfo -F license vxip)" GPL
	modinfo -F description vxip | grep -q "VXLAN and IP-in-IP" || fail "no description"
	modinfo -F alias vxip | grep -qx "rtnl-link-vxip" || fail "no rtnl alias"
	modinfo -F alias vxip | grep -qx "net-pf-16-proto-16-family-vxip" || fail "no genl alias"
	expect_eq "parameters" "$(modinfo -F parm vxip)" ""
}

t_make_install() {
	local inst=${LAYERS:+$LAYERS/../inst} d kver secs
	if [ -n "$inst" ]; then
		[ -f "$inst/done" ] || fail "dkms-host.sh's make install did not finish: $(tail -n 5 "$inst/../install.log")"
		read -r kver secs < "$inst/done"
		expect_eq "kernel make install ran for on the host" "$kver" "$KVER"
		info "make install on the host (private mount namespace) took ${secs}s"
		# Over what the DKMS tests saw, as on the host.
		for d in /lib/modules /usr/local "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)"; do
			mkdir -p "/tmp/inst$d/up" "/tmp/inst$d/work"
			mount -t overlay overlay -o \
				"lowerdir=$inst/up$d:$d,upperdir=/tmp/inst$d/up,workdir=/tmp/inst$d/work" "$d" ||
				fail "cannot stack the make install layer over $d"
		done
	else
		make -s -C "$SRC" install KVER="$KVER" > "$TMPDIR_TEST/install.log" 2>&1 ||
			{ tail -n 20 "$TMPDIR_TEST/install.log"; fail "make install failed"; }
	fi
	[ -x /usr/local/sbin/vxipctl ] || fail "no /usr/local/sbin/vxipctl"
	[ -f /usr/local/share/man/man8/vxipctl.8 ] || fail "no man page"
	[ -f "/lib/modules/$KVER/updates/module/vxip.ko" ] || fail "no module in updates/"
	/usr/local/sbin/vxipctl help > /dev/null || fail "installed vxipctl does not run"
	for f in vxip-evpn vxip-gossip; do
		[ -x "/usr/local/sbin/$f" ] || fail "no /usr/local/sbin/$f"
		[ -f "/usr/local/share/man/man8/$f.8" ] || fail "no $f man page"
	done
	bash -c 'source /usr/local/share/bash-completion/completions/vxipctl && complete -p vxipctl' \
		> /dev/null 2>&1 || fail "no bash completion for vxipctl installed"
	# ip finds the installed plugin by itself (no IP_LIB_DIR).
	$IP link help vxip 2>&1 | grep -q "vni" || fail "ip does not load the installed link_vxip.so"
	make -s -C "$SRC" dkms-uninstall > /dev/null 2>&1 || fail "dkms-uninstall failed"
}

# unit_run KEY...: vxip@vxip7's KEY= lines, in order, in $UNITNS, as
# systemd runs them: %i is the instance, a leading "-" lets one fail.  The
# config is read from $TMPDIR_TEST, not /etc/vxip (the host's /etc).
unit_run() {
	local key cmd ign
	for key in "$@"; do
		while IFS= read -r cmd; do
			ign=
			[ "${cmd#-}" = "$cmd" ] || { ign=1; cmd=${cmd#-}; }
			cmd=${cmd//%i/vxip7}
			cmd=${cmd//\/etc\/vxip\//$TMPDIR_TEST/}
			# shellcheck disable=SC2086
			$IP netns exec "$UNITNS" $cmd || [ -n "$ign" ] || fail "$key=$cmd failed"
		done < <(sed -n "s/^$key=//p" /usr/local/lib/systemd/system/vxip@.service)
	done
}

# The systemd units make install put in place: systemd-analyze verify has
# nothing to say about them, and vxip@.service's commands create the
# device from its file, reload an edited file, and delete it on stop.
t_units() {
	local u out conf=$TMPDIR_TEST/vxip7.conf
	for u in vxip@vxip7.service vxip-evpn.service vxip-gossip.service; do
		[ -f "/usr/local/lib/systemd/system/${u/@vxip7/@}" ] || fail "no unit ${u/@vxip7/@}"
		out=$(systemd-analyze verify "/usr/local/lib/systemd/system/$u" 2>&1) ||
			fail "systemd-analyze verify $u: $out"
		[ -z "$out" ] || fail "systemd-analyze verify $u: $out"
	done
	setup_ns UNITNS
	printf '%s\n' "peer add vxip7 192.168.0.2 encap ipip" \
		"route add vxip7 10.9.0.0/16 peer 192.168.0.2" > "$conf"
	unit_run ExecStartPre ExecStart
	$IP -n "$UNITNS" -j link show vxip7 | json_true '.[0].flags | index("UP")' ||
		fail "vxip7 is not up after start"
	expect_eq "vxip7 after start" "$(/usr/local/sbin/vxipctl -n "$UNITNS" show -c vxip7 | sed 1d)" \
		"$(cat "$conf")"
	printf '%s\n' "peer add vxip7 192.168.0.3 encap ipip" \
		"route add vxip7 10.9.0.0/16 peer 192.168.0.3" > "$conf"
	unit_run ExecReload
	expect_eq "vxip7 after reload" "$(/usr/local/sbin/vxipctl -n "$UNITNS" show -c vxip7 | sed 1d)" \
		"$(cat "$conf")"
	unit_run ExecStop
	! $IP -n "$UNITNS" link show vxip7 > /dev/null 2>&1 || fail "vxip7 is still there after stop"
}

ktap_print_header
setup_or_bail
ktap_set_plan 5
run_test "packaging: make dkms-install builds and installs through DKMS" t_dkms_install
run_test "packaging: modprobe loads the DKMS copy; ip link autoloads it" t_modprobe_dkms_copy
run_test "packaging: modinfo shows version, license, aliases" t_modinfo
run_test "packaging: make install puts module, tools, man pages, completion and ip's plugin in place" t_make_install
run_test "packaging: the systemd units verify; vxip@.service starts, reloads and stops a device" t_units
ktap_finished
