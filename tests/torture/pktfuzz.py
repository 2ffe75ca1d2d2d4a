#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed and edge-case VXLAN, IP-in-IP and 6in4 packets at a vxip node,
over an IPv4 and an IPv6 underlay.

    pktfuzz.py --node NETNS --iface IF --seed S --per-class N [--only C...]

Runs in the sender's namespace, on the underlay veth IF whose other end is
the node's eth0 (192.168.0.1).  The node's vxip0 (VNI 42, strict) has the
VXLAN peer 192.168.0.2 and the IPIP peer 192.168.0.4 (route 10.244.4.0/24);
192.168.0.3 is no peer.  Over IPv6 (the node is fd00::1): fd00::2 is a
VXLAN peer, fd00::4 an IPIP peer (routes 10.244.6.0/24 and fd00:6::/64),
fd00::3 no peer.

Templates are built with scapy; the fuzzer then patches bytes and fixes
the checksums itself, which is fast enough for 100k packets in a TCG guest.
Every class sends N packets with one valid packet interleaved after every
9, and checks the node's counters before and after: each class must move
exactly its own counter by N, and rx_packets by the valid ones (plus N for
classes vxip delivers).  Prints KTAP; exits 1 if any class is off.

With --tx the classes are frames sent on the node's vxip0 itself, from an
AF_PACKET socket opened in the node's namespace: Ethernet headers marked
IPv4 or IPv6 with the IP header cut, to a VXLAN peer's and an IPIP peer's
FDB entry (02:fe:00:00:00:02 and :04), vxip0's own MAC (the route table)
and broadcast.  Each must be dropped as malformed; nothing may reach the
underlay.
"""
import argparse
import ctypes
import json
import os
import random
import socket
import struct
import subprocess
import sys
import time

# Layer by layer, not scapy.all: its import costs twice as much.
from scapy.compat import raw  # noqa: E402
from scapy.config import conf  # noqa: E402
from scapy.layers.inet import ICMP, IP  # noqa: E402
from scapy.layers.inet6 import ICMPv6EchoReply, IPv6  # noqa: E402
from scapy.layers.l2 import Dot1Q, Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402

conf.verb = 0

NODE = "192.168.0.1"
VX_PEER, NOT_PEER, IPIP_PEER = "192.168.0.2", "192.168.0.3", "192.168.0.4"
NODE6 = "fd00::1"
VX6_PEER, NOT_PEER6, IPIP6_PEER = "fd00::2", "fd00::3", "fd00::4"
VNI = 42
ETH, IP4, IP6, UDPH, VXH = 14, 20, 40, 8, 8
# Extension headers of 8 bytes (RFC 8200 4.3, 4.6): options padded with
# PadN; a destination options header may carry a tunnel encapsulation
# limit (RFC 2473 4.1.1), as ip6tnl sends by default.
HBH, DSTOPTS = 0, 60
PADN6 = b"\x01\x04\0\0\0\0"
ENCAP_LIMIT = b"\x04\x01\x04\x01\x01\0"
FDB_VX, FDB_IPIP = "02:fe:00:00:00:02", "02:fe:00:00:00:04"
CLONE_NEWNET = 0x40000000


def mac_bytes(mac):
    return bytes.fromhex(mac.replace(":", ""))


def packet_socket_in(netns, iface):
    """An AF_PACKET socket bound to iface in the named netns."""
    libc = ctypes.CDLL(None, use_errno=True)
    here = os.open("/proc/self/ns/net", os.O_RDONLY)
    there = os.open("/var/run/netns/" + netns, os.O_RDONLY)
    try:
        if libc.setns(there, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + netns)
        try:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind((iface, 0))
        finally:
            if libc.setns(here, CLONE_NEWNET):
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(here)
        os.close(there)
    return s


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def set_csum(buf, at, start, end=None):
    """Write at buf[at:at+2] the Internet checksum of buf[start:end],
    computed with that field zeroed."""
    buf[at:at + 2] = b"\0\0"
    buf[at:at + 2] = struct.pack("!H", csum(bytes(buf[start:end])))


def fix_ip(pkt, off=ETH, total=None):
    """Set the outer IPv4 total length (unless given as-is) and checksum."""
    ihl = (pkt[off] & 0xf) * 4
    if total is None:
        total = len(pkt) - off
    pkt[off + 2:off + 4] = struct.pack("!H", total)
    set_csum(pkt, off + 10, off, off + ihl)
    return pkt


def ip6_exts(exts, last):
    """Extension headers of the types in exts, in order, the last followed
    by protocol last; the first header's type (last if none), the bytes."""
    out = b""
    for i, (kind, opts) in enumerate(exts):
        nxt = exts[i + 1][0] if i + 1 < len(exts) else last
        out += struct.pack("!BB", nxt, 0) + opts
    return (exts[0][0] if exts else last), out


