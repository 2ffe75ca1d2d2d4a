#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ABI 2's request rules, byte by byte, which vxipctl never gets wrong:

    abi2.py UAPI IFNAME

IFNAME is a vxip device with peer 192.168.0.2 (owner static).  Each check
prints "ok NAME" or "FAIL NAME: what happened"; the exit status is 1 if
any failed.  Needs nothing but the uapi header.
"""
import errno
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dump_intr import Genl, attrs, nla, uapi_values  # noqa: E402

NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 0x1, 0x2, 0x4, 0x8
NLM_F_DUMP_FILTERED, NLM_F_REPLACE, NLM_F_DUMP = 0x20, 0x100, 0x300
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
NLA_F_NESTED = 0x8000

U = uapi_values(sys.argv[1])
IFNAME = sys.argv[2].encode() + b"\0"
failed = []


def v4(a):
    return socket.inet_aton(a)


def nest(t, *parts):
    return nla(t | NLA_F_NESTED, b"".join(parts))


def u32(t, v):
    return nla(t, struct.pack("I", v))


class Client(Genl):
    def __init__(self):
        super().__init__()
        self.s.setsockopt(270, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(270, NETLINK_CAP_ACK, 1)
        self.fam = self.family("vxip")

    def request(self, cmd, flags, payload, reserved=0):
        """(errno, extack message, [(cmd, flags, attrs) of the answers])."""
        self.seq += 1
        body = struct.pack("BBH", cmd, 2, reserved) + nla(U["VXIP_A_IFNAME"], IFNAME) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), self.fam,
                                NLM_F_REQUEST | NLM_F_ACK | flags, self.seq, 0) + body)
        err, msg, out = 0, "", []
        for typ, fl, b in self.messages(self.seq):
            if typ == NLMSG_ERROR:
                err = -struct.unpack_from("i", b)[0]
                if fl & NLM_F_ACK_TLVS:
                    m = attrs(b[4 + 16:]).get(NLMSGERR_ATTR_MSG, b"")
                    msg = m.rstrip(b"\0").decode()
            elif typ == NLMSG_DONE:
                err = -struct.unpack_from("i", b)[0] if len(b) >= 4 else 0
                if fl & NLM_F_ACK_TLVS and len(b) > 4:
                    # A dump's DONE: the errno, then the TLVs.
                    m = attrs(b[4:]).get(NLMSGERR_ATTR_MSG, b"")
                    msg = m.rstrip(b"\0").decode()
            else:
                out.append((b[0], fl, attrs(b[4:])))
        return err, msg, out


def check(name, ok, detail):
    if ok:
        print("ok " + name)
    else:
        print("FAIL %s: %s" % (name, detail))
        failed.append(name)


def expect_err(name, res, want_errno, want_msg=None):
    err, msg, _ = res
    ok = err == want_errno and (want_msg is None or msg == want_msg)
    check(name, ok, "%s %r" % (errno.errorcode.get(err, err), msg))


def peer(*parts):
    return nest(U["VXIP_A_PEER"], nla(U["VXIP_PEER_A_ADDR4"], v4(parts[0])), *parts[1:])


def flags(v):
    return u32(U["VXIP_A_REQ_FLAGS"], v)


c = Client()
CREATE, EXCL, REPLACE = (U["VXIP_REQ_F_" + k] for k in ("CREATE", "EXCL", "REPLACE"))

expect_err("nlmsg_flags REPLACE is the core's to refuse",
           c.request(U["VXIP_CMD_PEER_NEW"], NLM_F_REPLACE, peer("192.168.0.50")),
           errno.EINVAL, "ambiguous or reserved bits set in nlmsg_flags")
expect_err("genlmsghdr.reserved must be 0",
           c.request(U["VXIP_CMD_PEER_NEW"], 0, peer("192.168.0.50"), reserved=1),
           errno.EINVAL, "genlmsghdr.reserved field is not 0")
expect_err("an FDB nest in PEER_NEW is refused",
           c.request(U["VXIP_CMD_PEER_NEW"], 0, peer("192.168.0.50") +
                     nest(U["VXIP_A_FDB"], nla(U["VXIP_FDB_A_MAC"], bytes(6)))),
           errno.EINVAL)
expect_err("REQ_FLAGS beyond the mask",
           c.request(U["VXIP_CMD_PEER_NEW"], 0, peer("192.168.0.50") + flags(8)),
           errno.EINVAL)
expect_err("REPLACE without CREATE needs the peer",
           c.request(U["VXIP_CMD_PEER_NEW"], 0, peer("192.168.0.50") + flags(REPLACE)),
           errno.ENOENT, "No such peer (create makes it)")
expect_err("EXCL on the owner's existing claim",
           c.request(U["VXIP_CMD_PEER_NEW"], 0, peer("192.168.0.2") + flags(CREATE | EXCL)),
           errno.EEXIST)
expect_err("EXCL wins over REPLACE",
           c.request(U["VXIP_CMD_PEER_NEW"], 0,
                     peer("192.168.0.2") + flags(CREATE | EXCL | REPLACE)), errno.EEXIST)

# replace keeps what it isn't given.
expect_err("replace sets the port",
           c.request(U["VXIP_CMD_PEER_NEW"], 0,
                     peer("192.168.0.2", u32(U["VXIP_PEER_A_PORT"], 4790)) +
                     flags(CREATE | REPLACE)), 0)
expect_err("replace with only a generation",
           c.request(U["VXIP_CMD_PEER_NEW"], 0,
                     peer("192.168.0.2", u32(U["VXIP_PEER_A_GEN"], 9)) + flags(REPLACE)), 0)
err, msg, out = c.request(U["VXIP_CMD_PEER_GET"], 0, peer("192.168.0.2"))
p = attrs(out[0][2][U["VXIP_A_PEER"]]) if out else {}
got = [struct.unpack("I", p.get(U["VXIP_PEER_A_" + k], bytes(4)))[0] for k in ("PORT", "GEN")]
check("replace kept the port and set the generation", got == [4790, 9], "port, gen %s" % got)
c.request(U["VXIP_CMD_PEER_NEW"], 0,
          peer("192.168.0.2", u32(U["VXIP_PEER_A_PORT"], 0)) + flags(REPLACE))

# NLM_F_ECHO: the object as made comes back before the ACK.
err, msg, out = c.request(U["VXIP_CMD_PEER_NEW"], NLM_F_ECHO, peer("192.168.0.51"))
echo = [a for cmd, _, a in out if cmd == U["VXIP_CMD_PEER_NEW"] and U["VXIP_A_PEER"] in a]
addr = attrs(echo[0][U["VXIP_A_PEER"]]).get(U["VXIP_PEER_A_ADDR4"]) if echo else None
check("NLM_F_ECHO returns the peer made", err == 0 and addr == v4("192.168.0.51"),
      "errno %d, %d echoed" % (err, len(echo)))
c.request(U["VXIP_CMD_PEER_DEL"], 0, peer("192.168.0.51"))

fl = nest(U["VXIP_A_FLOOD"], nla(U["VXIP_FLOOD_A_PEER4"], v4("192.168.0.2")))
expect_err("FLOOD_NEW again refreshes", c.request(U["VXIP_CMD_FLOOD_NEW"], 0, fl), 0)
expect_err("FLOOD_NEW again with EXCL", c.request(U["VXIP_CMD_FLOOD_NEW"], 0, fl + flags(CREATE | EXCL)),
           errno.EEXIST, "Peer is already on the flood list for this owner")

# Dumps: filters they don't know are refused; a filtered dump says so.
c.request(U["VXIP_CMD_FDB_NEW"], 0, nest(U["VXIP_A_FDB"],
          nla(U["VXIP_FDB_A_MAC"], bytes([2, 0, 0, 0, 0xab, 1])),
          nla(U["VXIP_FDB_A_PEER4"], v4("192.168.0.2"))))
err, msg, out = c.request(U["VXIP_CMD_FDB_GET"], NLM_F_DUMP,
                          nest(U["VXIP_A_FDB"], u32(U["VXIP_FDB_A_OWNER"], U["VXIP_OWNER_STATIC"])))
check("a filtered FDB dump is marked NLM_F_DUMP_FILTERED",
      err == 0 and out and all(f & NLM_F_DUMP_FILTERED for _, f, _ in out),
      "errno %d, %d messages, flags %s" % (err, len(out), [hex(f) for _, f, _ in out]))
err, msg, out = c.request(U["VXIP_CMD_FDB_GET"], NLM_F_DUMP, b"")
check("an unfiltered one is not", err == 0 and out and
      not any(f & NLM_F_DUMP_FILTERED for _, f, _ in out), "errno %d" % err)
expect_err("an FDB dump filter it doesn't know",
           c.request(U["VXIP_CMD_FDB_GET"], NLM_F_DUMP,
                     nest(U["VXIP_A_FDB"], nla(U["VXIP_FDB_A_MAC"], bytes(6)))),
           errno.EINVAL, "FDB dumps filter by peer and owner only")
expect_err("a route dump filter it doesn't know",
           c.request(U["VXIP_CMD_ROUTE_GET"], NLM_F_DUMP,
                     nest(U["VXIP_A_ROUTE"], nla(U["VXIP_ROUTE_A_DST4"], v4("10.0.0.0")))),
           errno.EINVAL, "Route dumps filter by peer and owner only")
expect_err("a peer dump with a filter", c.request(U["VXIP_CMD_PEER_GET"], NLM_F_DUMP, peer("192.168.0.2")),
           errno.EINVAL, "Peer dumps take no filter")
expect_err("a dump with another object's nest",
           c.request(U["VXIP_CMD_PEER_GET"], NLM_F_DUMP,
                     nest(U["VXIP_A_ROUTE"], u32(U["VXIP_ROUTE_A_OWNER"], 1))), errno.EINVAL)
c.request(U["VXIP_CMD_FDB_DEL"], 0, nest(U["VXIP_A_FDB"],
          nla(U["VXIP_FDB_A_MAC"], bytes([2, 0, 0, 0, 0xab, 1]))))

# Values vxipctl refuses itself, before sending (make unit checks that):
# the kernel refuses them too, for every other writer, and changes nothing.
DEV = U["VXIP_A_DEV"]


def port_vni():
    err, msg, out = c.request(U["VXIP_CMD_DEV_GET"], 0, b"")
    d = attrs(out[0][2][DEV]) if out else {}
    return [struct.unpack("I", d.get(U["VXIP_DEV_A_" + k], bytes(4)))[0] for k in ("PORT", "VNI")]


before = port_vni()
expect_err("DEV_SET port 0",
           c.request(U["VXIP_CMD_DEV_SET"], 0, nest(DEV, u32(U["VXIP_DEV_A_PORT"], 0))),
           errno.ERANGE, "integer out of range")
expect_err("DEV_SET vni 2^24",
           c.request(U["VXIP_CMD_DEV_SET"], 0, nest(DEV, u32(U["VXIP_DEV_A_VNI"], 1 << 24))),
           errno.ERANGE, "VNI must be 0-16777215, or 0xffffffff for none")
check("the refused DEV_SETs changed nothing", port_vni() == before and before[0] != 0,
      "port, vni %s, then %s" % (before, port_vni()))
expect_err("FDB_NEW with a multicast MAC",
           c.request(U["VXIP_CMD_FDB_NEW"], 0, nest(U["VXIP_A_FDB"],
                     nla(U["VXIP_FDB_A_MAC"], bytes([1, 0, 0x5e, 0, 0, 1])),
                     nla(U["VXIP_FDB_A_PEER4"], v4("192.168.0.2")))),
           errno.EINVAL, "MAC must be a unicast, non-zero Ethernet address")
expect_err("ROUTE_NEW with an IPv4 /33",
           c.request(U["VXIP_CMD_ROUTE_NEW"], 0, nest(U["VXIP_A_ROUTE"],
                     nla(U["VXIP_ROUTE_A_DST4"], v4("10.1.0.0")),
                     u32(U["VXIP_ROUTE_A_PLEN"], 33),
                     nla(U["VXIP_ROUTE_A_PEER4"], v4("192.168.0.2")),
                     u32(U["VXIP_ROUTE_A_ENCAP"], U["VXIP_ENCAP_IPIP"]))),
           errno.EINVAL, "Prefix length too long for an IPv4 destination")
sys.exit(1 if failed else 0)
