#!/usr/bin/env python3
"""The differential part of bench/alerting.sh: one scripted sequence of alerts posted to Alertmanager and to Vigil's
intake at the same moment, then their webhook notifications compared.

    am_diff.py run POSTS.jsonl AM_URL VIGIL_URL TOKENFILE      (URLs up to /api/v2/alerts)
    am_diff.py compare WEBHOOK.jsonl POSTS.jsonl               (tables on stdout; diff.json beside WEBHOOK.jsonl)

run: each step posts the same JSON to both, from two threads started together, and logs
{"step", "t_ns" (just before the posts), "alerts", "status": {am, vigil}}. Resolving = posting the alert again with
endsAt = now, as Prometheus does. Alerts get startsAt from their first post (the same value to both).
compare: a notification is (receiver = the webhook path's last part, status, groupLabels, its alerts as
(labels, status)); each one seen by one side and not the other is listed. Latency of a notification = its arrival
minus the post of the latest step that changed one of the alerts it carries.
"""
import json, sys, threading, time, urllib.request
from datetime import datetime, timezone


def iso(ns):
    return datetime.fromtimestamp(ns / 1e9, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def A(alertname, **labels):
    return dict(alertname=alertname, **labels)


# (seconds after the start, [(labels, "fire" | "resolve"), ...], what it is for)
STEPS = [
    (0, [(A("HighLatency", service="api", instance="a1", severity="warning"), "fire"),
         (A("HighLatency", service="api", instance="a2", severity="warning"), "fire"),
         (A("HighLatency", service="web", instance="w1", severity="warning"), "fire"),
         (A("DiskFull", service="db", instance="d1", severity="critical", team="db"), "fire")],
     "two groups on the default route (by alertname, service), one on the critical route (by alertname)"),
    (3, [(A("DatabaseDown", service="db", instance="d1", severity="critical", team="db"), "fire"),
         (A("SlowQueries", service="db", instance="d1", severity="warning", team="db"), "fire")],
     "DatabaseDown (critical route) inhibits SlowQueries (db route) by equal service"),
    (6, [(A("HighLatency", service="api", instance="a1", severity="warning"), "resolve")],
     "one of a group's two alerts resolves: notified at the group's next group_interval"),
    (8, [(A("Flapping", service="worker", instance="k1", severity="info"), "fire")],
     "a new group on the default route"),
    (14, [(A("DatabaseDown", service="db", instance="d1", severity="critical", team="db"), "resolve")],
     "the inhibiting alert resolves: SlowQueries is notified; DatabaseDown's resolve at its group_interval"),
    (16, [(A("HighLatency", service="web", instance="w1", severity="warning"), "resolve"),
          (A("Flapping", service="worker", instance="k1", severity="info"), "resolve")],
     "whole groups resolve"),
]


def post(url, body, headers, out, key):
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            out[key] = f"{r.status} {r.read()[:200].decode(errors='replace')}"
    except urllib.error.HTTPError as e:
        out[key] = f"{e.code} {e.read()[:300].decode(errors='replace')}"
    except Exception as e:
        out[key] = f"error {e}"


def run(posts, am, vigil, tokenfile):
    token = open(tokenfile).read().strip()
    started = {}
    t0 = time.time()
    with open(posts, "w") as f:
        for i, (at, alerts, why) in enumerate(STEPS):
            time.sleep(max(0.0, t0 + at - time.time()))
            now = time.time_ns()
            body = []
            for labels, what in alerts:
                key = json.dumps(labels, sort_keys=True)
                started.setdefault(key, now)
                a = {"labels": labels, "annotations": {"summary": f"{labels['alertname']} on {labels['service']}"},
                     "startsAt": iso(started[key]), "generatorURL": "http://bench/graph"}
                if what == "resolve":
                    a["endsAt"] = iso(now)
                body.append(a)
            data = json.dumps(body).encode()
            status = {}
            ts = [threading.Thread(target=post, args=(am, data, {}, status, "am")),
                  threading.Thread(target=post, args=(vigil, data, {"Authorization": "Bearer " + token}, status, "vigil"))]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            f.write(json.dumps({"step": i, "t_ns": now, "why": why, "alerts": [[l, w] for l, w in alerts],
                                "status": status}) + "\n")
            print(f"step {i} (+{at}s): {why}: am {status['am'][:60]!r}, vigil {status['vigil'][:60]!r}", file=sys.stderr)


def compare(hook, posts):
    steps = [json.loads(l) for l in open(posts)]
    changed = {}  # alert labels -> [(t_ns, what)]
    for s in steps:
        for labels, what in s["alerts"]:
            changed.setdefault(json.dumps(labels, sort_keys=True), []).append((s["t_ns"], what, s["step"]))
    t0 = steps[0]["t_ns"]
    seen = {"am": [], "vigil": []}
    for line in open(hook):
        r = json.loads(line)
        side, _, receiver = r["path"].strip("/").partition("/")
        b = r["body"]
        alerts = sorted((json.dumps(a["labels"], sort_keys=True), a["status"]) for a in b.get("alerts", []))
        cause = max((t for lab, st in alerts for (t, what, _) in changed.get(lab, []) if t <= r["at_ns"]), default=t0)
        seen[side].append({"receiver": receiver, "status": b.get("status"), "group": json.dumps(b.get("groupLabels"), sort_keys=True),
                           "alerts": alerts, "common": json.dumps(b.get("commonLabels"), sort_keys=True),
                           "at_ms": round((r["at_ns"] - t0) / 1e6), "latency_ms": round((r["at_ns"] - cause) / 1e6, 1),
                           "receiver_field": b.get("receiver"), "groupKey": b.get("groupKey"),
                           "alert_keys": sorted(set().union(*[set(a.keys()) for a in b.get("alerts", [])]) if b.get("alerts") else []),
                           "top_keys": sorted(b.keys()), "body": b})
    key = lambda n: (n["receiver"], n["status"], n["group"], tuple(map(tuple, n["alerts"])))
    rows, pairs = [], []
    am_left = list(seen["am"])
    for v in seen["vigil"]:
        m = next((a for a in am_left if key(a) == key(v)), None)
        if m:
            am_left.remove(m)
            pairs.append((m, v))
        else:
            rows.append(("only vigil", v))
    rows += [("only alertmanager", a) for a in am_left]
    short = lambda n: (f"{n['receiver']:8s} {n['status']:8s} group={n['group']} "
                       + ", ".join(f"{json.loads(l).get('alertname')}/{json.loads(l).get('instance')}:{s}" for l, s in n["alerts"]))
    print(f"== the same alerts to Alertmanager 0.25 and to Vigil: {len(seen['am'])} notifications from Alertmanager,"
          f" {len(seen['vigil'])} from Vigil, {len(pairs)} the same (receiver, status, groupLabels, alerts and their status) ==")
    print("matched (at = ms after the first post; latency = ms after the post that changed an alert in it):")
    for a, v in sorted(pairs, key=lambda p: p[0]["at_ms"]):
        extra = "" if a["common"] == v["common"] else f"  commonLabels differ: am {a['common']} vigil {v['common']}"
        print(f"  {short(a)}\n      am at {a['at_ms']} latency {a['latency_ms']} | vigil at {v['at_ms']} latency {v['latency_ms']}{extra}")
    print("differences:" if rows else "differences: none")
    for what, n in sorted(rows, key=lambda r: r[1]["at_ms"]):
        print(f"  {what}: at {n['at_ms']} ms: {short(n)}")
    # the contents of matched pairs, field by field (alerts matched by labels)
    content = {}
    for a, v in pairs:
        ba, bv = a["body"], v["body"]
        for f in sorted(set(ba) | set(bv)):
            if f != "alerts" and ba.get(f) != bv.get(f):
                content.setdefault(f, []).append((ba.get(f), bv.get(f)))
        for x in ba.get("alerts", []):
            y = next((y for y in bv.get("alerts", []) if y["labels"] == x["labels"]), {})
            for f in sorted(set(x) | set(y)):
                if x.get(f) != y.get(f):
                    content.setdefault("alerts[]." + f, []).append((x.get(f), y.get(f)))
    print("contents of the matched notifications: " + ("the same" if not content else "differ in"))
    for f, vs in content.items():
        print(f"  {f}: {len(vs)} times, e.g. am {vs[0][0]!r} vigil {vs[0][1]!r}")
    fields = {s: (sorted(set(k for n in seen[s] for k in n["top_keys"])), sorted(set(k for n in seen[s] for k in n["alert_keys"]))) for s in seen}
    if fields["am"] != fields["vigil"]:
        print(f"payload fields: am {fields['am']}\n                vigil {fields['vigil']}")
    lat = {s: sorted(n["latency_ms"] for n in seen[s]) for s in seen}
    res = {"am": len(seen["am"]), "vigil": len(seen["vigil"]), "matched": len(pairs),
           "only_vigil": [short(n) for w, n in rows if w == "only vigil"],
           "only_am": [short(n) for w, n in rows if w == "only alertmanager"],
           "pairs": [{"am": a, "vigil": v} for a, v in pairs], "content_differences": content, "fields": fields, "latency_ms": lat}
    json.dump(res, open(hook.rsplit("/", 1)[0] + "/diff.json", "w"), indent=1)


if sys.argv[1] == "run":
    run(*sys.argv[2:6])
else:
    compare(sys.argv[2], sys.argv[3])
