#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make bench, host side: raw guest figures to a table, JSON and a chart.

    report.py RAW OUTDIR [--check]

RAW holds "CONFIG METRIC VALUE UNIT [rN]" lines (one per repetition; rN
names it) and "meta" lines, as tests/bench/bench.sh writes them.  A ratio
(vxip / native, vxip / bare) is paired: the median, min and max of the
ratios of the figures of the same repetition, with n, the number of pairs,
and the repetitions that produced no pair, shown as failed.  Writes OUTDIR/results.json
and OUTDIR/bench.png, prints the table and a one-line summary.  With
--check, exits 1 if any metric the run should have produced is missing:
that is all the smoke test asserts, never a figure.
"""
import json
import os
import statistics
import subprocess
import sys

CONFIGS = ["bare", "vxlan", "ipip", "vxip-vxlan", "vxip-ipip",
           "vxlan6", "ip6tnl", "vxip-vxlan6", "vxip-ip6ip"]
NATIVE = {"vxip-vxlan": "vxlan", "vxip-ipip": "ipip",
          "vxip-vxlan6": "vxlan6", "vxip-ip6ip": "ip6tnl"}
# Each vxip configuration and its native one, in the order of the table's
# ratio columns and the ratio panel's bars.
PAIRS = list(NATIVE.items())
# vxip-gossip's convergence (bench.sh): what node 5 does, seen on the others.
GOSSIP_EVENTS = ("kill", "join", "tag", "leave")
PER_CONFIG = ["tcp_stream_1", "tcp_stream_4", "udp64_pps", "udp64_loss",
              "udp64_cpu_per_pkt", "tcp_rr_latency", "tcp_rr_p99",
              # the same with the underlay as a NIC has it (bench.sh nic_like)
              "tcp_stream_1_nic", "tcp_stream_4_nic", "udp64_pps_nic",
              "udp64_loss_nic", "udp64_cpu_per_pkt_nic"]
# Lower is better for these (the ratios are still value / reference).
LOWER_BETTER = ("latency", "p99", "cpu_per_pkt", "loss", "program_", "kmem",
                "retrans", "drops")
# Counts, often 0: shown, never divided.
NO_RATIO = ("_loss", "_retrans", "_drops")
STREAMS = ["tcp_stream_1", "tcp_stream_4", "tcp_stream_1_nic", "tcp_stream_4_nic"]


def human(n):
    if n >= 1024 and n % 1024 == 0:
        return "%dk" % (n // 1024)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def load(path):
    """meta, values[(cfg, metric)] = [v...], units[metric], and
    byrep[(cfg, metric)] = {rep: v}.  A figure without a repetition tag
    (a raw file from before them) is numbered by its order."""
    meta, values, units, byrep = {}, {}, {}, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "meta":
                meta[parts[1]] = parts[2:]
                continue
            rep = None
            if len(parts) == 5 and parts[4][:1] == "r" and parts[4][1:].isdigit():
                rep = int(parts[4][1:])
                parts = parts[:4]
            if len(parts) != 4:
                continue
            cfg, metric, value, unit = parts
            try:
                v = float(value)
            except ValueError:
                continue
            values.setdefault((cfg, metric), []).append(v)
            units[metric] = unit
            reps = byrep.setdefault((cfg, metric), {})
            reps[rep if rep is not None else len(reps) + 1] = v
    return meta, values, units, byrep


def paired(byrep, meta, a, b):
    """The ratios a / b of the same repetitions: None, or a dict with the
    median, min, max, n (pairs) and failed (repetitions with no pair:
    out of the run's reps, or of those either side has)."""
    x, y = byrep.get(a), byrep.get(b)
    if not x or not y or a[1].endswith(NO_RATIO):
        return None
    r = [x[k] / y[k] for k in sorted(set(x) & set(y)) if y[k]]
    if not r:
        return None
    try:
        want = int(meta.get("mode", ["", "reps=0"])[1].split("=")[1])
    except (IndexError, ValueError):
        want = 0
    want = max(want, len(set(x) | set(y)))
    return {"median": statistics.median(r), "min": min(r), "max": max(r),
            "n": len(r), "failed": want - len(r)}


def pfmt(p):
    """1.02x [0.98-1.10] n=5, and how many repetitions failed."""
    if not p:
        return ""
    out = "%.2fx [%.2f-%.2f] n=%d" % (p["median"], p["min"], p["max"], p["n"])
    return out + (" FAILED %d" % p["failed"] if p["failed"] else "")


def expected(meta):
    sizes = [human(int(s)) for s in meta.get("sizes", [])]
    cp = human(int(meta.get("cp_n", ["0"])[0]))
    want = [(c, m) for c in CONFIGS for m in PER_CONFIG]
    want += [(c, m + "_retrans") for c in CONFIGS for m in STREAMS]
    want += [(c, m + "_path_drops") for c in CONFIGS for m in STREAMS]
    want += [(c, m + "_drops") for c in NATIVE for m in STREAMS]
    want.append(("sender", "udp64_pps"))
    want += [(c, "flood_tcp_stream_1" + n) for c in ("vxlan", "vxip-vxlan")
             for n in ("", "_nic")]
    for s in sizes:
        want += [(c, "tx_pps_fdb_" + s) for c in ("vxlan", "vxip-vxlan")]
        want += [(c, "tx_pps_routes_" + s) for c in ("ipip", "vxip-ipip")]
    for c in ("vxlan", "vxip-vxlan"):
        want += [(c, "program_%s_fdb" % cp), (c, "fdb_kmem_per_entry"),
                 (c, "program_%s_routes" % cp), (c, "routes_kmem_per_entry")]
    want += [("vxip-vxlan", "genl_fdb_new_" + m) for m in ("sync", "batch")]
    want += [("gossip", "%s_%s" % (e, k)) for e in GOSSIP_EVENTS
             for k in ("total", "serf", "bridge")]
    bulk = human(int(meta.get("evpn_bulk", ["0"])[0]))
    for c in ("evpn-vxip", "evpn-frr"):
        want += [(c, "type2_%s_%s" % (w, k)) for w in ("add", "del") for k in ("median", "p99")]
        want.append((c, "program_%s_type2" % bulk))
    want += [("evpn-vxip", "import_share_%s" % k)
             for k in ("mean", "kernel_mean", "cpu_mean", "max_event")]
    return want, sizes, cp


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    raw, outdir = sys.argv[1], sys.argv[2]
    check = "--check" in sys.argv[3:]
    meta, values, units, byrep = load(raw)
    want, sizes, cp = expected(meta)
    # The short mode is a smoke test: one repetition says nothing about a
    # ratio, so it shows none.
    quick = meta.get("mode", [""])[0] == "quick"

    med = {k: statistics.median(v) for k, v in values.items()}
    results = []
    metrics = []
    for (cfg, metric) in want + sorted(set(values) - set(want)):
        if metric not in metrics:
            metrics.append(metric)
        if (cfg, metric) not in values:
            continue
        v = values[(cfg, metric)]
        m = med[(cfg, metric)]
        nat = NATIVE.get(cfg)
        rn = paired(byrep, meta, (cfg, metric), (nat, metric)) if nat and not quick else None
        rb = None
        if cfg not in ("bare", "sender") and not quick:
            rb = paired(byrep, meta, (cfg, metric), ("bare", metric))
        results.append({"config": cfg, "metric": metric, "median": m,
                        "min": min(v), "max": max(v), "n": len(v),
                        "unit": units.get(metric, ""),
                        "ratio_vs_native": rn, "ratio_vs_bare": rb})

    # What the figures were measured under (bench.sh conditions), from
    # next to RAW.
    conditions = None
    try:
        with open(os.path.join(os.path.dirname(raw), "conditions.json")) as f:
            conditions = json.load(f)
    except (OSError, ValueError):
        pass
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"meta": {k: " ".join(v) for k, v in meta.items()},
                   "conditions": conditions, "results": results}, f, indent=1)

    print_table(metrics, values, med, units, meta, None if quick else byrep)
    if quick:
        summary = ("quick mode, a smoke test: no ratios (one repetition says "
                   "nothing about them)")
    else:
        summary = summarize(med, values, sizes, cp, byrep, meta)
    print()
    print("summary: " + summary)
    with open(os.path.join(outdir, "summary.txt"), "w") as f:
        f.write(summary + "\n")
    chart(outdir, med, values, sizes,
          None if quick else lambda a, b: paired(byrep, meta, a, b))

    missing = [w for w in want if w not in values]
    if missing:
        print("\nmissing metrics: " +
              ", ".join("%s/%s" % m for m in missing))
    if conditions is None:
        print("\nno conditions.json next to %s" % raw)
    if check:
        print("bench smoke: %d of %d metrics produced%s" %
              (len(want) - len(missing), len(want),
               "" if conditions else ", no conditions recorded"))
        return 1 if missing or not conditions else 0
    return 0


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.2f" % x


