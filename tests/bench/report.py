#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make bench, host side: raw guest figures to a table, JSON and a chart.

    report.py RAW OUTDIR [--check]

RAW holds "CONFIG METRIC VALUE UNIT" lines (one per repetition) and "meta"
lines, as tests/bench/bench.sh writes them.  Writes OUTDIR/results.json
and OUTDIR/bench.png, prints the table and a one-line summary.  With
--check, exits 1 if any metric the run should have produced is missing:
that is all the smoke test asserts, never a figure.
"""
import json
import os
import statistics
import subprocess
import sys

CONFIGS = ["bare", "vxlan", "ipip", "vxip-vxlan", "vxip-ipip"]
NATIVE = {"vxip-vxlan": "vxlan", "vxip-ipip": "ipip"}
# vxip-gossip's convergence (bench.sh): what node 5 does, seen on the others.
GOSSIP_EVENTS = ("kill", "join", "tag", "leave")
PER_CONFIG = ["tcp_stream_1", "tcp_stream_4", "udp64_pps", "udp64_loss",
              "udp64_cpu_per_pkt", "tcp_rr_latency", "tcp_rr_p99",
              # the same with the underlay as a NIC has it (bench.sh nic_like)
              "tcp_stream_1_nic", "tcp_stream_4_nic", "udp64_pps_nic",
              "udp64_loss_nic", "udp64_cpu_per_pkt_nic"]
# Lower is better for these (the ratios are still value / reference).
LOWER_BETTER = ("latency", "p99", "cpu_per_pkt", "loss", "program_", "kmem")


def human(n):
    if n >= 1024 and n % 1024 == 0:
        return "%dk" % (n // 1024)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def load(path):
    meta, values, units = {}, {}, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "meta":
                meta[parts[1]] = parts[2:]
                continue
            if len(parts) != 4:
                continue
            cfg, metric, value, unit = parts
            try:
                v = float(value)
            except ValueError:
                continue
            values.setdefault((cfg, metric), []).append(v)
            units[metric] = unit
    return meta, values, units


def expected(meta):
    sizes = [human(int(s)) for s in meta.get("sizes", [])]
    cp = human(int(meta.get("cp_n", ["0"])[0]))
    want = [(c, m) for c in CONFIGS for m in PER_CONFIG]
    want.append(("sender", "udp64_pps"))
    for s in sizes:
        want += [(c, "tx_pps_fdb_" + s) for c in ("vxlan", "vxip-vxlan")]
        want += [(c, "tx_pps_routes_" + s) for c in ("ipip", "vxip-ipip")]
    for c in ("vxlan", "vxip-vxlan"):
        want += [(c, "program_%s_fdb" % cp), (c, "fdb_kmem_per_entry"),
                 (c, "program_%s_routes" % cp), (c, "routes_kmem_per_entry")]
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
    meta, values, units = load(raw)
    want, sizes, cp = expected(meta)

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
        rn = m / med[(nat, metric)] if nat and med.get((nat, metric)) else None
        rb = None
        if cfg not in ("bare", "sender") and med.get(("bare", metric)):
            rb = m / med[("bare", metric)]
        results.append({"config": cfg, "metric": metric, "median": m,
                        "min": min(v), "max": max(v), "n": len(v),
                        "unit": units.get(metric, ""),
                        "ratio_vs_native": rn, "ratio_vs_bare": rb})

    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"meta": {k: " ".join(v) for k, v in meta.items()},
                   "results": results}, f, indent=1)

    print_table(metrics, values, med, units, meta)
    summary = summarize(med, values, sizes, cp)
    print()
    print("summary: " + summary)
    with open(os.path.join(outdir, "summary.txt"), "w") as f:
        f.write(summary + "\n")
    chart(outdir, med, values, sizes)

    missing = [w for w in want if w not in values]
    if missing:
        print("\nmissing metrics: " +
              ", ".join("%s/%s" % m for m in missing))
    if check:
        print("bench smoke: %d of %d metrics produced" %
              (len(want) - len(missing), len(want)))
        return 1 if missing else 0
    return 0


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.2f" % x


def print_table(metrics, values, med, units, meta):
    cols = CONFIGS + ["sender"]
    print("vxip bench: %s" % " ".join(
        "%s=%s" % (k, " ".join(v)) for k, v in meta.items() if k != "sizes"))
    print("median [min-max] over the repetitions; ratio = vxip / native\n")
    head = "%-26s %-7s" % ("metric", "unit")
    for c in cols:
        head += " %-21s" % c
    head += " %-10s %-10s" % ("vxlan-r", "ipip-r")
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
        for vx, nat in (("vxip-vxlan", "vxlan"), ("vxip-ipip", "ipip")):
            a, b = med.get((vx, metric)), med.get((nat, metric))
            line += " %-10s" % (("%.2fx" % (a / b)) if a and b else "")
        print(line)
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



def ratio(med, a, b):
    x, y = med.get(a), med.get(b)
    return x / y if x is not None and y else None


def summarize(med, values, sizes, cp):
    def r(a, b, metric):
        x = ratio(med, (a, metric), (b, metric))
        return ("%.2fx" % x) if x is not None else "n/a"

    parts = []
    for m, name in (("tcp_stream_1", "TCP1"), ("tcp_stream_4", "TCP4"),
                    ("udp64_pps", "pps64"), ("tcp_rr_latency", "RR-lat"),
                    ("tcp_stream_1_nic", "TCP1-nic"), ("tcp_stream_4_nic", "TCP4-nic"),
                    ("udp64_pps_nic", "pps64-nic")):
        parts.append("%s vxlan %s ipip %s (bare %s/%s)" % (
            name, r("vxip-vxlan", "vxlan", m), r("vxip-ipip", "ipip", m),
            r("vxip-vxlan", "bare", m), r("vxip-ipip", "bare", m)))
    if sizes:
        big, small = "tx_pps_fdb_" + sizes[-1], "tx_pps_fdb_" + sizes[0]
        parts.append("FDB %s: %s Linux vxlan, %s own %s" % (
            sizes[-1], r("vxip-vxlan", "vxlan", big),
            ("%.2fx" % ratio(med, ("vxip-vxlan", big), ("vxip-vxlan", small)))
            if ratio(med, ("vxip-vxlan", big), ("vxip-vxlan", small)) else "n/a",
            sizes[0]))
        rb = "tx_pps_routes_" + sizes[-1]
        parts.append("routes %s: %s Linux ipip" % (
            sizes[-1], r("vxip-ipip", "ipip", rb)))
    f = ratio(med, ("vxlan", "program_%s_fdb" % cp),
              ("vxip-vxlan", "program_%s_fdb" % cp))
    parts.append("program %s FDB %s faster, %s vs %s B/entry" % (
        cp, ("%.1fx" % f) if f else "n/a",
        fmt(med.get(("vxip-vxlan", "fdb_kmem_per_entry"))),
        fmt(med.get(("vxlan", "fdb_kmem_per_entry")))))
    f = ratio(med, ("vxlan", "program_%s_routes" % cp),
              ("vxip-vxlan", "program_%s_routes" % cp))
    parts.append("program %s routes %s faster" % (cp, ("%.1fx" % f) if f else "n/a"))
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


def chart(outdir, med, values, sizes):
    """Bar charts with min-max error bars, through gnuplot."""
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
            a = med.get((pair[0], m), 0) / 1000.0
            b = med.get((pair[1], m), 0) / 1000.0
            rows.append("%d %s %g %g" % (i, s, a, b))
        blocks.append("\n".join(rows) or "0 none 0 0")
    with open(data, "w") as f:
        f.write("\n\n\n".join(blocks) + "\n")
    script = ['set terminal pngcairo size 1500,900 font "sans,10"',
              'set output "%s"' % os.path.join(outdir, "bench.png"),
              "set multiplot layout 2,3 title 'vxip bench (TCG guest; ratios matter, not absolutes)'",
              "set style fill solid 0.6 border -1", "set boxwidth 0.6",
              "set yrange [0:*]", "set offsets 0, 0, graph 0.2, 0",
              "set grid ytics", "unset key"]
    for i, (_, title) in enumerate(panels):
        script += ["set title '%s'" % title, "set xrange [-0.6:4.6]",
                   "plot '%s' index %d using 1:3:xtic(2) with boxes lc 2, "
                   "'' index %d using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0"
                   % (data, i, i)]
    for j, (title, a, b) in enumerate(
            (("TX kpps vs FDB entries", "Linux vxlan", "vxip"),
             ("TX kpps vs routes", "Linux ipip (FIB)", "vxip LPM"))):
        script += ["set title '%s'" % title, "set key top center horizontal",
                   "set xrange [-0.6:%g]" % (len(sizes) - 0.4),
                   "set style data histogram", "set style histogram clustered",
                   "plot '%s' index %d using 3:xtic(2) title '%s', '' index %d using 4 title '%s'"
                   % (data, 4 + j, a, 4 + j, b),
                   "set style data lines", "unset key"]
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