def fill_udp(pkt, uoff, pseudo, zero=False, bad=False):
    """The length and checksum of the UDP header at uoff, the checksum over
    pseudo(ulen), the pseudo-header; zero leaves it 0, bad makes it wrong."""
    ulen = len(pkt) - uoff
    pkt[uoff + 4:uoff + 6] = struct.pack("!H", ulen)
    pkt[uoff + 6:uoff + 8] = b"\0\0"
    if zero:
        return pkt
    c = csum(pseudo(ulen) + bytes(pkt[uoff:])) or 0xffff
    if bad:
        c = (c + 1) & 0xffff or 1
    pkt[uoff + 6:uoff + 8] = struct.pack("!H", c)
    return pkt


def fix_udp6(pkt, uoff, zero=False):
    """UDP length and checksum (RFC 8200 8.1) of the UDP header at uoff, in
    an IPv6 packet after ETH; zero leaves the checksum 0."""
    return fill_udp(pkt, uoff, lambda n: bytes(pkt[ETH + 8:ETH + 40]) +
                    struct.pack("!I3xB", n, 17), zero)


def fix_udp(pkt, zero=False, bad=False):
    """UDP length and checksum of the outer UDP header after the IPv4 one."""
    return fill_udp(pkt, ETH + IP4, lambda n: bytes(pkt[ETH + 12:ETH + 20]) +
                    struct.pack("!BBH", 0, 17, n), zero, bad)


def r_short(have, i):
    """A payload length inside the UDP datagram of a packet of have bytes
    of payload: past the UDP header (UDP sees a datagram shorter than its
    length field), else IPv6 would trim it to nothing UDP could read."""
    return UDPH + i % (have - UDPH)


