#!/usr/bin/env python3
"""Summaries for the benchmarks (stdlib only).

  stats.py restart TIMES_FILE [LABEL]   latencies start[n+1] - exit[n] from a crasher file
  stats.py values FILE [LABEL]          one number (ms) per line
  stats.py breakdown TIMES_FILE EVENTS_JSONL [LABEL]
                                        splits Vigil's restart latency with its stored events:
                                        exit -> InstanceExited -> InstanceStarted -> start

Prints one line: LABEL n=.. median=.. p90=.. p99=.. max=.. (ms), and with --json a JSON object.
Percentiles are nearest-rank: pXX = the ceil(XX/100 * n)-th smallest value.
"""
import json
import math
import sys


def nearest_rank(sorted_values, pct):
    k = max(1, math.ceil(pct / 100.0 * len(sorted_values)))
    return sorted_values[k - 1]


def summary(values):
    v = sorted(values)
    if not v:
        return {"n": 0}
    n = len(v)
    median = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return {"n": n, "min": v[0], "median": median, "p90": nearest_rank(v, 90),
            "p99": nearest_rank(v, 99), "max": v[-1], "mean": sum(v) / n}


def restart_latencies(path):
    lat, last_exit = [], None
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2:
                continue
            kind, ns = parts[0], int(parts[1])
            if kind == "exit":
                last_exit = ns
            elif kind == "start" and last_exit is not None:
                lat.append((ns - last_exit) / 1e6)
                last_exit = None
    return lat


def iso_ns(at):
    from datetime import datetime
    base, _, frac = at.rstrip("Z").partition(".")
    secs = int(datetime.fromisoformat(base + "+00:00").timestamp())
    return secs * 10**9 + int(frac.ljust(9, "0")[:9])


def breakdown(times_path, events_path, label):
    stamps = []
    with open(times_path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                stamps.append((parts[0], int(parts[1])))
    exits = [ns for kind, ns in stamps if kind == "exit"]
    starts = [ns for kind, ns in stamps if kind == "start"]
    ev = [json.loads(l) for l in open(events_path) if l.strip()]
    exited = sorted(iso_ns(e["at"]) for e in ev if e["type"] == "InstanceExited")
    started = sorted(iso_ns(e["at"]) for e in ev if e["type"] == "InstanceStarted")
    notice, spawn, reach = [], [], []
    for i, x in enumerate(exits):
        ex = next((a for a in exited if a >= x), None)
        st = next((a for a in started if ex is not None and a >= ex), None)
        s = next((a for a in starts if a > x), None)
        if None in (ex, st, s):
            continue
        notice.append((ex - x) / 1e6)
        spawn.append((st - ex) / 1e6)
        reach.append((s - ex) / 1e6)
    # InstanceStarted's timestamp is taken after the spawn returns, so the child
    # can reach main() before it: the third line is measured from InstanceExited.
    for name, v in (("exit -> InstanceExited event", notice),
                     ("InstanceExited -> InstanceStarted event", spawn),
                     ("InstanceExited event -> crasher's main()", reach)):
        m = summary(v)
        if m["n"]:
            print(f"  {label} {name}: n={m['n']} median={m['median']:.1f} p90={m['p90']:.1f} "
                  f"p99={m['p99']:.1f} max={m['max']:.1f} (ms)")


def main(argv):
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    mode, path = argv[1], argv[2]
    if mode == "breakdown":
        breakdown(path, argv[3], argv[4] if len(argv) > 4 else "")
        return
    label = argv[3] if len(argv) > 3 else path
    if mode == "restart":
        values = restart_latencies(path)
    elif mode == "values":
        with open(path) as f:
            values = [float(x) for x in f.read().split()]
    else:
        sys.exit("unknown mode " + mode)
    s = summary(values)
    if as_json:
        s["label"] = label
        print(json.dumps(s))
    elif s["n"] == 0:
        print(f"{label}: no samples")
    else:
        print(f"{label}: n={s['n']} median={s['median']:.1f} p90={s['p90']:.1f} "
              f"p99={s['p99']:.1f} max={s['max']:.1f} min={s['min']:.1f} (ms)")


if __name__ == "__main__":
    main(sys.argv)
