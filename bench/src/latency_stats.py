#!/usr/bin/env python3
"""Event -> notification delivered, for bench/alerting.sh latency.

    latency_stats.py WEBHOOK.jsonl EVENTS.jsonl  -> tables on stdout, JSON in the last line

Per service: the GaveUp event's `at`, the AlertFired event's `at` (its alert naming the service), and the arrival
at the webhook (webhook.py's at_ns) of the first firing notification whose alerts name the service. Latencies
in ms: webhook - GaveUp (the figure), AlertFired - GaveUp, webhook - AlertFired. Median / p90 / p99 / max by
nearest rank.
"""
import json, math, re, sys
from datetime import datetime, timezone


def ns(at):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$", at)
    base = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    frac = (m.group(2) or "0").ljust(9, "0")[:9]
    return int(base.timestamp()) * 10**9 + int(frac)


def service_of(e):
    if isinstance(e.get("service"), str):
        return e["service"]
    labels = e.get("labels") or (e.get("data") or {}).get("labels")
    if isinstance(labels, dict):
        return labels.get("service")
    m = re.search(r'service="([^"]*)"', str(labels or ""))
    return m.group(1) if m else None


hook, events = sys.argv[1], sys.argv[2]
gave, fired = {}, {}
for line in open(events):
    if not line.strip():
        continue
    e = json.loads(line)
    t = e.get("type")
    s = service_of(e)
    if not s:
        continue
    if t == "GaveUp":
        gave.setdefault(s, ns(e["at"]))
    elif t == "AlertFired" and "VigilServiceGaveUp" in json.dumps(e):
        fired.setdefault(s, ns(e["at"]))
arrived = {}
for line in open(hook):
    r = json.loads(line)
    if r["body"].get("status") != "firing":
        continue
    for a in r["body"].get("alerts", []):
        s = a["labels"].get("service")
        if a["labels"].get("alertname") == "VigilServiceGaveUp" and s:
            arrived.setdefault(s, r["at_ns"])


def stats(xs):
    xs = sorted(xs)
    if not xs:
        return {}
    rank = lambda q: xs[max(0, math.ceil(q * len(xs)) - 1)]
    return {"n": len(xs), "median": round(rank(0.5), 1), "p90": round(rank(0.9), 1), "p99": round(rank(0.99), 1),
            "max": round(xs[-1], 1)}


rows = []
for s in sorted(gave):
    g, f, w = gave[s], fired.get(s), arrived.get(s)
    rows.append((s, None if w is None else (w - g) / 1e6, None if f is None else (f - g) / 1e6,
                 None if (w is None or f is None) else (w - f) / 1e6))
with open(hook.rsplit("/", 1)[0] + "/latency.tsv", "w") as out:
    out.write("service\tgaveup_to_webhook_ms\tgaveup_to_alertfired_ms\talertfired_to_webhook_ms\n")
    for r in rows:
        out.write("\t".join(str(x) for x in r) + "\n")
res = {"give_ups": len(gave), "notified": sum(1 for r in rows if r[1] is not None),
       "gaveup_to_webhook_ms": stats([r[1] for r in rows if r[1] is not None]),
       "gaveup_to_alertfired_ms": stats([r[2] for r in rows if r[2] is not None]),
       "alertfired_to_webhook_ms": stats([r[3] for r in rows if r[3] is not None])}
print(json.dumps(res))
