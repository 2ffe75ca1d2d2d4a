#!/bin/sh
# Install every Debian package vxip needs to build, test, demo and bench.
# Idempotent and non-interactive: installs only what is missing.
set -eu

PKGS="
build-essential bc bison flex libelf-dev libssl-dev cpio kmod xz-utils rsync
pkg-config libmnl-dev libjansson-dev
libgrpc-dev protobuf-c-compiler libprotobuf-c-dev libprotobuf-dev golang-github-osrg-gobgp-dev libinih-dev libmsgpack-dev
sparse
linux-image-amd64 linux-headers-amd64 linux-source-6.1
qemu-system-x86 busybox-static
iproute2 iputils-ping ethtool procps psmisc tcpdump tshark iperf3 python3 python3-scapy
python3-yaml python3-jsonschema python3-prometheus-client
gobgpd frr serf jq
dkms gnuplot-nox man-db containernetworking-plugins graphviz
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
		missing="$missing $p"
done

if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# Stop daemons (frr, serf) from being started by package scripts.
$SUDO sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d'
trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing
