#!/usr/bin/env python3
"""Writes the rule files of bench/alerting.sh's `rules` benchmark (Prometheus's rule format, so the same files
go to Vigil and to Prometheus).

    alert_rules.py DIR [--groups 20] [--rules 1000] [--metrics 100]

Rule k (0..RULES-1) goes to group k % GROUPS (files rules-NN.yml, one group each, `bench-NN`), reads metric
k % METRICS of exporter.py, and is of kind (k // METRICS) % 10: five recording rules (sum/max/avg by shard of
rate(), a share with group_left, increase(), count/quantile of gauges) and five alerting rules (comparisons of
rates and gauges, `absent`, `avg_over_time`; some with `for:`). Half the rules read counters, half gauges.
Most alerting rules never fire, as in real rule files; `Requests..Spike` on five counters and
`Level..High` on five gauges do fire, steadily, for a few series each.
"""
import os, sys

d = sys.argv[1]
opts = dict(zip(sys.argv[2::2], sys.argv[3::2]))
groups = int(opts.get("--groups", 20))
n = int(opts.get("--rules", 1000))
metrics = int(opts.get("--metrics", 100))
os.makedirs(d, exist_ok=True)


def rule(k):
    m = k % metrics
    kind = (k // metrics) % 10
    rec = lambda name, expr: {"record": name, "expr": expr}
    alert = lambda name, expr, for_=None, sev="warning": {"alert": name, "expr": expr, "for": for_, "sev": sev}
    if m < metrics // 2:
        c = f"bench_requests_{m:02d}_total"
        p = f"bench:requests_{m:02d}"
        return [
            rec(f"{p}:rate1m_by_shard", f"sum by (shard) (rate({c}[1m]))"),
            rec(f"{p}:rate5m", f"sum(rate({c}[5m]))"),
            alert(f"Requests{m:02d}High", f"sum by (shard) (rate({c}[1m])) > 1000", "2m"),
            rec(f"{p}:increase5m", f"increase({c}[5m])"),
            alert(f"Requests{m:02d}Stalled", f"rate({c}[2m]) == 0", "1m", "critical"),
            alert(f"Requests{m:02d}Spike", f"rate({c}[1m]) > {19.5 if m < 5 else 50}"),
            rec(f"{p}:share_by_shard", f"sum by (shard) (rate({c}[5m])) / ignoring (shard) group_left sum(rate({c}[5m]))"),
            alert(f"Requests{m:02d}Negative", f"avg by (shard) (rate({c}[5m])) < 0"),
            rec(f"{p}:max_rate1m_by_shard", f"max by (shard) (rate({c}[1m]))"),
            alert(f"Requests{m:02d}Absent", f"absent({c})", "1m", "critical"),
        ][kind]
    g = f"bench_level_{m:02d}"
    p = f"bench:level_{m:02d}"
    return [
        rec(f"{p}:avg_by_shard", f"avg by (shard) ({g})"),
        rec(f"{p}:max", f"max({g})"),
        alert(f"Level{m:02d}Above105", f"{g} > 105", "1m"),
        rec(f"{p}:count_above_50_by_shard", f"count by (shard) ({g} > 50)"),
        alert(f"Level{m:02d}ShardHigh", f"avg by (shard) ({g}) > 90"),
        alert(f"Level{m:02d}High", f"max_over_time({g}[2m]) > {98.5 if m < metrics // 2 + 5 else 200}", "30s"),
        rec(f"{p}:mean_by_shard", f"sum by (shard) ({g}) / count by (shard) ({g})"),
        alert(f"Level{m:02d}Low", f"min by (shard) ({g}) < -10", "1m"),
        rec(f"{p}:p90_by_shard", f"quantile by (shard) (0.9, {g})"),
        alert(f"Level{m:02d}AvgHigh", f"avg_over_time({g}[5m]) > 200", "5m", "info"),
    ][kind]


by_group = [[] for _ in range(groups)]
for k in range(n):
    by_group[k % groups].append(rule(k))
for gi, rules in enumerate(by_group):
    with open(f"{d}/rules-{gi:02d}.yml", "w") as f:
        f.write(f"groups:\n  - name: bench-{gi:02d}\n    rules:\n")
        for r in rules:
            if "record" in r:
                f.write(f"      - record: {r['record']}\n        expr: '{r['expr']}'\n")
            else:
                f.write(f"      - alert: {r['alert']}\n        expr: '{r['expr']}'\n")
                if r["for"]:
                    f.write(f"        for: {r['for']}\n")
                f.write(f"        labels: {{severity: {r['sev']}}}\n")
                f.write("        annotations: {summary: '{{ $labels.instance }} {{ $value }}'}\n")
print(f"{n} rules in {groups} groups in {d}")