def print_table(metrics, values, med, units, meta, byrep):
    cols = CONFIGS + ["sender"]
    print("vxip bench: %s" % " ".join(
        "%s=%s" % (k, " ".join(v)) for k, v in meta.items() if k != "sizes"))
    if byrep is None:
        print("median [min-max] over the repetitions; no ratios in the quick mode\n")
    else:
        print("median [min-max] over the repetitions; ratio = vxip / native, per")
        print("repetition: median [min-max] of the ratios, n pairs, FAILED if a")
        print("repetition gave no pair\n")
    head = "%-26s %-7s" % ("metric", "unit")
    for c in cols:
        head += " %-21s" % c
    if byrep is not None:
        for _, nat in PAIRS:
            head += " %-31s" % (nat + "-r")
    print(head)
    for metric in metrics:
        cells = [(c, values.get((c, metric))) for c in cols]
        if not any(v for _, v in cells):
            continue
        line = "%-26s %-7s" % (metric, units.get(metric, ""))
        for c, v in cells:
            if v:
                cell = "%s [%s-%s]" % (fmt(med[(c, metric)]), fmt(min(v)),
                                       fmt(max(v)))
                line += " %-21s" % cell
            else:
                line += " %-21s" % "."
        for vx, nat in PAIRS:
            if byrep is not None:
                line += " %-31s" % pfmt(paired(byrep, meta, (vx, metric), (nat, metric)))
        print(line.rstrip())
    rows = [m for m in metrics if ("gossip", m) in values]
    if rows:
        print("\ngossip convergence, node 5 seen on n1..n4 (ms): median [min-max], n")
        for metric in rows:
            v = values[("gossip", metric)]
            print("%-26s %s [%s-%s] n=%d" % (metric, fmt(med[("gossip", metric)]),
                                            fmt(min(v)), fmt(max(v)), len(v)))
    rows = [m for m in metrics if ("evpn-vxip", m) in values or ("evpn-frr", m) in values]
    if rows:
        print("\nEVPN convergence, type-2 routes from n2's GoBGP (%s one at a time):"
              % " ".join(meta.get("evpn_n", ["?"])))
        print("%-26s %-7s %-12s %-12s" % ("metric", "unit", "vxip-evpn", "FRR"))
        for metric in rows:
            print("%-26s %-7s %-12s %-12s" % (
                metric, units.get(metric, ""),
                fmt(med.get(("evpn-vxip", metric))), fmt(med.get(("evpn-frr", metric)))))



