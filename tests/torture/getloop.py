#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""GETs of one object in a loop, as fast as the kernel answers.

    getloop.py --uapi HDR --ifname NAME --peer A.B.C.D --mac MAC
               --prefix A.B.C.D/LEN --seconds S

PEER_GET, FDB_GET and ROUTE_GET by device name, round robin, for S
seconds, while another process creates and deletes the device.  GETs need
no privilege, so this runs as an unprivileged user.  Every request must be
answered, with the object or one of the errors a device that comes and
goes explains (ENODEV, ENOENT); anything else, or no answer, fails.
Prints a summary line "# getloop: ..." and exits 1 on a failure.
"""
import argparse
import collections
import errno
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlfuzz import Genl, NLM_F_ACK, NLM_F_REQUEST, NLA_F_NESTED, nla, parse_enums  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uapi", required=True)
    ap.add_argument("--ifname", required=True)
    ap.add_argument("--peer", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--seconds", type=float, required=True)
    a = ap.parse_args()

    enums = parse_enums(a.uapi)
    val = {m: v for e in enums.values() for m, v in e}
    g = Genl()
    fid, _ = g.family("vxip")

    dev = nla(val["VXIP_A_IFNAME"], a.ifname.encode() + b"\0")
    peer = nla(val["VXIP_A_PEER"] | NLA_F_NESTED,
               nla(val["VXIP_PEER_A_ADDR4"], socket.inet_aton(a.peer)))
    mac = bytes(int(x, 16) for x in a.mac.split(":"))
    fdb = nla(val["VXIP_A_FDB"] | NLA_F_NESTED, nla(val["VXIP_FDB_A_MAC"], mac))
    dst, plen = a.prefix.split("/")
    route = nla(val["VXIP_A_ROUTE"] | NLA_F_NESTED,
                nla(val["VXIP_ROUTE_A_DST4"], socket.inet_aton(dst)) +
                nla(val["VXIP_ROUTE_A_PLEN"], struct.pack("I", int(plen))))
    reqs = [("peer", val["VXIP_CMD_PEER_GET"], dev + peer),
            ("fdb", val["VXIP_CMD_FDB_GET"], dev + fdb),
            ("route", val["VXIP_CMD_ROUTE_GET"], dev + route)]

    seen = collections.Counter()
    bad = 0
    end = time.monotonic() + a.seconds
    i = 0
    while time.monotonic() < end:
        name, cmd, payload = reqs[i % len(reqs)]
        i += 1
        seq = g.send(fid, cmd, NLM_F_REQUEST | NLM_F_ACK, payload)
        try:
            err, msg, msgs = g.answer(seq)
        except socket.timeout:
            print("# getloop: %s GET %d got no answer" % (name, seq))
            return 1
        if err == 0 and msgs:
            seen[name + " found"] += 1
        elif -err in (errno.ENODEV, errno.ENOENT):
            seen[errno.errorcode[-err]] += 1
        else:
            bad += 1
            print("# getloop: %s GET answered %d (%s)" % (name, err, msg))
    print("# getloop: %d GETs in %.0f s: %s; %d unexpected" %
          (i, a.seconds, ", ".join("%s %d" % kv for kv in sorted(seen.items())), bad))
    return 1 if bad or not any(k.endswith("found") for k in seen) else 0


if __name__ == "__main__":
    sys.exit(main())
