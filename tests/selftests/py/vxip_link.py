#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A vxip link's IFLA_INFO_DATA over rtnetlink, which iproute2 can neither
send nor print for a kind it has no parser for, and DEV_SET's MAC:

    vxip_link.py UAPI add IFNAME [ATTR=VALUE...]   RTM_NEWLINK, creating
    vxip_link.py UAPI set IFNAME [ATTR=VALUE...]   RTM_NEWLINK, changelink
    vxip_link.py UAPI show IFNAME                  IFLA_INFO_DATA as JSON
    vxip_link.py UAPI dev-get IFNAME               DEV_GET's VXIP_A_DEV as JSON
    vxip_link.py UAPI dev-mac IFNAME MAC           DEV_SET { MAC }

ATTR is an IFLA_VXIP_* name in lower case (vni, local4, srcport_min...),
VALUE a number or, for local4, a dotted quad; "@TYPE=HEX" puts a raw
attribute.  Prints "ok", or "error ERRNO: MESSAGE" (the kernel's extended
ACK) and exits 1.  Needs nothing but the uapi header.
"""
import errno
import json
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dump_intr import Genl, attrs, nla, uapi_values  # noqa: E402

NETLINK_ROUTE = 0
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 0x1, 0x4, 0x200, 0x400
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
RTM_NEWLINK, RTM_GETLINK = 16, 18
IFLA_IFNAME, IFLA_LINKINFO, IFLA_LINK_NETNSID = 3, 18, 37
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
NLA_F_NESTED = 0x8000


def report(err, msg):
    """Print an ACK's outcome; exit 1 on an error."""
    if not err:
        print("ok")
        return
    print("error %s: %s" % (errno.errorcode.get(-err, str(err)), msg))
    sys.exit(1)


def ack(body, flags):
    """(error, extack message) of an NLMSG_ERROR body."""
    err = struct.unpack_from("i", body)[0]
    msg = ""
    if flags & NLM_F_ACK_TLVS:
        # NETLINK_CAP_ACK: only the request's header is echoed.
        tlv = attrs(body[4 + 16:])
        msg = tlv.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
    return err, msg


class Rtnl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
        self.s.setsockopt(270, NETLINK_EXT_ACK, 1)  # SOL_NETLINK
        self.s.setsockopt(270, NETLINK_CAP_ACK, 1)
        self.s.settimeout(10)
        self.s.bind((0, 0))
        self.seq = 0

    def request(self, typ, flags, ifindex, payload):
        """The answers (type, flags, body) to one request."""
        self.seq += 1
        body = struct.pack("BxHiII", socket.AF_UNSPEC, 0, ifindex, 0, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), typ,
                                NLM_F_REQUEST | flags, self.seq, 0) + body)
        out = []
        while True:
            data = self.s.recv(1 << 16)
            off = 0
            while off + 16 <= len(data):
                n, t, f, s, _ = struct.unpack_from("IHHII", data, off)
                if s == self.seq:
                    out.append((t, f, data[off + 16:off + n]))
                    if t in (NLMSG_ERROR, NLMSG_DONE):
                        return out
                off += (n + 3) & ~3


def link_attrs(val, specs):
    """IFLA_INFO_DATA's payload from ATTR=VALUE arguments."""
    out = b""
    for spec in specs:
        name, v = spec.split("=", 1)
        if name.startswith("@"):
            out += nla(int(name[1:]), bytes.fromhex(v))
        elif name == "local4":
            out += nla(val["IFLA_VXIP_LOCAL4"], socket.inet_aton(v))
        else:
            out += nla(val["IFLA_VXIP_" + name.upper()], struct.pack("I", int(v, 0)))
    return out


def decode(val, prefix, payload):
    """Attributes of a nest, by their lower-case names."""
    names = {v: k[len(prefix):].lower() for k, v in val.items()
             if k.startswith(prefix) and not k.startswith("__")}
    out = {}
    for t, b in attrs(payload).items():
        name = names.get(t, "@%d" % t)
        if name in ("local4",):
            out[name] = socket.inet_ntoa(b[:4])
        elif name == "mac":
            out[name] = ":".join("%02x" % x for x in b[:6])
        elif len(b) == 4:
            out[name] = struct.unpack("I", b)[0]
    return out


def newlink(val, create, ifname, specs):
    info = nla(IFLA_INFO_KIND, b"vxip\0") + \
        nla(IFLA_INFO_DATA | NLA_F_NESTED, link_attrs(val, specs))
    payload = nla(IFLA_IFNAME, ifname.encode() + b"\0") + \
        nla(IFLA_LINKINFO | NLA_F_NESTED, info)
    flags = NLM_F_ACK | (NLM_F_CREATE | NLM_F_EXCL if create else 0)
    ifindex = 0 if create else socket.if_nametoindex(ifname)
    t, f, body = Rtnl().request(RTM_NEWLINK, flags, ifindex, payload)[-1]
    report(*ack(body, f))


def show(val, ifname):
    res = Rtnl().request(RTM_GETLINK, NLM_F_ACK, socket.if_nametoindex(ifname), b"")
    t, f, body = res[0]
    if t == NLMSG_ERROR:
        report(*ack(body, f))
    top = attrs(body[16:])
    info = attrs(top.get(IFLA_LINKINFO, b""))
    out = decode(val, "IFLA_VXIP_", info.get(IFLA_INFO_DATA, b""))
    if IFLA_LINK_NETNSID in top:
        out["link_netnsid"] = struct.unpack("i", top[IFLA_LINK_NETNSID])[0]
    print(json.dumps(out, sort_keys=True))


def genl(val, ifname, cmd, dev):
    g = Genl()
    g.s.setsockopt(270, NETLINK_EXT_ACK, 1)
    g.s.setsockopt(270, NETLINK_CAP_ACK, 1)
    fid = g.family("vxip")
    payload = nla(val["VXIP_A_IFNAME"], ifname.encode() + b"\0")
    if dev is not None:
        payload += nla(val["VXIP_A_DEV"] | NLA_F_NESTED, dev)
    seq = g.send(fid, val["VXIP_CMD_" + cmd], NLM_F_REQUEST | NLM_F_ACK, payload)
    for t, f, body in g.messages(seq):
        if t == NLMSG_ERROR:
            err, msg = ack(body, f)
            if err or dev is not None:
                report(err, msg)
        elif t != NLMSG_DONE:
            nest = attrs(body[4:]).get(val["VXIP_A_DEV"], b"")
            print(json.dumps(decode(val, "VXIP_DEV_A_", nest), sort_keys=True))


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    val = uapi_values(sys.argv[1])
    verb, ifname, rest = sys.argv[2], sys.argv[3], sys.argv[4:]
    if verb in ("add", "set"):
        newlink(val, verb == "add", ifname, rest)
    elif verb == "show":
        show(val, ifname)
    elif verb == "dev-get":
        genl(val, ifname, "DEV_GET", None)
    elif verb == "dev-mac":
        mac = bytes(int(x, 16) for x in rest[0].split(":"))
        genl(val, ifname, "DEV_SET", nla(val["VXIP_DEV_A_MAC"], mac))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