def summarize(med, values, sizes, cp, byrep, meta):
    def ratio(a, b):
        p = paired(byrep, meta, a, b)
        return p["median"] if p else None

    def r(a, b, metric):
        x = ratio((a, metric), (b, metric))
        return ("%.2fx" % x) if x is not None else "n/a"

    parts = []
    for m, name in (("tcp_stream_1", "TCP1"), ("tcp_stream_4", "TCP4"),
                    ("udp64_pps", "pps64"), ("tcp_rr_latency", "RR-lat"),
                    ("tcp_stream_1_nic", "TCP1-nic"), ("tcp_stream_4_nic", "TCP4-nic"),
                    ("udp64_pps_nic", "pps64-nic")):
        parts.append("%s vxlan %s ipip %s (bare %s/%s) vxlan6 %s ip6tnl %s" % (
            name, r("vxip-vxlan", "vxlan", m), r("vxip-ipip", "ipip", m),
            r("vxip-vxlan", "bare", m), r("vxip-ipip", "bare", m),
            r("vxip-vxlan6", "vxlan6", m), r("vxip-ip6ip", "ip6tnl", m)))
    parts.append("flood to 4 VTEPs, TCP: %s Linux vxlan (NIC-like %s)" % (
        r("vxip-vxlan", "vxlan", "flood_tcp_stream_1"),
        r("vxip-vxlan", "vxlan", "flood_tcp_stream_1_nic")))
    if sizes:
        big, small = "tx_pps_fdb_" + sizes[-1], "tx_pps_fdb_" + sizes[0]
        own = ratio(("vxip-vxlan", big), ("vxip-vxlan", small))
        parts.append("FDB %s: %s Linux vxlan, %s own %s" % (
            sizes[-1], r("vxip-vxlan", "vxlan", big),
            ("%.2fx" % own) if own else "n/a", sizes[0]))
        rb = "tx_pps_routes_" + sizes[-1]
        parts.append("routes %s: %s Linux ipip" % (
            sizes[-1], r("vxip-ipip", "ipip", rb)))
    f = ratio(("vxlan", "program_%s_fdb" % cp),
              ("vxip-vxlan", "program_%s_fdb" % cp))
    parts.append("program %s FDB (tool vs tool, both -force: vxipctl -b, bridge -batch) %s faster, %s vs %s B/entry" % (
        cp, ("%.1fx" % f) if f else "n/a",
        fmt(med.get(("vxip-vxlan", "fdb_kmem_per_entry"))),
        fmt(med.get(("vxlan", "fdb_kmem_per_entry")))))
    f = ratio(("vxlan", "program_%s_routes" % cp),
              ("vxip-vxlan", "program_%s_routes" % cp))
    parts.append("program %s routes %s faster" % (cp, ("%.1fx" % f) if f else "n/a"))
    parts.append("FDB_NEW through the family: %s req/s one per send(), %s 64 per send()" % (
        fmt(med.get(("vxip-vxlan", "genl_fdb_new_sync"))),
        fmt(med.get(("vxip-vxlan", "genl_fdb_new_batch")))))
    add = (med.get(("evpn-vxip", "type2_add_median")), med.get(("evpn-frr", "type2_add_median")))
    if all(add):
        parts.append("EVPN type-2 add: vxip-evpn %s ms, FRR %s ms (median); vxip-evpn's share %s us/route" % (
            fmt(add[0]), fmt(add[1]), fmt(med.get(("evpn-vxip", "import_share_mean")))))
    bridge = [x for e in GOSSIP_EVENTS for x in values.get(("gossip", e + "_bridge"), [])]
    if bridge:
        parts.append("gossip: kill -> removed %s ms (Serf %s), bridge's share at most %s ms" % (
            fmt(med.get(("gossip", "kill_total"))), fmt(med.get(("gossip", "kill_serf"))),
            fmt(max(bridge))))
    return "; ".join(parts)


