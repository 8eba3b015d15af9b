#!/usr/bin/env python3
"""Summarises a storm run of bench/alerting.sh: the webhook's requests after the flip, per sender (path).

    storm_stats.py WEBHOOK.jsonl FLIP_NS  -> JSON on stdout

Per path: notifications (requests), firing alerts they carried (distinct by labels, and in all), the sizes of
their alert lists, distinct groupLabels, the time from the flip to the first and to the last request (ms).
"""
import json, sys

path, flip = sys.argv[1], int(sys.argv[2])
by = {}
for line in open(path):
    r = json.loads(line)
    if r["at_ns"] < flip:
        continue
    by.setdefault(r["path"], []).append(r)
res = {}
for p, rs in sorted(by.items()):
    alerts = [a for r in rs for a in r["body"].get("alerts", []) if a.get("status") == "firing"]
    distinct = {json.dumps(sorted(a["labels"].items())) for a in alerts}
    sizes = sorted(len(r["body"].get("alerts", [])) for r in rs)
    res[p] = {"notifications": len(rs), "firing_alerts_carried": len(alerts), "distinct_alerts": len(distinct),
              "alerts_per_notification_min": sizes[0], "alerts_per_notification_max": sizes[-1],
              "distinct_group_labels": len({json.dumps(r["body"].get("groupLabels"), sort_keys=True) for r in rs}),
              "truncated_alerts": sum(r["body"].get("truncatedAlerts", 0) for r in rs),
              "flip_to_first_ms": round((min(r["at_ns"] for r in rs) - flip) / 1e6, 1),
              "flip_to_last_ms": round((max(r["at_ns"] for r in rs) - flip) / 1e6, 1)}
print(json.dumps(res))
