#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read Prometheus text exposition format on stdin with the reference
parser (python3-prometheus-client), check that every family has HELP text
and a counter or gauge TYPE, and print its samples as JSON lines:
{"name": ..., "labels": {...}, "value": ...}.  Exit 1, with the reason on
stderr, if the text does not parse or a family lacks HELP or TYPE."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

text = sys.stdin.read()
try:
    families = list(text_string_to_metric_families(text))
except ValueError as e:
    sys.exit(f"prom_check: does not parse: {e}")
if not families:
    sys.exit("prom_check: no metric families")
for fam in families:
    if fam.type not in ("counter", "gauge"):
        sys.exit(f"prom_check: {fam.name}: type {fam.type}, want counter or gauge")
    if not fam.documentation:
        sys.exit(f"prom_check: {fam.name}: no HELP text")
    for s in fam.samples:
        print(json.dumps({"name": s.name, "labels": s.labels, "value": s.value}))
