#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Dump one vxip table again and again, and count the dumps the kernel
marked interrupted (NLM_F_DUMP_INTR), without retrying them as vxipctl
does:

    dump_intr.py UAPI_HEADER IFNAME peer|route|fdb COUNT

Prints "dumps N interrupted I objects-last M" and exits 0.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "torture"))
from nlfuzz import Genl, NLM_F_DUMP, NLM_F_REQUEST, nla, parse_enums  # noqa: E402

NLM_F_DUMP_INTR = 0x10
NLMSG_ERROR, NLMSG_DONE = 2, 3


def dump(g, fid, cmd, payload):
    """(interrupted, objects) of one dump."""
    seq = g.send(fid, cmd, NLM_F_REQUEST | NLM_F_DUMP, payload)
    intr, n = False, 0
    while True:
        data = g.s.recv(1 << 20)
        off = 0
        while off + 16 <= len(data):
            ln, typ, flags, s = (int.from_bytes(data[off + a:off + b], "little")
                                 for a, b in ((0, 4), (4, 6), (6, 8), (8, 12)))
            off += (ln + 3) & ~3
            if s != seq:
                continue
            intr |= bool(flags & NLM_F_DUMP_INTR)
            if typ == NLMSG_ERROR:
                raise SystemExit("dump_intr: the dump failed")
            if typ == NLMSG_DONE:
                return intr, n
            n += 1


def main():
    uapi, ifname, table, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    val = {m: v for e in parse_enums(uapi).values() for m, v in e}
    g = Genl()
    fid, _ = g.family("vxip")
    cmd = val["VXIP_CMD_%s_GET" % table.upper()]
    payload = nla(val["VXIP_A_IFNAME"], ifname.encode() + b"\0")
    n_intr = objects = 0
    for _ in range(count):
        intr, objects = dump(g, fid, cmd, payload)
        n_intr += intr
    print("dumps %d interrupted %d objects-last %d" % (count, n_intr, objects))


if __name__ == "__main__":
    main()
