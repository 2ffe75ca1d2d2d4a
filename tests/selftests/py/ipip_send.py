#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send crafted IP-in-IP packets with scapy: ipip_send.py DST KIND COUNT ...

DST is the outer destination: IPv4, or IPv6 for IP-in-IPv6 (RFC 2473).

KIND is one of:
  good SRC      IPv4 in IPv4 from inner source SRC: an ICMP echo reply to
                10.244.1.2, which draws no answer that could come back
  v6            protocol 4 carrying an IPv6 header (version mismatch)
  ihl           inner IHL of 3
  len           inner total length beyond the packet
  runt          an inner header cut short of its IHL
  trunc         10 bytes: dropped by the kernel's tunnel4 (tunnel6) layer
                before vxip
The outer source is the sending namespace's own.
"""
import sys

# Layer by layer, not scapy.all (see vxlan_send.py).
from scapy.compat import raw  # noqa: E402
from scapy.config import conf  # noqa: E402
from scapy.layers.inet import ICMP, IP  # noqa: E402
from scapy.layers.inet6 import IPv6  # noqa: E402
from scapy.packet import Raw  # noqa: E402
from scapy.sendrecv import send  # noqa: E402

conf.verb = 0


def inner_v4(src):
    return IP(src=src, dst="10.244.1.2") / ICMP(type=0, id=77) / Raw(b"vxip-selftest")


def packet(dst, kind, arg):
    outer = IPv6(dst=dst, nh=4) if ":" in dst else IP(dst=dst, proto=4)
    if kind == "good":
        return outer / inner_v4(arg)
    if kind == "v6":
        return outer / IPv6(src="fd00::9", dst="fd00::1")
    if kind == "ihl":
        bad = bytearray(raw(inner_v4("10.244.2.2")))
        bad[0] = 0x43
        return outer / Raw(bytes(bad))
    if kind == "len":
        bad = bytearray(raw(inner_v4("10.244.2.2")))
        bad[2:4] = (1400).to_bytes(2, "big")
        return outer / Raw(bytes(bad))
    if kind == "runt":
        bad = bytearray(raw(inner_v4("10.244.2.2"))[:24])
        bad[0] = 0x4f
        return outer / Raw(bytes(bad))
    if kind == "trunc":
        return outer / Raw(raw(inner_v4("10.244.2.2"))[:10])
    raise SystemExit("unknown kind " + kind)


def main():
    dst, rest = sys.argv[1], sys.argv[2:]
    pkts = []
    i = 0
    while i < len(rest):
        kind = rest[i]
        arg = None
        if kind == "good":
            arg = rest[i + 1]
            i += 1
        count = int(rest[i + 1])
        i += 2
        pkts += [packet(dst, kind, arg) for _ in range(count)]
    # One socket for them all: scapy opens one per send() call.
    send(pkts)


if __name__ == "__main__":
    main()