# The ratio panel: vxip / native per repetition, for these metrics.
RATIO_PANEL = [("tcp_stream_1", "TCP1"), ("tcp_stream_4", "TCP4"),
               ("udp64_pps", "pps64"), ("tcp_rr_latency", "RR lat"),
               ("tcp_stream_1_nic", "TCP1 nic"), ("tcp_stream_4_nic", "TCP4 nic"),
               ("udp64_pps_nic", "pps64 nic"), ("flood_tcp_stream_1", "flood"),
               ("flood_tcp_stream_1_nic", "flood nic")]


def chart(outdir, med, values, sizes, ratio_of):
    """Bar charts with min-max whiskers, and (ratio_of: the paired ratio of
    two (config, metric) keys; None in the quick mode) a panel of paired
    ratios with a line at 1.0, through gnuplot."""
    data = os.path.join(outdir, "chart.dat")
    panels = [("tcp_stream_1", "TCP, 1 stream (Mbit/s)"),
              ("tcp_stream_4", "TCP, 4 streams (Mbit/s)"),
              ("udp64_pps", "UDP 64 B delivered (kpps)"),
              ("tcp_rr_latency", "TCP request/response (us)")]
    blocks = []
    for metric, _ in panels:
        rows = []
        for i, c in enumerate(CONFIGS):
            v = values.get((c, metric))
            if not v:
                continue
            div = 1000.0 if metric == "udp64_pps" else 1.0
            rows.append("%d %s %g %g %g" % (i, c, med[(c, metric)] / div,
                                            min(v) / div, max(v) / div))
        blocks.append("\n".join(rows) or "0 none 0 0 0")
    for kind, pair in (("fdb", ("vxlan", "vxip-vxlan")),
                       ("routes", ("ipip", "vxip-ipip"))):
        rows = []
        for i, s in enumerate(sizes):
            m = "tx_pps_%s_%s" % (kind, s)
            cells = []
            for c in pair:
                v = values.get((c, m)) or [0]
                cells.append("%g %g %g" % (med.get((c, m), 0) / 1000.0,
                                           min(v) / 1000.0, max(v) / 1000.0))
            rows.append("%d %s %s" % (i, s, " ".join(cells)))
        blocks.append("\n".join(rows) or "0 none 0 0 0 0 0 0")
    rows = []
    for i, (metric, label) in enumerate(RATIO_PANEL):
        cells = []
        for vx, nat in PAIRS:
            p = ratio_of((vx, metric), (nat, metric)) if ratio_of else None
            cells += ["%g %g %g" % (p["median"], p["min"], p["max"])
                      if p else "NaN NaN NaN"]
        rows.append('%d "%s" %s' % (i, label, " ".join(cells)))
    blocks.append("\n".join(rows))
    with open(data, "w") as f:
        f.write("\n\n\n".join(blocks) + "\n")
    # Two rows of three panels, and the ratio panel across the third row
    # (or, in the quick mode, two rows only).
    rows = 3 if ratio_of else 2
    h = 0.95 / rows

    def place(k, wide=False):
        return ["set origin %g,%g" % (0 if wide else (k % 3) / 3.0, 0.95 - (k // 3 + 1) * h),
                "set size %g,%g" % (1 if wide else 1 / 3.0, h)]

    script = ['set terminal pngcairo size 1500,%d font "sans,10"' % (450 * rows),
              'set output "%s"' % os.path.join(outdir, "bench.png"),
              "set multiplot title 'vxip bench (TCG guest; ratios matter, not absolutes)'",
              "set style fill solid 0.6 border -1", "set boxwidth 0.6",
              "set yrange [0:*]", "set offsets 0, 0, graph 0.2, 0",
              "set grid ytics", "unset key"]
    for i, (_, title) in enumerate(panels):
        script += place(i) + ["set title '%s'" % title,
                   "set xrange [-0.6:%g]" % (len(CONFIGS) - 0.4),
                   "set xtics rotate by -35",
                   "plot '%s' index %d using 1:3:xtic(2) with boxes lc 2, "
                   "'' index %d using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0"
                   % (data, i, i)]
    script.append("set xtics norotate")
    for j, (title, a, b) in enumerate(
            (("TX kpps vs FDB entries", "Linux vxlan", "vxip"),
             ("TX kpps vs routes", "Linux ipip (FIB)", "vxip LPM"))):
        script += place(4 + j) + ["set title '%s'" % title, "set key top center horizontal",
                   "set xrange [-0.6:%g]" % (len(sizes) - 0.4),
                   "set style data histogram", "set style histogram errorbars gap 1 lw 1",
                   "plot '%s' index %d using 3:4:5:xtic(2) title '%s', '' index %d using 6:7:8 title '%s'"
                   % (data, 4 + j, a, 4 + j, b),
                   "set style data lines", "unset key"]
    if ratio_of:
        n = len(RATIO_PANEL)
        w = 0.8 / len(PAIRS)
        plots = []
        for k, (vx, nat) in enumerate(PAIRS):
            x = "($1%+g)" % ((k - (len(PAIRS) - 1) / 2.0) * w)
            col = 3 + 3 * k
            plots += ["'%s' index 6 using %s:%d%s with boxes lc %d title '%s / %s'"
                      % (data if k == 0 else "", x, col, ":xtic(2)" if k == 0 else "",
                         k + 2, vx, nat),
                      "'' index 6 using %s:%d:%d:%d with yerrorbars lc rgb 'black' pt 0 notitle"
                      % (x, col, col + 1, col + 2)]
        script += place(6, wide=True) + [
                   "set title 'vxip / native, per repetition: median, min-max (above 1: vxip better, but for RR latency)'",
                   "set key top left horizontal", "set xrange [-0.6:%g]" % (n - 0.4),
                   "set yrange [0:*]", "set boxwidth %g" % (w * 0.9),
                   "plot " + ", ".join(plots) + ", 1 with lines lc rgb 'red' dt 2 notitle"]
    script.append("unset multiplot")
    try:
        subprocess.run(["gnuplot"], input="\n".join(script), text=True,
                       check=True, capture_output=True)
        print("chart: %s" % os.path.join(outdir, "bench.png"))
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", "") or str(e)
        print("chart: gnuplot failed: %s" % err.strip()[:400])


if __name__ == "__main__":
    sys.exit(main())
