#!/usr/bin/env python3
"""Posts N alerts (StormAlert, instance i000..) in one request to Alertmanager and to Vigil's intake at the same
instant (two threads) and prints the time just before (ns since the epoch); the answers go to stderr.

    post_storm.py N AM_URL VIGIL_URL TOKENFILE [BATCH]     (URLs up to /api/v2/alerts)

BATCH (default 0: all in one request) posts them in requests of that many, one after the other on each side, as
Prometheus does (it sends at most 64 alerts a request).
"""
import json, sys, threading, time, urllib.request
from datetime import datetime, timezone

n, am, vigil, tokenfile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
batch = int(sys.argv[5]) if len(sys.argv) > 5 and int(sys.argv[5]) > 0 else n
token = open(tokenfile).read().strip()
now = time.time_ns()
starts = datetime.fromtimestamp(now / 1e9, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
alerts = [{"labels": {"alertname": "StormAlert", "instance": f"i{i:03d}", "severity": "critical"},
                    "annotations": {"summary": f"i{i:03d} is in the storm"}, "startsAt": starts,
                    "generatorURL": "http://bench/graph"} for i in range(n)]
bodies = [json.dumps(alerts[i:i + batch]).encode() for i in range(0, n, batch)]
status = {}


def post(key, url, headers):
    answers = []
    for body in bodies:
        req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", **headers})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                answers.append(str(r.status))
        except Exception as e:
            answers.append(f"error {e}")
    status[key] = f"{len(bodies)} request(s) of {len(bodies[0])} bytes at most: {sorted(set(answers))}, all in {(time.time_ns() - now) / 1e6:.1f} ms"


ts = [threading.Thread(target=post, args=("am", am, {})),
      threading.Thread(target=post, args=("vigil", vigil, {"Authorization": "Bearer " + token}))]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(json.dumps(status), file=sys.stderr)
print(now)
