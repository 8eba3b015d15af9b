#!/usr/bin/env python3
"""Summary of bench/leak-prediction.sh (stdlib only).

  leakstats.py DIR LIMIT_MIB

Reads DIR/services.tsv (supervisor, name, mode, interval, rate MB/s, delay s, cap MB), each service's trace
(DIR/<supervisor>/<name>.trace, written by leaker.py), Vigil's events (DIR/vigil/events.jsonl) and DIR/end_ms
(when the script began stopping both supervisors). Writes one line per instance to DIR/instances.tsv and prints
the tables.

An instance is one run of the leaker (one pid). Its crossing is the first of its own RSS samples (every 100 ms)
above the limit; an instance restarted before it got there has the crossing its trace projects (the least-squares
line of its RSS since the leak began, extended to the limit). An instance that was still running when the script
stopped the supervisors is left out.
"""
import json
import os
import sys
from datetime import datetime

MIB = 1024 * 1024


def iso_ms(at):
    base, _, frac = at.rstrip("Z").partition(".")
    secs = int(datetime.fromisoformat(base + "+00:00").timestamp())
    return secs * 1000 + int(frac.ljust(3, "0")[:3])


def read_trace(path):
    """{pid: {"start", "leak", "rss0", "samples": [(ms, bytes)], "stop", "rss_stop"}} in start order."""
    runs = {}
    if not os.path.exists(path):
        return runs
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) < 3:
                continue
            kind, pid, ms = p[0], int(p[1]), int(p[2])
            r = runs.setdefault(pid, {"pid": pid, "samples": [], "stop": None, "leak": None})
            if kind == "start":
                r["start"] = ms
            elif kind == "leak":
                r["leak"], r["rss0"] = ms, int(p[3]) * 1024
            elif kind == "rss":
                r["samples"].append((ms, int(p[3]) * 1024))
            elif kind == "stop":
                r["stop"], r["rss_stop"] = ms, int(p[3]) * 1024
    return runs


def fit(samples):
    """Least-squares line of (ms, bytes): (slope bytes/ms, intercept at t=0 relative to the first sample)."""
    t0 = samples[0][0]
    xs = [t - t0 for t, _ in samples]
    ys = [v for _, v in samples]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return 0.0, my, t0
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return slope, my - slope * mx, t0


def crossing(run, limit):
    """(ms, observed?) when the RSS passes the limit, or None for a run that does not grow."""
    for t, v in run["samples"]:
        if v > limit:
            return t, True
    grow = [(t, v) for t, v in run["samples"] if run["leak"] is not None and t >= run["leak"] + 1000]
    if len(grow) < 10:
        return None
    slope, intercept, t0 = fit(grow)
    if slope <= 1e-6:  # bytes per ms: flat
        return None
    return int(t0 + (limit - intercept) / slope), False


def median(xs):
    v = sorted(xs)
    n = len(v)
    return None if n == 0 else (v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2)


def spread(xs, unit="s", digits=1):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "—"
    m = median(xs)
    if len(xs) == 1:
        return f"{m:.{digits}f} {unit}"
    return f"{m:.{digits}f} {unit} ({min(xs):.{digits}f} to {max(xs):.{digits}f})"


