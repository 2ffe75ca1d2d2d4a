#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Dump one vxip table again and again, and count the dumps the kernel
marked interrupted (NLM_F_DUMP_INTR), without retrying them as vxipctl
does:

    dump_intr.py UAPI_HEADER IFNAME peer|route|fdb COUNT

Prints "dumps N interrupted I objects-last M" and exits 0.  Needs nothing
but the uapi header (it runs from a kselftest install too).
"""
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR = 0x1, 0x4, 0x300, 0x10
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2


def uapi_values(path):
    """Every enum member of the uapi header -> its value."""
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    val = {}
    for body in re.findall(r"enum\s+\w+\s*\{(.*?)\}", text, flags=re.S):
        v = 0
        for m in (x.strip() for x in body.split(",")):
            if not m:
                continue
            if "=" in m:
                m, e = (x.strip() for x in m.split("=", 1))
                v = eval(" ".join(e.split()), {}, dict(val))
            val[m] = v
            v += 1
    return val


def nla(t, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def attrs(b):
    out = {}
    while len(b) >= 4:
        n, t = struct.unpack_from("HH", b)
        if n < 4:
            break
        out[t & 0x3fff] = b[4:n]
        b = b[(n + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.s.settimeout(10)
        self.s.bind((0, 0))
        self.seq = 0

    def send(self, family, cmd, flags, payload):
        self.seq += 1
        body = struct.pack("BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), family, flags, self.seq, 0) + body)
        return self.seq

    def messages(self, seq):
        """(type, flags, body) of each answer to request seq, to the end."""
        while True:
            data = self.s.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                n, typ, flags, s, _ = struct.unpack_from("IHHII", data, off)
                body = data[off + 16:off + n]
                off += (n + 3) & ~3
                if s != seq:
                    continue
                yield typ, flags, body
                if typ in (NLMSG_ERROR, NLMSG_DONE):
                    return

    def family(self, name):
        seq = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST | NLM_F_ACK,
                        nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        fid = None
        for typ, _, body in self.messages(seq):
            if typ not in (NLMSG_ERROR, NLMSG_DONE):
                fid = struct.unpack("H", attrs(body[4:])[CTRL_ATTR_FAMILY_ID][:2])[0]
        if fid is None:
            raise SystemExit("dump_intr: no genetlink family %s" % name)
        return fid

    def dump(self, family, cmd, payload):
        """(interrupted, objects) of one dump."""
        seq = self.send(family, cmd, NLM_F_REQUEST | NLM_F_DUMP, payload)
        intr, n = False, 0
        for typ, flags, body in self.messages(seq):
            intr |= bool(flags & NLM_F_DUMP_INTR)
            if typ == NLMSG_ERROR and struct.unpack_from("i", body)[0]:
                raise SystemExit("dump_intr: the dump failed")
            if typ not in (NLMSG_ERROR, NLMSG_DONE):
                n += 1
        return intr, n


def main():
    uapi, ifname, table, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    val = uapi_values(uapi)
    g = Genl()
    fid = g.family("vxip")
    cmd = val["VXIP_CMD_%s_GET" % table.upper()]
    payload = nla(val["VXIP_A_IFNAME"], ifname.encode() + b"\0")
    n_intr = objects = 0
    for _ in range(count):
        intr, objects = g.dump(fid, cmd, payload)
        n_intr += intr
    print("dumps %d interrupted %d objects-last %d" % (count, n_intr, objects))


if __name__ == "__main__":
    main()
