#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send crafted VXLAN packets with scapy: vxlan_send.py DST KIND COUNT ...

KIND is one of:
  good      a valid VXLAN frame (VNI 42) carrying an IPv4 packet
  noflag    the I flag missing
  reserved  a reserved bit set
  trunc     UDP payload shorter than the VXLAN header
  vni43     a VNI no device has
  runt      a valid header followed by a 10-byte inner frame
The source address is the sending namespace's own.
"""
import sys

# Layer by layer, not scapy.all: its import is most of this script's
# time under TCG (1.4 s against 0.6 s on the host).
from scapy.config import conf  # noqa: E402
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402
from scapy.packet import Raw  # noqa: E402
from scapy.sendrecv import send  # noqa: E402

conf.verb = 0
INNER = (Ether(src="02:00:00:00:99:01", dst="ff:ff:ff:ff:ff:ff") /
         IP(src="10.244.0.99", dst="10.244.0.255") / UDP(sport=9, dport=9) /
         Raw(b"vxip-selftest"))


def packet(dst, kind, sport):
    outer = IP(dst=dst) / UDP(sport=sport, dport=4789)
    if kind == "good":
        return outer / VXLAN(flags=0x08, vni=42) / INNER
    if kind == "noflag":
        return outer / VXLAN(flags=0x00, vni=42) / INNER
    if kind == "reserved":
        return outer / VXLAN(flags=0x08, vni=42, reserved2=1) / INNER
    if kind == "trunc":
        return outer / Raw(b"\x08\x00\x00")
    if kind == "vni43":
        return outer / VXLAN(flags=0x08, vni=43) / INNER
    if kind == "runt":
        return outer / VXLAN(flags=0x08, vni=42) / Raw(b"\x02" * 10)
    raise SystemExit("unknown kind " + kind)


def main():
    dst, rest = sys.argv[1], sys.argv[2:]
    sport = 40000
    for kind, count in zip(rest[::2], rest[1::2]):
        for _ in range(int(count)):
            sport += 1
            send(packet(dst, kind, sport))


if __name__ == "__main__":
    main()