def main(argv):
    d, limit = argv[1], float(argv[2]) * MIB
    services = []
    with open(os.path.join(d, "services.tsv")) as f:
        for line in f:
            sup, name, mode, interval, rate, delay, cap = line.split()
            services.append({"sup": sup, "name": name, "mode": mode, "interval": interval, "rate": float(rate),
                             "delay": float(delay), "cap": cap})
    with open(os.path.join(d, "end_ms")) as f:
        end_ms = int(f.read().split()[0])
    events = []
    ev_path = os.path.join(d, "vigil", "events.jsonl")
    if os.path.exists(ev_path):
        with open(ev_path) as f:
            events = [json.loads(l) for l in f if l.strip()]
    for e in events:
        e["ms"] = iso_ms(e["at"])

    rows = []
    for s in services:
        runs = sorted(read_trace(os.path.join(d, s["sup"], s["name"] + ".trace")).values(),
                      key=lambda r: r.get("start", 0))
        mine = [e for e in events if e.get("service") == s["name"]]
        for r in runs:
            if r.get("leak") is None:
                continue
            stop = r["stop"]
            row = dict(s, pid=r["pid"], leak=r["leak"], complete=stop is not None and stop < end_ms)
            # Vigil's decision about this instance: the restart scheduled while it ran (up to its stop signal).
            upto = stop if stop is not None else end_ms
            started = r["start"] - 50  # InstanceStarted is stamped after the fork; the child may log first
            restart = next((e for e in mine if e["type"] == "RestartScheduled"
                            and started <= e["ms"] <= upto + 50), None)
            row["cause"] = restart["data"]["cause"] if restart else ("pm2" if s["sup"] == "pm2" else "")
            if s["sup"] == "vigil" and restart is None:
                row["complete"] = False  # ended by the script, not by Vigil
            cross = crossing(r, limit)
            row["cross"], row["observed"] = (cross if cross else (None, False))
            row["cross_after_s"] = (row["cross"] - r["leak"]) / 1000 if row["cross"] else None
            found = [e for e in mine if e["type"] == "FindingOpened" and started <= e["ms"] <= upto + 50]
            row["findings"] = len(found)
            if found:
                f0 = found[0]
                row["finding_after_s"] = (f0["ms"] - r["leak"]) / 1000
                row["reaches_err_s"] = ((iso_ms(f0["data"]["reachesAt"]) - row["cross"]) / 1000
                                        if row["cross"] else None)
                row["summary"] = f0["data"]["summary"]
            else:
                row["finding_after_s"] = row["reaches_err_s"] = None
                row["summary"] = ""
            if stop is not None:
                # Negative: restarted before the limit was reached (by that much); positive: after.
                row["stop_vs_cross_s"] = (stop - row["cross"]) / 1000 if row["cross"] else None
                row["rss_stop_mib"] = r["rss_stop"] / MIB
                row["over_mib"] = (r["rss_stop"] - limit) / MIB
            else:
                row["stop_vs_cross_s"] = row["rss_stop_mib"] = row["over_mib"] = None
            rows.append(row)

    cols = ["sup", "name", "mode", "interval", "rate", "delay", "pid", "complete", "cause", "cross_after_s",
            "observed", "findings", "finding_after_s", "reaches_err_s", "stop_vs_cross_s", "rss_stop_mib",
            "over_mib", "summary"]
    with open(os.path.join(d, "instances.tsv"), "w") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join("" if r.get(c) is None else (f"{r[c]:.2f}" if isinstance(r[c], float) else str(r[c]))
                              for c in cols) + "\n")

    def group(sup, mode, interval, rate):
        return [r for r in rows if r["sup"] == sup and r["mode"] == mode and r["interval"] == interval
                and r["rate"] == rate and r["complete"]]

    rates = sorted({s["rate"] for s in services if s["mode"] in ("predict", "plain", "pm2")})
    intervals = sorted({s["interval"] for s in services if s["mode"] == "predict"}, key=lambda i: -int(i[:-1]))
    out = []
    out.append(f"limit {argv[2]} MiB; times in seconds; 'x (a to b)' is the median (min to max) over the "
               "instances; n = instances restarted within the run")
    out.append("")
    out.append("== Vigil's findings (predict: true, and the plain limit's runs, predict: false) ==")
    out.append("| leak | memory_limit | collection | n | real crossing after leak start | FindingOpened after leak start "
               "(found / n) | reachesAt - real crossing | restart vs crossing (- = before) | causes |")
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for rate in rates:
        for mode, iv in [("predict", i) for i in intervals] + [("plain", "5s")]:
            g = group("vigil", mode, iv, rate)
            if not g:
                continue
            found = [r for r in g if r["findings"]]
            causes = {}
            for r in g:
                causes[r["cause"]] = causes.get(r["cause"], 0) + 1
            out.append(f"| {rate:g} MB/s | {mode} | {iv} | {len(g)} | {spread([r['cross_after_s'] for r in g])} | "
                       f"{spread([r['finding_after_s'] for r in found])} ({len(found)}/{len(g)}) | "
                       f"{spread([r['reaches_err_s'] for r in found])} | "
                       f"{spread([r['stop_vs_cross_s'] for r in g])} | "
                       + ", ".join(f"{c} {n}" for c, n in sorted(causes.items())) + " |")
    out.append("")
    out.append("== Restart against the limit, side by side ==")
    out.append("| leak | Vigil 5 s predict: restart vs crossing, RSS | Vigil 1 s predict | Vigil plain limit "
               "(predict: false) | PM2 max_memory_restart |")
    out.append("| --- | --- | --- | --- | --- |")
    for rate in rates:
        cells = []
        for sup, mode, iv in (("vigil", "predict", "5s"), ("vigil", "predict", "1s"), ("vigil", "plain", "5s"),
                              ("pm2", "pm2", "30s")):
            g = group(sup, mode, iv, rate)
            if not g:
                cells.append("—")
                continue
            cells.append(f"{spread([r['stop_vs_cross_s'] for r in g])}, {spread([r['rss_stop_mib'] for r in g], 'MiB', 0)}"
                         f" (n={len(g)})")
        out.append(f"| {rate:g} MB/s | " + " | ".join(cells) + " |")
    out.append("")
    out.append("== Controls (Vigil, predict: true): findings and restarts per instance ==")
    for s in services:
        if s["mode"] not in ("flat", "plateau"):
            continue
        g = [r for r in rows if r["name"] == s["name"]]
        opened = sum(r["findings"] for r in g)
        restarts = [r["cause"] for r in g if r["cause"]]
        out.append(f"{s['name']}: {len(g)} instance(s), FindingOpened {opened}, restarts: "
                   f"{', '.join(restarts) if restarts else 'none'}"
                   + "".join(f"\n  {r['summary']}" for r in g if r["summary"]))
    named = {s["name"] for s in services}
    other = [e for e in events if e["type"] == "FindingOpened" and e.get("service") not in named]
    out.append(f"other findings (host, disks, unknown services): {len(other)}"
               + "".join(f"\n  {e['at']} {e['data'].get('finding')}: {e['data'].get('summary')}" for e in other))
    print("\n".join(out))
    with open(os.path.join(d, "instances.json"), "w") as f:
        json.dump(rows, f, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv)