class Fuzzer:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.node = args.node
        self.n = args.per_class
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.sock.bind((args.iface, 0))
        self.my_mac = ":".join("%02x" % b for b in self.sock.getsockname()[4][:6])
        self.node_mac = self.run(["ip", "-j", "link", "show", "eth0"], j=True)[0]["address"]
        self.vxip_mac = self.run(["ip", "-j", "link", "show", "vxip0"],
                                 j=True)[0]["address"]
        self.eth_hdr = (bytes.fromhex(self.node_mac.replace(":", "")) +
                        bytes.fromhex(self.my_mac.replace(":", "")) + b"\x08\x00")
        self.eth_hdr6 = self.eth_hdr[:12] + b"\x86\xdd"
        self.templates = {}
        self.shell = None
        self.txsock = packet_socket_in(self.node, "vxip0") if args.tx else None
        self.failed = 0
        self.sent = {}
        self.testno = 0

    def run(self, cmd, j=False):
        out = subprocess.run(["ip", "netns", "exec", self.node] + cmd,
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out) if j else out

    def counters(self):
        """vxip0's ethtool and rtnl counters, and the node's IP/UDP MIBs.

        ethtool -S runs in one shell in the node's netns, started once: an
        "ip netns exec" per reading (a mount namespace and a sysfs mount
        each, then ip twice) took most of a class's time in a KASAN guest.
        The rest is read here, through that shell's /proc entry (its netns
        and its mount namespace, where ip mounted the netns's sysfs): a
        process of its own each, cat took a second of a class's time."""
        if not self.shell:
            self.shell = subprocess.Popen(["ip", "netns", "exec", self.node, "sh"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          text=True)
        self.shell.stdin.write("ethtool -S vxip0; echo @@end\n")
        self.shell.stdin.flush()
        out = []
        for line in self.shell.stdout:
            if line == "@@end\n":
                break
            out.append(line)
        else:
            raise RuntimeError("the counters shell in %s exited" % self.node)
        eth = "".join(out)
        proc = "/proc/%d" % self.shell.pid

        def read(*paths):
            text = ""
            for path in paths:
                with open(proc + path) as f:
                    text += f.read()
            return text
        link = read("/root/sys/class/net/vxip0/statistics/rx_packets",
                    "/root/sys/class/net/eth0/statistics/tx_packets")
        mibs = read("/net/snmp", "/net/netstat")
        mibs6 = read("/net/snmp6")
        c = {}
        for line in eth.splitlines():
            k, _, v = line.strip().partition(":")
            if v.strip().isdigit():
                c[k] = int(v)
        c["rx_packets"], c["underlay.tx_packets"] = (int(x) for x in link.split())
        lines = mibs.splitlines()
        for h, v in zip(lines[::2], lines[1::2]):
            proto = h.split(":")[0]
            for k, x in zip(h.split()[1:], v.split()[1:]):
                c["%s.%s" % (proto, k)] = int(x)
        for line in mibs6.splitlines():	# "Ip6InReceives   12", one a line
            k, _, v = line.partition(" ")
            if v.strip().isdigit():
                c[k] = int(v)
        return c

    # ---- templates (scapy) ------------------------------------------------

    # Packets are assembled from byte templates built once with scapy and
    # patched per packet (IDs, ports, MACs, checksums): a TCG guest under
    # KASAN builds about 30 scapy packets a second, and the long mode sends
    # over 100k.

    def outer(self, src, proto, payload):
        """Ethernet + IPv4 (to the node) + payload, as a bytearray."""
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload),
                         self.rng.randrange(65536), 0, 64, proto, 0,
                         socket.inet_aton(src), socket.inet_aton(NODE))
        return fix_ip(bytearray(self.eth_hdr + ip + payload))

    def inner_frame(self, src_mac=None, payload=b"vxip-fuzz"):
        """An echo reply to the node: delivered, and draws no answer."""
        t = self.templates.get(payload)
        if t is None:
            t = bytes(raw(Ether(src="02:00:00:00:00:01", dst=self.vxip_mac) /
                          IP(src="10.244.0.9", dst="10.244.0.1") /
                          ICMP(type=0, id=0) / Raw(payload)))
            self.templates[payload] = t
        f = bytearray(t)
        f[6:12] = (bytes.fromhex(src_mac.replace(":", "")) if src_mac else
                   b"\x02\x00\x00" + bytes(self.rng.randrange(256) for _ in range(3)))
        icmp = ETH + IP4
        f[icmp + 4:icmp + 6] = struct.pack("!H", self.rng.randrange(65536))
        set_csum(f, icmp + 2, icmp)
        return bytes(f)

    def vxlan(self, inner=None, src=VX_PEER, vni=VNI, flags=0x08):
        inner = inner if inner is not None else self.inner_frame()
        if not isinstance(inner, (bytes, bytearray)):
            inner = bytes(raw(inner))
        # The header by hand: scapy's VXLAN layer moves the VNI when GPE
        # or GBP flag bits are set, and these flags are the test.
        udp = struct.pack("!HHHH", self.rng.randrange(32768, 61000), 4789, 0, 0)
        p = self.outer(src, 17, udp + struct.pack("!B3xI", flags, vni << 8) + inner)
        return fix_udp(p)

    def ipip_inner4(self, src="10.244.4.9"):
        t = self.templates.get("ipip")
        if t is None:
            t = bytes(raw(IP(src="10.244.4.9", dst="10.244.0.1", id=0) /
                          ICMP(type=0, id=0) / Raw(b"vxip-fuzz")))
            self.templates["ipip"] = t
        b = bytearray(t)
        b[12:16] = socket.inet_aton(src)
        b[4:6] = struct.pack("!H", self.rng.randrange(65536))
        set_csum(b, 10, 0, 20)
        b[24:26] = struct.pack("!H", self.rng.randrange(65536))
        set_csum(b, 22, 20)
        return bytes(b)

    def ipip(self, inner=None, proto=4):
        inner = inner if inner is not None else self.ipip_inner4()
        return self.outer(IPIP_PEER, proto, bytes(inner))

    def sixin4(self):
        return bytes(raw(IPv6(src="fd00:4::9", dst="fd00::1") /
                         ICMPv6EchoReply(id=self.rng.randrange(65536))))

    def outer6(self, src, proto, payload, hlim=64, exts=(), plen=None):
        """Ethernet + IPv6 (to the node) + extension headers + payload, a
        bytearray; plen overrides the payload length."""
        nh, ext = ip6_exts(exts, proto)
        if plen is None:
            plen = len(ext) + len(payload)
        ip6 = struct.pack("!IHBB16s16s", 0x60000000 | self.rng.randrange(1 << 20),
                          plen, nh, hlim, socket.inet_pton(socket.AF_INET6, src),
                          socket.inet_pton(socket.AF_INET6, NODE6))
        return bytearray(self.eth_hdr6 + ip6 + ext + payload)

    def vxlan6(self, src=VX6_PEER, hlim=64, exts=(), zero=False, cut=None):
        """VXLAN over IPv6 to the node; cut keeps that many bytes of UDP
        payload."""
        udp = struct.pack("!HHHH", self.rng.randrange(32768, 61000), 4789, 0, 0)
        payload = udp + struct.pack("!B3xI", 0x08, VNI << 8) + self.inner_frame()
        if cut is not None:
            payload = payload[:UDPH + cut]
        p = self.outer6(src, 17, payload, hlim, exts)
        return fix_udp6(p, ETH + IP6 + 8 * len(exts), zero)

    def ipip6(self, inner=None, proto=4, src=IPIP6_PEER, hlim=64, exts=(), plen=None):
        """IPv4 (proto 4) or IPv6 (41) in IPv6, from the IPIP peer fd00::4."""
        inner = inner if inner is not None else self.ipip_inner4("10.244.6.9")
        return self.outer6(src, proto, bytes(inner), hlim, exts, plen)

    def inner6(self):
        """An IPv6 echo reply from the route fd00:6::/64 behind fd00::4."""
        return bytes(raw(IPv6(src="fd00:6::9", dst="fd00:1::1") /
                         ICMPv6EchoReply(id=self.rng.randrange(65536))))

    def valid(self):
        return self.vxlan() if self.rng.random() < 0.5 else self.ipip()

    # ---- classes: (name, make(i) -> list of frames, expectations) ---------

    def classes(self):
        r = self.rng
        P = "port_rx_drop_"
        return [
            # VXLAN
            ("vxlan: truncated inside the VXLAN header", lambda i: [self.vx_trunc(i % 8)],
             {P + "bad_header": 1}),
            ("vxlan: header, then a runt inner frame (0-13 bytes)",
             lambda i: [self.vx_trunc(VXH + i % ETH)], {"rx_drop_runt": 1}),
            ("vxlan: inner IPv4 truncated at every offset",
             lambda i: [self.vx_trunc(VXH + ETH + i % 37)],
             {"rx_packets": 1, "Ip.InHdrErrors+IpExt.InTruncatedPkts": 1}),
            ("vxlan: flags without the I bit, or others set",
             lambda i: [self.vxlan(flags=r.choice([0, 0x0c, 0x88, 0xff, 0x01, 0x48]))],
             {"rx_drop_bad_header": 1}),
            ("vxlan: reserved bits set", lambda i: [self.vx_reserved()],
             {"rx_drop_bad_header": 1}),
            ("vxlan: unknown VNI", lambda i: [self.vxlan(vni=r.choice([0, 1, 43, 0xffffff, r.randrange(100, 1 << 24)]))],
             {P + "unknown_vni": 1}),
            ("vxlan: source is not a peer", lambda i: [self.vxlan(src=NOT_PEER)],
             {"rx_drop_unknown_source": 1}),
            ("vxlan: inner source MAC multicast, zero or ours",
             lambda i: [self.vxlan(self.inner_frame(r.choice(
                 ["01:00:5e:00:00:01", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", self.vxip_mac])))],
             {"rx_drop_bad_inner_mac": 1}),
            ("vxlan: VLAN-tagged inner frame is delivered",
             lambda i: [self.vxlan(self.vlan_frame())], {"rx_packets": 1}),
            ("vxlan: jumbo inner frame (9000 bytes) is delivered",
             lambda i: [self.vxlan(self.inner_frame(payload=bytes(8960)))], {"rx_packets": 1}),
            ("vxlan: unknown ethertype is delivered",
             lambda i: [self.vxlan(self.odd_ethertype())], {"rx_packets": 1}),
            ("udp: zero checksum accepted",
             lambda i: [fix_udp(self.vxlan(), zero=True)], {"rx_packets": 1}),
            ("udp: bad checksum dropped by UDP",
             lambda i: [fix_udp(self.vxlan(), bad=True)], {"Udp.InCsumErrors": 1}),
            # IP-in-IP and 6in4
            ("ipip: inner header truncated (< 20 bytes), dropped by tunnel4",
             lambda i: [self.ipip(self.ipip_inner4()[:i % 20])], {}),
            ("ipip: inner packet shorter than its total length",
             lambda i: [self.ipip(self.ipip_inner4()[:20 + i % 17])], {"rx_drop_inner_length": 1}),
            ("ipip: inner version is not 4",
             lambda i: [self.ipip(self.patch(self.ipip_inner4(), 0, (r.choice([0, 1, 5, 6, 15]) << 4) | 5))],
             {"rx_drop_inner_header": 1}),
            ("6in4: inner version is not 6",
             lambda i: [self.ipip(self.ipip_inner4() + bytes(20), proto=41)],
             {"rx_drop_inner_header": 1}),
            ("ipip: IHL below 5", lambda i: [self.ipip(self.patch(self.ipip_inner4(), 0, 0x40 | (i % 5)))],
             {"rx_drop_inner_header": 1}),
            ("ipip: total length below the header or beyond the packet",
             lambda i: [self.ipip(self.bad_totlen(i))], {"rx_drop_inner_length": 1}),
            ("6in4: payload length beyond the packet",
             lambda i: [self.ipip(self.sixin4()[:40 + i % 8], proto=41)], {"rx_drop_inner_length": 1}),
            ("ipip: spoofed inner source", lambda i: [self.ipip(self.ipip_inner4(self.spoofed()))],
             {"rx_drop_spoofed": 1}),
            ("ipip: outer fragments, shuffled, reassembled then delivered",
             lambda i: self.fragments("complete"), {"rx_packets": 1, "Ip.ReasmOKs": 1}),
            ("ipip: overlapping outer fragments dropped by reassembly",
             lambda i: self.fragments("overlap"), {"IpExt.ReasmOverlaps": 1}),
            ("ipip: inner fragments (first, middle, last) are delivered",
             lambda i: [self.ipip(self.inner_fragment(i))], {"rx_packets": 1}),
        ] + self.classes6()

    def classes6(self):
        """Over the IPv6 underlay."""
        r = self.rng
        i4 = self.ipip_inner4
        opts = [[(HBH, PADN6)], [(DSTOPTS, PADN6)], [(HBH, PADN6), (DSTOPTS, PADN6)]]
        return [
            ("vxlan6: truncated inside the VXLAN header",
             lambda i: [self.vxlan6(cut=i % 8)], {"port_rx_drop_bad_header": 1}),
            ("vxlan6: source is not a peer", lambda i: [self.vxlan6(src=NOT_PEER6)],
             {"rx_drop_unknown_source": 1}),
            ("vxlan6: zero UDP checksum, udp6-zero-csum-rx off",
             lambda i: [self.vxlan6(zero=True)], {"rx_drop_zero_csum": 1}),
            ("vxlan6: hop-by-hop or destination options before UDP, delivered",
             lambda i: [self.vxlan6(exts=opts[i % 3])], {"rx_packets": 1}),
            ("vxlan6: hop limit 0 is delivered (RFC 8200 drops it only when forwarding)",
             lambda i: [self.vxlan6(hlim=0)], {"rx_packets": 1}),
            ("ipv6: payload length beyond the packet, dropped by IPv6",
             lambda i: [self.plen6(i, 1)], {"Ip6InTruncatedPkts": 1}),
            ("ipv6: payload length short of the UDP datagram, dropped by UDP",
             lambda i: [self.plen6(i, -1)], {"Udp6InErrors": 1}),
            ("ip6ip: inner header truncated (< 20 bytes), dropped by tunnel6",
             lambda i: [self.ipip6(i4("10.244.6.9")[:i % 20])], {"Ip6InDelivers": 1}),
            ("ip6ip: outer payload length cut inside the inner packet",
             lambda i: [self.ipip6(plen=20 + i % 17)], {"rx_drop_inner_length": 1}),
            ("ip6ip: inner version not 4, or IHL below 5",
             lambda i: [self.ipip6(self.patch(i4("10.244.6.9"), 0,
                                              r.choice([0x05, 0x15, 0x65, 0xf5, 0x40, 0x44])))],
             {"rx_drop_inner_header": 1}),
            ("ip6ip6: inner payload length beyond the packet",
             lambda i: [self.ipip6(self.inner6()[:40 + i % 8], proto=41)],
             {"rx_drop_inner_length": 1}),
            ("ip6ip: encapsulation limit option before the inner header, delivered",
             lambda i: [self.ipip6(exts=[(DSTOPTS, ENCAP_LIMIT)])], {"rx_packets": 1}),
            ("ip6ip: hop limit 0 is delivered", lambda i: [self.ipip6(hlim=0)],
             {"rx_packets": 1}),
            ("ip6ip: source is not a peer, left to the other tunnel6 handlers",
             lambda i: [self.ipip6(src=NOT_PEER6)], {"Ip6InDelivers": 1}),
            ("ip6ip: spoofed inner source",
             lambda i: [self.ipip6(i4(self.spoofed("10.244.6.")))], {"rx_drop_spoofed": 1}),
        ]

    def plen6(self, i, sign):
        """VXLAN over IPv6 with a payload length past the packet's end
        (sign 1, by 1 to 64 bytes) or short of its UDP datagram (-1)."""
        p = self.vxlan6()
        have = len(p) - ETH - IP6
        plen = have + 1 + i % 64 if sign > 0 else r_short(have, i)
        p[ETH + 4:ETH + 6] = struct.pack("!H", plen)
        return p

    def tx_classes(self):
        """Frames sent on vxip0: each is dropped before any encap."""
        want = {"tx_drop_malformed": 1, "underlay.tx_packets": 0}
        return [
            ("tx: bare Ethernet header marked IPv4 or IPv6 (14 bytes)",
             lambda i: [self.tx_frame(i, 0)], want),
            ("tx: IPv4 or IPv6 header cut (1 to 19 or 39 bytes of it)",
             lambda i: [self.tx_frame(i, None)], want),
        ]

    def tx_frame(self, i, keep):
        """A frame to each destination in turn, IPv4 and IPv6 alternating,
        with keep bytes of a valid IP header (None: a random cut)."""
        dst = [FDB_VX, FDB_IPIP, self.vxip_mac, "ff:ff:ff:ff:ff:ff"][i % 4]
        v6 = (i // 4) % 2
        if v6:
            hdr = bytes(raw(IPv6(src="fd00::1", dst="fd00:4::9", nh=58, plen=8)))
        else:
            hdr = self.ipip_inner4("10.244.0.1")[:IP4]
            hdr = hdr[:16] + socket.inet_aton("10.244.4.9")
        if keep is None:
            keep = self.rng.randrange(1, len(hdr))
        return (mac_bytes(dst) + mac_bytes(self.vxip_mac) +
                (b"\x86\xdd" if v6 else b"\x08\x00") + hdr[:keep])

    # ---- mutations --------------------------------------------------------

    @staticmethod
    def patch(b, off, val):
        b = bytearray(b)
        b[off] = val
        return bytes(b)

    def spoofed(self, route="10.244.4."):
        """An inner source outside route (/24), the IPIP peer's route."""
        while True:
            a = "10.%d.%d.%d" % (self.rng.choice([0, 9, 99, 244]),
                                 self.rng.randrange(256), self.rng.randrange(1, 255))
            if not a.startswith(route):
                return a

    def vx_trunc(self, n):
        """A valid VXLAN packet with only n bytes of UDP payload."""
        p = self.vxlan()
        p = p[:ETH + IP4 + UDPH + n]
        return fix_udp(fix_ip(p))

    def vx_reserved(self):
        p = self.vxlan()
        v = ETH + IP4 + UDPH
        which = self.rng.choice([1, 2, 3, 7])
        p[v + which] = self.rng.randrange(1, 256)
        return fix_udp(p)

    def vlan_frame(self):
        return (Ether(src="02:00:00:00:77:01", dst=self.vxip_mac) /
                Dot1Q(vlan=self.rng.randrange(1, 4095)) /
                IP(src="10.244.0.9", dst="10.244.0.1") / ICMP(type=0))

    def odd_ethertype(self):
        t = self.rng.choice([0x0000, 0x0101, 0x05dc, 0x1234, 0x88b5, 0xffff])
        return Ether(src="02:00:00:00:77:02", dst=self.vxip_mac, type=t) / Raw(bytes(46))

    def bad_totlen(self, i):
        b = bytearray(self.ipip_inner4())
        tot = [0, 1, 19, len(b) + 1, 0xffff][i % 5]
        b[2:4] = struct.pack("!H", tot)
        set_csum(b, 10, 0, 20)
        return bytes(b)

    def inner_fragment(self, i):
        b = bytearray(self.ipip_inner4())
        frag = [0x2000, 0x2000 | 3, 3][i % 3]	# first, middle, last
        b[6:8] = struct.pack("!H", frag)
        set_csum(b, 10, 0, 20)
        return bytes(b)

    def fragments(self, kind):
        """One IPIP packet cut into outer fragments of 8-byte multiples."""
        inner = bytes(raw(IP(src="10.244.4.9", dst="10.244.0.1", id=self.rng.randrange(65536)) /
                          ICMP(type=0) / Raw(bytes(self.rng.randrange(40, 200)))))
        ident = self.rng.randrange(65536)
        if kind == "overlap":
            # [0, 16) and [8, 24): neither holds the other, so this is an
            # overlap (RFC 5722), not a duplicate; the queue is discarded.
            pieces = [(0, inner[:16]), (8, inner[8:24])]
        else:
            pieces, off = [], 0
            while off < len(inner):
                size = self.rng.choice([8, 16, 24, 48])
                pieces.append((off, inner[off:off + size]))
                off += size
        self.rng.shuffle(pieces)
        out = []
        for o, d in pieces:
            more = kind == "overlap" or o + len(d) < len(inner)
            ip = IP(src=IPIP_PEER, dst=NODE, proto=4, id=ident, frag=o // 8,
                    flags="MF" if more else 0)
            p = bytearray(raw(Ether(src=self.my_mac, dst=self.node_mac) / ip / Raw(d)))
            out.append(fix_ip(p))
        return out

    # ---- driving ----------------------------------------------------------

    def send_class(self, name, make, expect):
        before = self.counters()
        valid = bad = 0
        t0 = time.time()
        out = self.txsock if name.startswith("tx:") else self.sock
        for i in range(self.n):
            for f in make(i):
                out.send(bytes(f))
                self.sent[name] = self.sent.get(name, 0) + 1
            bad += 1
            if i % 9 == 8:
                self.sock.send(bytes(self.valid()))
                valid += 1
        time.sleep(0.3)
        after = self.counters()
        want = dict(expect)
        want["rx_packets"] = valid + bad * expect.get("rx_packets", 0)
        problems = []
        for key, per in want.items():
            if key == "rx_packets":
                n = per
            else:
                n = bad * per
            got = sum(after.get(k, 0) - before.get(k, 0) for k in key.split("+"))
            if got != n:
                problems.append("%s moved by %d, want %d" % (key, got, n))
        # No other vxip drop counter may move.
        for k in after:
            if ("drop" in k) and k not in want and after[k] != before.get(k, 0):
                problems.append("%s moved by %d, want 0" % (k, after[k] - before.get(k, 0)))
        self.testno += 1
        print("# %s: %d sent, %d valid interleaved, %.1fs" %
              (name, self.sent.get(name, 0), valid, time.time() - t0))
        if problems:
            self.failed += 1
            for p in problems:
                print("#   " + p)
            moved = ["%s +%d" % (k, after[k] - before.get(k, 0)) for k in sorted(after)
                     if after[k] != before.get(k, 0)]
            print("#   all that moved: " + ", ".join(moved))
            print("not ok %d %s" % (self.testno, name))
        else:
            print("ok %d %s" % (self.testno, name))
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node", required=True)
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-class", type=int, default=200)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--tx", action="store_true",
                    help="send on the node's vxip0 instead (transmit path)")
    args = ap.parse_args()
    fz = Fuzzer(args)
    classes = fz.tx_classes() if args.tx else fz.classes()
    if args.only:
        classes = [c for c in classes if any(o in c[0] for o in args.only)]
    print("TAP version 13")
    print("1..%d" % len(classes))
    print("# seed %d, %d per class" % (args.seed, args.per_class))
    for name, make, expect in classes:
        fz.send_class(name, make, expect)
    total = sum(fz.sent.values())
    print("# pktfuzz: %d malformed or edge-case packets in %d classes, seed %d" %
          (total, len(classes), args.seed))
    return 1 if fz.failed else 0


if __name__ == "__main__":
    sys.exit(main())
