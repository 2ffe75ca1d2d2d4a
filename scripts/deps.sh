#!/bin/sh
# Install every Debian package vxip needs to build, test, demo and bench.
# Idempotent and non-interactive: installs only what is missing.
#   scripts/deps.sh          everything
#   scripts/deps.sh kernel   only what the debug kernel's build needs, so
#                            that make check can start that build (CPU)
#                            while the rest downloads (network, disk)
set -eu

KERNEL_PKGS="build-essential bc bison flex libelf-dev libssl-dev cpio kmod xz-utils rsync linux-source-6.1"
PKGS="
$KERNEL_PKGS
pkg-config libmnl-dev libjansson-dev
libgrpc-dev protobuf-c-compiler libprotobuf-c-dev libprotobuf-dev golang-github-osrg-gobgp-dev libinih-dev libmsgpack-dev
sparse
linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static
iproute2 iputils-ping ethtool procps psmisc tcpdump tshark iperf3 python3 python3-scapy
python3-yaml python3-jsonschema python3-prometheus-client
gobgpd frr serf jq
dkms gnuplot-nox man-db containernetworking-plugins graphviz
"

case "${1:-all}" in
kernel) PKGS=$KERNEL_PKGS ;;
all) ;;
*) echo "usage: $0 [kernel]" >&2; exit 2 ;;
esac

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
# Package lists this script fetched in the last hour (make check's
# "deps.sh kernel" just before) are fresh enough.
stamp=/run/vxip-deps-apt-update
if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
	$SUDO apt-get update -qq
	$SUDO touch "$stamp"
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing
