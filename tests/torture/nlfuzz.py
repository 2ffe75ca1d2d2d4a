#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Random requests to the vxip generic netlink family.

    nlfuzz.py --uapi HDR --ifindex N --count C --seed S [--unpriv]

Commands, attribute types, lengths, values, nesting and nlmsg flags are
drawn at random (seeded, reproducible) from the enums of the uapi header,
with a share of garbage: unknown types, bad lengths, unknown flag bits,
broken attribute headers.  Every request asks for an ACK.  Checks:
  - every request is answered (an ACK, an error, or a dump's DONE);
  - every error carries an extended ACK message, except the generic
    netlink core's own EOPNOTSUPP (no such operation) and EPERM (no
    CAP_NET_ADMIN), which it sends without one;
  - with --unpriv (run as a user without CAP_NET_ADMIN): every mutating
    command is refused with EPERM, and joining a notification group is too.
Prints a KTAP line per check and a summary; exits 1 on a failed check.
"""
import argparse
import collections
import errno
import os
import random
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 1, 10, 11
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 0x1, 0x2, 0x4, 0x8
NLM_F_DUMP, NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = \
    0x300, 0x100, 0x200, 0x400, 0x800
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7

MUTATING = ("DEV_SET", "PEER_NEW", "PEER_DEL", "FDB_NEW", "FDB_DEL",
            "FLOOD_NEW", "FLOOD_DEL", "FLUSH", "ROUTE_NEW", "ROUTE_DEL")
NESTS = {"DEV": "vxip_dev_attr", "PEER": "vxip_peer_attr",
         "FDB": "vxip_fdb_attr", "FLOOD": "vxip_flood_attr",
         "FLUSH": "vxip_flush_attr", "MISS": "vxip_miss_attr",
         "ROUTE": "vxip_route_attr"}
CMD_NEST = {"DEV": "DEV", "PEER": "PEER", "FDB": "FDB", "FLOOD": "FLOOD",
            "FLUSH": "FLUSH", "ROUTE": "ROUTE", "MISS": "MISS"}


def parse_enums(path):
    """enum name -> [(member, value)], from the uapi header."""
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    enums = {}
    for name, body in re.findall(r"enum\s+(\w+)\s*\{(.*?)\}", text, flags=re.S):
        v, members = 0, []
        for m in body.split(","):
            m = m.strip()
            if not m:
                continue
            if "=" in m:
                m, val = (x.strip() for x in m.split("="))
                try:
                    v = int(val, 0)
                except ValueError:	# an expression of other members
                    v = eval(" ".join(val.split()), {}, {k: x for e in enums.values() for k, x in e}
                             | dict(members))
            members.append((m, v))
            v += 1
        enums[name] = members
    return enums


def nla(t, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def parse_attrs(b):
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
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.s.settimeout(10)
        self.s.bind((0, 0))
        self.seq = 0

    def send(self, family, cmd, flags, payload, version=1):
        self.seq += 1
        body = struct.pack("BBH", cmd, version, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), family, flags,
                                self.seq, 0) + body)
        return self.seq

    def answer(self, seq):
        """(error, extack message or None, messages) for request seq."""
        msgs = []
        while True:
            data = self.s.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                n, typ, flags, s, _ = struct.unpack_from("IHHII", data, off)
                if n < 16:
                    return (-999, "bad netlink length", msgs)
                body = data[off + 16:off + n]
                off += (n + 3) & ~3
                if s != seq:
                    continue
                if typ in (NLMSG_ERROR, NLMSG_DONE):
                    err = struct.unpack_from("i", body)[0] if len(body) >= 4 else 0
                    tlv = b""
                    if typ == NLMSG_ERROR and flags & NLM_F_ACK_TLVS:
                        tlv = body[4 + 16:]	# capped: only the header
                    elif typ == NLMSG_DONE:
                        tlv = body[4:]
                    msg = parse_attrs(tlv).get(NLMSGERR_ATTR_MSG)
                    return (err, msg.rstrip(b"\0").decode() if msg else None, msgs)
                msgs.append(body)

    def family(self, name):
        seq = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST | NLM_F_ACK,
                        nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        err, msg, msgs = self.answer(seq)
        if err or not msgs:
            raise SystemExit("nlfuzz: no family %s: %s %s" % (name, err, msg))
        a = parse_attrs(msgs[0][4:])
        fid = struct.unpack("H", a[CTRL_ATTR_FAMILY_ID][:2])[0]
        groups = {}
        for g in parse_attrs(a.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
            ga = parse_attrs(g)
            groups[ga[1].rstrip(b"\0").decode()] = struct.unpack("I", ga[2])[0]
        return fid, groups


class Gen:
    """Random requests shaped by the uapi enums."""

    def __init__(self, enums, ifindex, rng):
        self.rng = rng
        self.ifindex = ifindex
        self.cmds = [(m[len("VXIP_CMD_"):], v) for m, v in enums["vxip_cmd"]
                     if not m.startswith("__")]
        self.top = {m[len("VXIP_A_"):]: v for m, v in enums["vxip_attr"]
                    if not m.startswith("__")}
        self.nest_max = {k: max(v for m, v in enums[e] if not m.startswith("__"))
                         for k, e in NESTS.items()}
        self.names = {k: {v: m for m, v in enums[e]} for k, e in NESTS.items()}

    def typed(self, name):
        """A payload of the right shape for attribute @name, if known."""
        r = self.rng
        if name.endswith(("ADDR4", "PEER4", "LOCAL4", "DST4", "IP4")):
            return bytes([r.choice([10, 192, 0, 224]), r.choice([0, 168, 244]),
                          r.randrange(4), r.randrange(1, 255)])
        if name.endswith("MAC"):
            return bytes([r.choice([2, 2, 2, 1, 0])] + [r.randrange(256) for _ in range(5)])
        if name.endswith(("DST6", "IP6")):
            return bytes([0xfd] + [0] * 13 + [r.randrange(4), r.randrange(1, 255)])
        if name.endswith("PLEN"):
            return struct.pack("I", r.choice([0, 8, 16, 24, 32, 33, 64, 128, 129]))
        return struct.pack("I", r.choice([0, 1, 2, 3, 4, 42, 300, 4789, 65535, 65536,
                                          0xffffff, 0xffffffff]))

    def value(self):
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            return struct.pack("I", r.choice([0, 1, 2, 3, 42, 255, 256, 4789, 65535,
                                              65536, 0x7fffffff, 0x80000000,
                                              0xffffffff, 0xffffff, 0x1000000]))
        if kind < 0.5:	# an IPv4 address, often a plausible one
            return bytes([r.choice([0, 10, 127, 192, 224, 255]), r.randrange(256),
                          r.randrange(256), r.randrange(256)])
        if kind < 0.6:	# a MAC
            return bytes([r.choice([0, 1, 2, 0xff])] + [r.randrange(256) for _ in range(5)])
        if kind < 0.7:
            return bytes(r.randrange(256) for _ in range(16))
        if kind < 0.8:
            return struct.pack(r.choice(["B", "H", "Q"]), r.randrange(256))
        if kind < 0.9:
            return b""
        return bytes(r.randrange(256) for _ in range(r.randrange(1, 80)))

    def nest(self, name, depth=0):
        r = self.rng
        out = b""
        for _ in range(r.randrange(0, 6)):
            t = r.randrange(0, self.nest_max[name] + 3)
            if depth < 2 and r.random() < 0.08:
                payload = self.nest(r.choice(list(NESTS)), depth + 1)
                t |= NLA_F_NESTED
            elif t in self.names[name] and r.random() < 0.7:
                payload = self.typed(self.names[name][t])
            else:
                payload = self.value()
            out += nla(t, payload)
        return out

    def request(self):
        """(cmd name, cmd, flags, payload)."""
        r = self.rng
        x = r.random()
        if x < 0.85:
            name, cmd = r.choice(self.cmds)
        else:
            name, cmd = "?", r.choice([0, r.randrange(len(self.cmds), 256)])
        flags = NLM_F_REQUEST | NLM_F_ACK
        for f in (NLM_F_DUMP, NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND):
            if r.random() < 0.12:
                flags |= f
        if r.random() < 0.05:
            flags |= r.choice([0x1000, 0x2000, 0x8000, 0x10])
        p = b""
        y = r.random()
        if y < 0.75:
            p += nla(self.top["IFINDEX"], struct.pack("I", self.ifindex))
        elif y < 0.85:
            p += nla(self.top["IFNAME"], r.choice([b"vxip0\0", b"lo\0", b"\0",
                                                   b"x" * 20 + b"\0", b"vxip0"]))
        elif y < 0.9:
            p += nla(self.top["IFINDEX"], self.value())
        base = name.split("_")[0]
        if base in CMD_NEST and r.random() < 0.9:
            t = self.top[CMD_NEST[base]]
            p += nla(t | (NLA_F_NESTED if r.random() < 0.9 else 0), self.nest(base))
        if r.random() < 0.1:
            t = r.randrange(0, max(self.top.values()) + 3)
            p += nla(t, self.nest(r.choice(list(NESTS))) if r.random() < 0.5 else self.value())
        if r.random() < 0.03:	# a broken attribute header
            p += struct.pack("HH", r.choice([0, 1, 3, 200, 0xffff]), r.randrange(20))
        return name, cmd, flags, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uapi", required=True)
    ap.add_argument("--ifindex", type=int, required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unpriv", action="store_true")
    args = ap.parse_args()

    enums = parse_enums(args.uapi)
    rng = random.Random(args.seed)
    g = Genl()
    fid, groups = g.family("vxip")
    gen = Gen(enums, args.ifindex, rng)
    flush = {c: v for c, v in gen.cmds}["FLUSH"]

    stats = collections.Counter()
    by_err = collections.Counter()
    no_msg = collections.Counter()
    examples = {}
    unanswered = 0
    priv_leaks = collections.Counter()
    for i in range(args.count):
        name, cmd, flags, payload = gen.request()
        version = 1 if rng.random() < 0.95 else rng.randrange(256)
        seq = g.send(fid, cmd, flags, payload, version)
        try:
            err, msg, _ = g.answer(seq)
        except socket.timeout:
            unanswered += 1
            continue
        if err == 0:
            stats["ack"] += 1
        else:
            e = errno.errorcode.get(-err, str(err))
            stats["error"] += 1
            by_err[e] += 1
            if msg is None and -err not in (errno.EOPNOTSUPP, errno.EPERM):
                no_msg[(name, e)] += 1
                examples.setdefault((name, e), (flags, payload.hex()))
        # A dump flag on a doit-only command is EOPNOTSUPP from the core
        # before any permission check, and so is EINVAL from its header
        # check (nlmsg_flags beyond REQUEST, ACK, ECHO and DUMP): refused
        # all the same.
        hdr_flags = flags & ~NLM_F_DUMP if flags & NLM_F_DUMP == NLM_F_DUMP else flags
        core_hdr = hdr_flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO) and \
            -err == errno.EINVAL and msg == "ambiguous or reserved bits set in nlmsg_flags"
        if args.unpriv and name in MUTATING and not core_hdr and \
                -err not in (errno.EPERM, errno.EOPNOTSUPP):
            priv_leaks[(name, err)] += 1
        # Keep the tables small: a root run would otherwise grow them
        # with every well-formed NEW.
        if not args.unpriv and i % 2000 == 1999:
            g.send(fid, flush, NLM_F_REQUEST | NLM_F_ACK,
                   nla(gen.top["IFINDEX"], struct.pack("I", args.ifindex)))
            g.answer(g.seq)

    tests = []
    tests.append(("every request answered (%d sent)" % args.count, unanswered == 0,
                  "%d requests got no answer" % unanswered))
    tests.append(("every error carries an extack message", not no_msg,
                  "; ".join("%s %s x%d (flags %#x, attrs %s)" %
                            (k[0], k[1], v, examples[k][0], examples[k][1][:120])
                            for k, v in no_msg.most_common(8))))
    if args.unpriv:
        tests.append(("without CAP_NET_ADMIN every change is refused", not priv_leaks,
                      "; ".join("%s -> %s x%d" % (k[0], k[1], v) for k, v in priv_leaks.items())))
        joined = []
        for name in ("changes", "learn", "miss"):
            try:
                g.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, groups[name])
                joined.append(name)
            except PermissionError:
                pass
        tests.append(("without CAP_NET_ADMIN every notification group is refused",
                      not joined, "joined %s" % ", ".join(joined)))
    print("# nlfuzz: seed %d, %d requests as uid %d: %d acks, %d errors (%s)" %
          (args.seed, args.count, os.getuid(), stats["ack"], stats["error"],
           ", ".join("%s %d" % kv for kv in by_err.most_common())))
    failed = 0
    for n, (desc, ok, why) in enumerate(tests, 1):
        if not ok:
            print("# " + why)
            failed += 1
        print("%sok %d nlfuzz%s: %s" % ("" if ok else "not ", n,
                                        " (unprivileged)" if args.unpriv else "", desc))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
