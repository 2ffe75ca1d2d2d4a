#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send VXLAN frames with many source MACs: vxlan_macs.py DST DSTMAC COUNT

COUNT frames in VNI 42 to DST port 4789, each from a different random
unicast source MAC, to DSTMAC with a local experimental EtherType (which no
protocol handler takes).  Scapy builds one frame; a UDP socket sends the
copies, fast enough for tens of thousands under TCG.  The outer source is
the sending namespace's own address.
"""
import random
import socket
import sys

# Layer by layer, not scapy.all (see vxlan_send.py).
from scapy.compat import raw  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402
from scapy.packet import Raw  # noqa: E402


def main():
    dst, dstmac, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    frame = bytearray(raw(VXLAN(flags=0x08, vni=42) /
                          Ether(src="02:00:00:00:00:01", dst=dstmac,
                                type=0x88b5) /
                          Raw(b"vxip-selftest" + bytes(32))))
    # VXLAN header (8), destination MAC (6): the source MAC is at 14.
    sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    seen = set()
    rng = random.Random(42)
    while len(seen) < count:
        mac = bytearray(rng.getrandbits(48).to_bytes(6, "big"))
        mac[0] = (mac[0] & 0xfc) | 0x02     # unicast, locally administered
        if bytes(mac) in seen:
            continue
        seen.add(bytes(mac))
        frame[14:20] = mac
        sk.sendto(frame, (dst, 4789))


if __name__ == "__main__":
    main()
