#!/usr/bin/env python3
"""Polls rule-group meters while a benchmark runs, and sums them per round.

    rulegroups.py poll OUT.tsv SECONDS INTERVAL NAME=URL[@TOKENFILE] ...
    rulegroups.py summary OUT.tsv PREFIX

poll: every INTERVAL seconds GETs each URL (Vigil's /metrics with the bearer token in TOKENFILE, or
Prometheus's /metrics) and writes one line per group evaluation it has not seen yet:
`name  group  evaluations  last_duration_seconds  poll_time`, from
`<vigil|prometheus>_rule_group_last_duration_seconds` and `vigil_rule_group_evaluations_total` /
`prometheus_rule_group_iterations_total` (keyed by rule_group).
It also writes `name  missed  group  value` lines for `..._iterations_missed_total` at the end.
A poll that falls between two evaluations of a group sees the same count and writes nothing; one that misses
an evaluation (INTERVAL > the group's interval) is not possible when INTERVAL is a third of it.

summary: per name, only groups whose name contains PREFIX; round r = each group's r-th evaluation seen
(groups evaluate at their own offsets within the interval), kept only when every group has it:
sum over groups per round (median, max), the slowest group of each round (median) and the slowest single
group evaluation, as JSON.
"""
import json, re, sys, time, urllib.request

LINE = re.compile(r'^(vigil|prometheus)_rule_group_(last_duration_seconds|evaluations_total|iterations_total|iterations_missed_total)\{(.*)\} (\S+)$')


def scrape(url, tokenfile):
    req = urllib.request.Request(url)
    if tokenfile:
        req.add_header("Authorization", "Bearer " + open(tokenfile).read().strip())
    with urllib.request.urlopen(req, timeout=5) as r:
        text = r.read().decode()
    got = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        g = re.search(r'rule_group="((?:[^"\\]|\\.)*)"', m.group(3))
        if g:
            got.setdefault(g.group(1), {})[m.group(2)] = float(m.group(4))
    return got


def poll(out, seconds, interval, targets):
    seen = {}
    last = {}
    end = time.time() + seconds
    with open(out, "a") as f:
        while time.time() < end:
            t = time.time()
            for name, url, tok in targets:
                try:
                    got = scrape(url, tok)
                except Exception as e:  # a missed poll is a gap, not an end
                    print(f"poll {name}: {e}", file=sys.stderr)
                    continue
                last[name] = got
                for g, v in got.items():
                    ev = int(v.get("evaluations_total", v.get("iterations_total", 0)))
                    if ev and seen.get((name, g)) != ev:
                        seen[(name, g)] = ev
                        f.write(f"{name}\t{g}\t{ev}\t{v.get('last_duration_seconds', 0)}\t{t:.3f}\n")
            f.flush()
            time.sleep(max(0.0, interval - (time.time() - t)))
        for name, got in last.items():
            for g, v in got.items():
                f.write(f"{name}\tmissed\t{g}\t{int(v.get('iterations_missed_total', 0))}\n")


def summary(path, prefix):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
    res = {}
    for name in sorted({r[0] for r in rows}):
        evs = {}
        missed = sum(int(r[3]) for r in rows if r[0] == name and r[1] == "missed" and prefix in r[2])
        for r in rows:
            if r[0] == name and r[1] != "missed" and prefix in r[1]:
                evs.setdefault(r[1], []).append(float(r[3]))
        if not evs:
            continue
        k = min(len(v) for v in evs.values())
        # drop each group's first one seen (it may be from before the measured period began)
        rounds = [sum(v[i] for v in evs.values()) for i in range(1, k)]
        single = [x for v in evs.values() for x in v[1:k]]
        slowest = sorted(max(v[i] for v in evs.values()) for i in range(1, k))
        if not rounds:
            continue
        rs = sorted(rounds)
        res[name] = {"groups": len(evs), "rounds": len(rounds),
                     "round_sum_ms_median": round(rs[len(rs) // 2] * 1000, 1),
                     "round_sum_ms_max": round(rs[-1] * 1000, 1),
                     "round_sum_ms_mean": round(sum(rs) / len(rs) * 1000, 1),
                     "group_ms_max": round(max(single) * 1000, 1),
                     "slowest_group_per_round_ms_median": round(slowest[len(slowest) // 2] * 1000, 1),
                     "iterations_missed": missed}
    print(json.dumps(res))


if sys.argv[1] == "poll":
    targets = []
    for a in sys.argv[5:]:
        name, rest = a.split("=", 1)
        url, _, tok = rest.partition("@")
        targets.append((name, url, tok or None))
    poll(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), targets)
else:
    summary(sys.argv[2], sys.argv[3])
