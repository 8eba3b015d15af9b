#!/usr/bin/env bash
# Vigil's alerting beside Prometheus 2.42 and Alertmanager 0.25 (Debian packages), same machine, same run.
#
#   bench/alerting.sh rules [SECONDS]   1,000 rules over 10,000 series every 15 s: CPU and evaluation time per round
#   bench/alerting.sh storm             500 alerts firing at once: notifications, grouping, time, RSS
#   bench/alerting.sh storm-intake      the same 500 alerts posted in one request to Alertmanager and to Vigil's intake
#   bench/alerting.sh intake-big        Prometheus 2.42 sending alerts with long annotations to Vigil's intake
#   bench/alerting.sh latency [N]       a give-up -> its webhook notification (group_wait 0s), N give-ups
#   bench/alerting.sh diff              the same alerts posted to Alertmanager and to Vigil's intake: the notifications compared
#   bench/alerting.sh all               all of them in turn
#
# Env: VIGIL (launcher), WARMUP (rules: 60 s), RULES (1000), GROUPS_N (20), STORM (500), POLL (rules: 5 s),
# BATCH (storm-intake: alerts a request, default all in one).
# Each part writes to bench/out/alerting-<part>/ and prints a summary (also summary.txt there).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

command -v curl >/dev/null || die "curl is needed"
PROM=${PROM:-/usr/bin/prometheus}
AM=${AM:-/usr/bin/prometheus-alertmanager}
[ -x "$PROM" ] || die "prometheus 2.42 is needed at $PROM (Debian: apt-get install prometheus)"
[ -x "$AM" ] || die "alertmanager 0.25 is needed at $AM (Debian: apt-get install prometheus-alertmanager)"

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_vigil DIR PORT: the stack DIR/vigil.yaml in the foreground (the launcher execs the JVM, so $! is the JVM);
# sets vigil_pid. Waits for StackStarted and the token.
start_vigil() {
  local d=$1 port=$2
  "$VIGIL" up "$d/vigil.yaml" --plain --listen "127.0.0.1:$port" --api-rate-limit 1000 >"$d/vigil.out" 2>&1 &
  vigil_pid=$!; track "$vigil_pid"
  WAIT_S=120 wait_for grep -q StackStarted "$d/vigil.out" || die "vigil in $d did not start: $(tail -5 "$d/vigil.out")"
  WAIT_S=30 wait_for test -s "$d/.vigil/token" || die "no token in $d/.vigil"
  grep -q java "/proc/$vigil_pid/cmdline" || die "pid $vigil_pid is not the JVM"
}
# start_prom DIR PORT: DIR/prometheus.yml; sets prom_pid.
start_prom() {
  local d=$1 port=$2
  "$PROM" --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/data" --web.listen-address="127.0.0.1:$port" \
    --log.level=warn >"$d/prometheus.out" 2>&1 &
  prom_pid=$!; track "$prom_pid"
  WAIT_S=60 wait_for curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" || die "prometheus in $d not ready: $(tail -5 "$d/prometheus.out")"
}
# start_am DIR PORT: DIR/alertmanager.yml; sets am_pid.
start_am() {
  local d=$1 port=$2
  "$AM" --config.file="$d/alertmanager.yml" --storage.path="$d/am-data" --web.listen-address="127.0.0.1:$port" \
    --cluster.listen-address= --log.level=warn >"$d/alertmanager.out" 2>&1 &
  am_pid=$!; track "$am_pid"
  WAIT_S=60 wait_for curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" || die "alertmanager in $d not ready: $(tail -5 "$d/alertmanager.out")"
}
start_webhook() { # DIR: sets hook_port, hook_pid; requests go to DIR/webhook.jsonl
  hook_port=$(free_port)
  "$PYTHON" "$bench_dir/src/webhook.py" "$hook_port" "$1/webhook.jsonl" "$1/webhook.pid" >"$1/webhook.out" 2>&1 &
  hook_pid=$!; track "$hook_pid"
  WAIT_S=10 wait_for test -s "$1/webhook.pid" || die "webhook receiver did not start"
}
start_exporter() { # DIR ARGS...: sets exp_port, exp_pid
  local d=$1; shift
  exp_port=$(free_port)
  "$PYTHON" "$bench_dir/src/exporter.py" "$exp_port" "$d/exporter.pid" "$@" >"$d/exporter.out" 2>&1 &
  exp_pid=$!; track "$exp_pid"
  WAIT_S=10 wait_for curl -sf -o /dev/null "http://127.0.0.1:$exp_port/" || die "exporter did not start"
}
vigil_metrics() { curl -sf -H "Authorization: Bearer $(cat "$1/.vigil/token")" "http://127.0.0.1:$2/metrics"; }

# ---- 1. rules at scale ----------------------------------------------------------------------------------------------
# One exporter (bench/src/exporter.py: 100 metrics x 100 label values = 10,000 series, new values every scrape),
# scraped every 15 s by four processes at once: Vigil with the rule files and Vigil without (the baseline: the same
# stack, scraping and routing, no rule files), Prometheus with the same rule files and Prometheus without. The rules
# (bench/src/alert_rules.py) are evaluated every 15 s. CPU = utime+stime from /proc/PID/stat over SECONDS after
# WARMUP, % of one core; the rules' cost is the difference with the baseline of the same program. Evaluation time:
# each group's last duration and evaluation count, polled every POLL s (a third of the interval, so no evaluation is
# missed) from Vigil's /metrics (vigil_rule_group_*) and Prometheus's (prometheus_rule_group_*), summed per round.
# Vigil routes what fires to a webhook receiver (group_by alertname); Prometheus has no Alertmanager to send to.
bench_rules() {
  local seconds=${1:-240} warmup=${WARMUP:-60} nrules=${RULES:-1000} ngroups=${GROUPS_N:-20}
  local dir="$out/alerting-rules" d f
  rm -rf "$dir" && mkdir -p "$dir"/{vigil-rules,vigil-base,prom-rules,prom-base}
  "$PYTHON" "$bench_dir/src/alert_rules.py" "$dir/rules" --groups "$ngroups" --rules "$nrules" >&2
  promtool check rules "$dir"/rules/*.yml >"$dir/promtool.txt" 2>&1 || log "promtool: $(tail -3 "$dir/promtool.txt")"
  start_exporter "$dir"
  start_webhook "$dir"
  local files
  files=$(cd "$dir/rules" && ls rules-*.yml | sed "s|^|$dir/rules/|" | paste -sd, -)
  for d in vigil-rules vigil-base; do
    {
      echo "name: bench-$d"
      echo "services:"
      echo "  exporter:"
      echo '    command: [sleep, "100000"]'
      echo "    metrics: {scrape: \"http://127.0.0.1:$exp_port/metrics\", interval: 15s, max_series: 20000}"
      echo "alerting:"
      echo "  evaluation_interval: 15s"
      [ "$d" = vigil-rules ] && echo "  rule_files: [$files]"
      echo "  route: {receiver: sink, group_by: [alertname], group_wait: 30s, group_interval: 5m, repeat_interval: 4h}"
      echo "  receivers:"
      echo "    - name: sink"
      echo "      webhook_configs: [{url: \"http://127.0.0.1:$hook_port/$d\"}]"
    } >"$dir/$d/vigil.yaml"
  done
  for d in prom-rules prom-base; do
    {
      echo "global: {scrape_interval: 15s, evaluation_interval: 15s}"
      [ "$d" = prom-rules ] && echo "rule_files: [$files]"
      echo "scrape_configs:"
      echo "  - job_name: exporter"
      echo "    honor_labels: true"
      echo "    static_configs: [{targets: ['127.0.0.1:$exp_port']}]"
    } >"$dir/$d/prometheus.yml"
  done
  local vr_port vb_port pr_port pb_port vr_pid vb_pid pr_pid pb_pid
  vr_port=$(free_port); vb_port=$(free_port); pr_port=$(free_port); pb_port=$(free_port)
  log "load before: $(load_avg)"
  start_vigil "$dir/vigil-rules" "$vr_port"; vr_pid=$vigil_pid
  start_vigil "$dir/vigil-base" "$vb_port"; vb_pid=$vigil_pid
  start_prom "$dir/prom-rules" "$pr_port"; pr_pid=$prom_pid
  start_prom "$dir/prom-base" "$pb_port"; pb_pid=$prom_pid
  log "vigil (rules: pid $vr_pid, base: $vb_pid), prometheus (rules: $pr_pid, base: $pb_pid), exporter :$exp_port; warm-up ${warmup}s"
  sleep "$warmup"
  "$PYTHON" "$bench_dir/src/rulegroups.py" poll "$dir/groups.tsv" "$seconds" "${POLL:-5}" \
    "vigil=http://127.0.0.1:$vr_port/metrics@$dir/vigil-rules/.vigil/token" \
    "prometheus=http://127.0.0.1:$pr_port/metrics" 2>"$dir/poll.err" &
  local poll_pid=$!; track "$poll_pid"
  local a0 b0 c0 e0 x0 t0 a1 b1 c1 e1 x1 t1
  a0=$(cpu_ticks "$vr_pid"); b0=$(cpu_ticks "$vb_pid"); c0=$(cpu_ticks "$pr_pid"); e0=$(cpu_ticks "$pb_pid"); x0=$(cpu_ticks "$exp_pid")
  t0=$(date +%s%N)
  : >"$dir/rss.tsv"
  local end=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$end" ]; do
    echo -e "$(date +%s)\t$(rss_kb "$vr_pid")\t$(rss_kb "$vb_pid")\t$(rss_kb "$pr_pid")\t$(rss_kb "$pb_pid")" >>"$dir/rss.tsv"
    sleep 5
  done
  a1=$(cpu_ticks "$vr_pid"); b1=$(cpu_ticks "$vb_pid"); c1=$(cpu_ticks "$pr_pid"); e1=$(cpu_ticks "$pb_pid"); x1=$(cpu_ticks "$exp_pid")
  t1=$(date +%s%N)
  wait "$poll_pid" || true
  log "load after: $(load_avg)"
  vigil_metrics "$dir/vigil-rules" "$vr_port" >"$dir/vigil-rules/metrics.txt" || true
  curl -sf "http://127.0.0.1:$pr_port/metrics" >"$dir/prom-rules/metrics.txt" || true
  curl -sf "http://127.0.0.1:$pr_port/api/v1/alerts" >"$dir/prom-rules/alerts.json" || true
  curl -sf "http://127.0.0.1:$pr_port/api/v1/rules" >"$dir/prom-rules/rules.json" || true
  # the same series in each? count what each stored from the exporter, and what the rules recorded
  curl -sf "http://127.0.0.1:$pr_port/api/v1/query" --data-urlencode 'query=count({__name__=~"bench_(requests|level)_.*"})' >"$dir/prom-rules/count.json" || true
  curl -sf "http://127.0.0.1:$pr_port/api/v1/query" --data-urlencode 'query=count({__name__=~"bench:.*"})' >"$dir/prom-rules/recorded.json" || true
  curl -sf -H "Authorization: Bearer $(cat "$dir/vigil-rules/.vigil/token")" "http://127.0.0.1:$vr_port/prometheus/api/v1/query" \
    --data-urlencode 'query=count({__name__=~"bench_(requests|level)_.*"})' >"$dir/vigil-rules/count.json" || true
  curl -sf -H "Authorization: Bearer $(cat "$dir/vigil-rules/.vigil/token")" "http://127.0.0.1:$vr_port/prometheus/api/v1/query" \
    --data-urlencode 'query=count({__name__=~"bench:.*"})' >"$dir/vigil-rules/recorded.json" || true
  local threads_r threads_b
  threads_r=$(awk '/^Threads:/ {print $2}' "/proc/$vr_pid/status"); threads_b=$(awk '/^Threads:/ {print $2}' "/proc/$vb_pid/status")
  for p in "$vr_pid" "$vb_pid" "$pr_pid" "$pb_pid"; do stop_pid "$p" 60; done
  "$VIGIL" events --file "$dir/vigil-rules/vigil.yaml" --json -n 100000 >"$dir/vigil-rules/events.jsonl" 2>/dev/null || true
  "$PYTHON" "$bench_dir/src/rulegroups.py" summary "$dir/groups.tsv" "bench-" >"$dir/groups.json"
  "$PYTHON" - "$dir" "$((t1 - t0))" "$CLK_TCK" "$((a1 - a0))" "$((b1 - b0))" "$((c1 - c0))" "$((e1 - e0))" "$((x1 - x0))" \
    "$nrules" "$ngroups" "$threads_r" "$threads_b" <<'PY' | tee "$dir/summary.txt"
import json, sys
d, wall_ns, tck, vr, vb, pr, pb, ex, nrules, ngroups, thr, thb = sys.argv[1:13]
wall = int(wall_ns) / 1e9
cpu = lambda t: int(t) / int(tck) / wall * 100
rows = [[int(x) / 1024 for x in l.split("\t")[1:]] for l in open(f"{d}/rss.tsv") if l.strip()]
g = json.load(open(f"{d}/groups.json"))
def val(path, key="result"):
    try:
        return json.load(open(path))["data"]["result"][0]["value"][1]
    except Exception:
        return "?"
def nalerts(path):
    try:
        j = json.load(open(path))
        a = j["data"]["alerts"] if "data" in j else j
        return sum(1 for x in a if x.get("state") in ("firing", "active", "ACTIVE", "FIRING"))
    except Exception:
        return "?"
def vigil_active(path):
    for l in open(path):
        if l.startswith('vigil_alerts{state="active"}'):
            return int(float(l.split()[-1]))
    return "?"
res = {"measured_s": round(wall, 1), "rules": int(nrules), "groups": int(ngroups),
       "vigil_rules_cpu_pct": round(cpu(vr), 2), "vigil_base_cpu_pct": round(cpu(vb), 2),
       "prom_rules_cpu_pct": round(cpu(pr), 2), "prom_base_cpu_pct": round(cpu(pb), 2),
       "exporter_cpu_pct": round(cpu(ex), 2),
       "rss_max_mb": {k: round(max(r[i] for r in rows), 1) for i, k in enumerate(["vigil_rules", "vigil_base", "prom_rules", "prom_base"])},
       "threads": {"vigil_rules": int(thr), "vigil_base": int(thb)},
       "eval": g,
       "series_stored": {"vigil": val(f"{d}/vigil-rules/count.json"), "prometheus": val(f"{d}/prom-rules/count.json")},
       "series_recorded": {"vigil": val(f"{d}/vigil-rules/recorded.json"), "prometheus": val(f"{d}/prom-rules/recorded.json")},
       "alerts_firing_at_end": {"vigil": vigil_active(f"{d}/vigil-rules/metrics.txt"), "prometheus": nalerts(f"{d}/prom-rules/alerts.json")}}
json.dump(res, open(f"{d}/summary.json", "w"), indent=1)
print(f"== {nrules} rules in {ngroups} groups over 10,000 series, every 15 s; {wall:.0f} s measured (CPU % of one core) ==")
for who, r, b in (("vigil", res["vigil_rules_cpu_pct"], res["vigil_base_cpu_pct"]), ("prometheus", res["prom_rules_cpu_pct"], res["prom_base_cpu_pct"])):
    e = g.get(who, {})
    print(f"{who:11s} cpu with rules={r:.2f}%  without={b:.2f}%  rules' cost={r - b:.2f}%"
          f"  | per round (sum over groups) median={e.get('round_sum_ms_median')} max={e.get('round_sum_ms_max')} ms,"
          f" slowest group={e.get('group_ms_max')} ms, rounds={e.get('rounds')}, missed={e.get('iterations_missed')}")
print(f"rss max MiB: {res['rss_max_mb']}; exporter cpu={res['exporter_cpu_pct']:.2f}%")
print(f"exporter series stored: {res['series_stored']}; recorded series: {res['series_recorded']}; alerts firing at end: {res['alerts_firing_at_end']}")
PY
}

# ---- 2. a storm: 500 alerts firing at once -------------------------------------------------------------------------
# One exporter serves bench_storm{instance="i000".."i499"} at 0; POST /flip sets all 500 to 1 at once. Vigil scrapes
# it every 1 s and evaluates one rule (`bench_storm == 1`, alert StormAlert) every 1 s; Prometheus 2.42 does the same
# and sends its alerts to Alertmanager 0.25. Both route with the same tree (group_wait 5s, group_interval 5m,
# repeat_interval 4h) to one webhook receiver (bench/src/webhook.py, /vigil and /am). Run twice, with
# group_by [alertname] and [alertname, instance]; all four processes are fresh for each. After the flip the script
# waits until both have notified all STORM alerts and nothing came for 15 s (at most 120 s). RSS (VmRSS) of each
# process just before the flip and at the end.
bench_storm() {
  local n=${STORM:-500} dir="$out/alerting-storm" gb d
  rm -rf "$dir" && mkdir -p "$dir"
  for gb in "alertname" "alertname, instance"; do
    d="$dir/by-$(echo "$gb" | tr -d ' ' | tr , -)"
    mkdir -p "$d"
    start_exporter "$d" --metrics 0 --values 0 --storm "$n"
    start_webhook "$d"
    local route="{receiver: hook, group_by: [$gb], group_wait: 5s, group_interval: 5m, repeat_interval: 4h}"
    printf 'groups:\n  - name: storm\n    rules:\n      - alert: StormAlert\n        expr: bench_storm == 1\n        labels: {severity: critical}\n        annotations: {summary: "{{ $labels.instance }} is in the storm"}\n' >"$d/storm.yml"
    {
      echo "name: bench-storm"
      echo "services:"
      echo "  exporter:"
      echo '    command: [sleep, "100000"]'
      echo "    metrics: {scrape: \"http://127.0.0.1:$exp_port/metrics\", interval: 1s}"
      echo "alerting:"
      echo "  evaluation_interval: 1s"
      echo "  rule_files: [storm.yml]"
      echo "  route: $route"
      echo "  receivers:"
      echo "    - name: hook"
      echo "      webhook_configs: [{url: \"http://127.0.0.1:$hook_port/vigil\"}]"
    } >"$d/vigil.yaml"
    local am_port prom_port vport
    am_port=$(free_port); prom_port=$(free_port); vport=$(free_port)
    {
      echo "route: $route"
      echo "receivers:"
      echo "  - name: hook"
      echo "    webhook_configs: [{url: \"http://127.0.0.1:$hook_port/am\"}]"
    } >"$d/alertmanager.yml"
    {
      echo "global: {scrape_interval: 1s, evaluation_interval: 1s}"
      echo "rule_files: [storm.yml]"
      echo "alerting: {alertmanagers: [{static_configs: [{targets: ['127.0.0.1:$am_port']}]}]}"
      echo "scrape_configs:"
      echo "  - job_name: exporter"
      echo "    honor_labels: true"
      echo "    static_configs: [{targets: ['127.0.0.1:$exp_port']}]"
    } >"$d/prometheus.yml"
    start_vigil "$d" "$vport"; local vp=$vigil_pid
    start_am "$d" "$am_port"; local ap=$am_pid
    start_prom "$d" "$prom_port"; local pp=$prom_pid
    sleep 10
    local rss_before flip deadline last_size quiet
    rss_before="$(rss_kb "$vp") $(rss_kb "$ap") $(rss_kb "$pp")"
    log "storm of $n, group_by [$gb]: vigil $vp, alertmanager $ap, prometheus $pp; RSS KiB before: $rss_before"
    flip=$(curl -sf -X POST "http://127.0.0.1:$exp_port/flip")
    deadline=$(( $(date +%s) + 120 )); last_size=-1; quiet=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
      sleep 1
      local size; size=$(wc -l <"$d/webhook.jsonl" 2>/dev/null || echo 0)
      if [ "$size" = "$last_size" ]; then quiet=$((quiet + 1)); else quiet=0; last_size=$size; fi
      if [ "$quiet" -ge 15 ] && "$PYTHON" "$bench_dir/src/storm_stats.py" "$d/webhook.jsonl" "$flip" 2>/dev/null \
          | "$PYTHON" -c "import json,sys; r=json.load(sys.stdin); sys.exit(0 if all(r.get(p,{}).get('distinct_alerts',0)>=$n for p in ('/vigil','/am')) else 1)"; then
        break
      fi
    done
    local rss_after; rss_after="$(rss_kb "$vp") $(rss_kb "$ap") $(rss_kb "$pp")"
    vigil_metrics "$d" "$vport" >"$d/vigil-metrics.txt" || true
    curl -sf "http://127.0.0.1:$am_port/metrics" >"$d/am-metrics.txt" || true
    for p in "$vp" "$ap" "$pp" "$exp_pid" "$hook_pid"; do stop_pid "$p" 60; done
    "$VIGIL" events --file "$d/vigil.yaml" --json -n 100000 >"$d/events.jsonl" 2>/dev/null || true
    "$PYTHON" "$bench_dir/src/storm_stats.py" "$d/webhook.jsonl" "$flip" >"$d/stats.json"
    echo "{\"group_by\": \"$gb\", \"flip_ns\": $flip, \"rss_kb_before\": \"$rss_before\", \"rss_kb_after\": \"$rss_after\"}" >"$d/run.json"
  done
  storm_summary "$dir" "$n" "a storm of $n alerts firing at once (group_wait 5s); RSS MiB vigil / alertmanager / prometheus"
}

# storm_summary DIR N TITLE: the table of a storm run, from each by-*/run.json, stats.json and events.jsonl
storm_summary() {
  "$PYTHON" - "$1" "$2" "$3" <<'PY' | tee "$1/summary.txt"
import glob, json, os, sys
d, n, title = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"== {title} ==")
for sub in sorted(glob.glob(f"{d}/by-*")):
    run = json.load(open(f"{sub}/run.json")); st = json.load(open(f"{sub}/stats.json"))
    ev = [json.loads(l) for l in open(f"{sub}/events.jsonl") if l.strip()]
    notified = sum(1 for e in ev if e.get("type") == "AlertsNotified")
    problems = [e for e in ev if e.get("type") == "NotificationProblem"]
    mb = lambda s: " / ".join(f"{int(x) / 1024:.1f}" for x in s.split())
    print(f"-- group_by [{run['group_by']}]: RSS before {mb(run['rss_kb_before'])}, after {mb(run['rss_kb_after'])}")
    if "posts" in run:
        print(f"   posts answered: {run['posts']}")
    for p, name in (("/vigil", "vigil"), ("/am", "alertmanager")):
        s = st.get(p, {})
        print(f"   {name:12s} notifications={s.get('notifications', 0)} alerts={s.get('distinct_alerts', 0)} "
              f"(per notification {s.get('alerts_per_notification_min')}..{s.get('alerts_per_notification_max')}, "
              f"{s.get('distinct_group_labels')} distinct groupLabels) flip->first={s.get('flip_to_first_ms')} ms "
              f"flip->last={s.get('flip_to_last_ms')} ms")
    print(f"   vigil events: AlertsNotified={notified} NotificationProblem={len(problems)}"
          + (f" ({problems[0].get('kind', '')}: {str(problems[0])[:200]})" if problems else ""))
    json.dump({"run": run, "stats": st, "alerts_notified_events": notified, "notification_problems": len(problems)},
              open(f"{sub}/summary.json", "w"), indent=1)
PY
}

# ---- 2b. the storm posted: 500 alerts in one POST to Alertmanager and to Vigil's intake ---------------------------
# The same 500 alerts (StormAlert, instance i000..i499) posted in one request, at the same instant, to Alertmanager's
# /api/v2/alerts and Vigil's /alertmanager/api/v2/alerts (bench/src/post_storm.py); same route as `storm`
# (group_wait 5s, group_interval 5m, repeat_interval 4h), group_by [alertname] and [alertname, instance], fresh
# processes for each. Time from the post to the last notification; RSS before the post and at the end.
# BATCH=64 posts them in requests of 64, one after the other, as Prometheus sends (out: alerting-storm-intake-batch64).
bench_storm_intake() {
  local n=${STORM:-500} dir="$out/alerting-storm-intake${BATCH:+-batch$BATCH}" gb d
  rm -rf "$dir" && mkdir -p "$dir"
  for gb in "alertname" "alertname, instance"; do
    d="$dir/by-$(echo "$gb" | tr -d ' ' | tr , -)"
    mkdir -p "$d"
    start_webhook "$d"
    local route="{receiver: hook, group_by: [$gb], group_wait: 5s, group_interval: 5m, repeat_interval: 4h}"
    {
      printf 'name: bench-storm-intake\nservices:\n  idle:\n    command: [sleep, "100000"]\nalerting:\n'
      echo "  route: $route"
      echo "  receivers:"
      echo "    - name: hook"
      echo "      webhook_configs: [{url: \"http://127.0.0.1:$hook_port/vigil\"}]"
    } >"$d/vigil.yaml"
    printf 'route: %s\nreceivers:\n  - name: hook\n    webhook_configs: [{url: "http://127.0.0.1:%s/am"}]\n' "$route" "$hook_port" >"$d/alertmanager.yml"
    local am_port vport; am_port=$(free_port); vport=$(free_port)
    start_vigil "$d" "$vport"; local vp=$vigil_pid
    start_am "$d" "$am_port"; local ap=$am_pid
    sleep 5
    local rss_before post deadline last_size quiet
    rss_before="$(rss_kb "$vp") $(rss_kb "$ap") 0"
    log "posted storm of $n, group_by [$gb]: vigil $vp, alertmanager $ap; RSS KiB before: $rss_before"
    post=$("$PYTHON" "$bench_dir/src/post_storm.py" "$n" "http://127.0.0.1:$am_port/api/v2/alerts" \
      "http://127.0.0.1:$vport/alertmanager/api/v2/alerts" "$d/.vigil/token" "${BATCH:-0}" 2>"$d/post.txt")
    deadline=$(( $(date +%s) + 90 )); last_size=-1; quiet=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
      sleep 1
      local size; size=$(wc -l <"$d/webhook.jsonl" 2>/dev/null || echo 0)
      if [ "$size" = "$last_size" ]; then quiet=$((quiet + 1)); else quiet=0; last_size=$size; fi
      if [ "$quiet" -ge 10 ] && "$PYTHON" "$bench_dir/src/storm_stats.py" "$d/webhook.jsonl" "$post" 2>/dev/null \
          | "$PYTHON" -c "import json,sys; r=json.load(sys.stdin); sys.exit(0 if all(r.get(p,{}).get('distinct_alerts',0)>=$n for p in ('/vigil','/am')) else 1)"; then
        break
      fi
    done
    local rss_after; rss_after="$(rss_kb "$vp") $(rss_kb "$ap") 0"
    for p in "$vp" "$ap" "$hook_pid"; do stop_pid "$p" 60; done
    "$VIGIL" events --file "$d/vigil.yaml" --json -n 100000 >"$d/events.jsonl" 2>/dev/null || true
    "$PYTHON" "$bench_dir/src/storm_stats.py" "$d/webhook.jsonl" "$post" >"$d/stats.json"
    echo "{\"group_by\": \"$gb\", \"flip_ns\": $post, \"rss_kb_before\": \"$rss_before\", \"rss_kb_after\": \"$rss_after\", \"posts\": $(cat "$d/post.txt")}" >"$d/run.json"
  done
  local how="in one request"; [ "${BATCH:-0}" -gt 0 ] && how="in requests of $BATCH"
  storm_summary "$dir" "$n" "$n alerts posted $how (group_wait 5s); times from the post; RSS MiB vigil / alertmanager"
}

# ---- 2c. Prometheus 2.42 sending to Vigil's intake, alerts with long annotations ------------------------------------
# Prometheus sends alerts in requests of up to 64. STORM alerts (default 200) whose description is DESC_BYTES (1100)
# long: Prometheus's alerting points at Vigil (path_prefix /alertmanager, the admin token); after 15 s, Prometheus's
# prometheus_notifications_{sent,errors,dropped}_total and Vigil's vigil_alerts{state="active"}.
bench_intake_big() {
  local n=${STORM:-200} desc=${DESC_BYTES:-1100} d="$out/alerting-intake-big"
  rm -rf "$d" && mkdir -p "$d"
  start_exporter "$d" --metrics 0 --values 0 --storm "$n"
  curl -sf -X POST "http://127.0.0.1:$exp_port/flip" >/dev/null
  printf 'groups:\n  - name: big\n    rules:\n      - alert: BigAlert\n        expr: bench_storm == 1\n        labels: {severity: warning}\n        annotations: {summary: "{{ $labels.instance }}", description: "%s"}\n' \
    "$(printf "%${desc}s" | tr ' ' x)" >"$d/rules.yml"
  printf 'name: bench-intake-big\nservices:\n  idle:\n    command: [sleep, "100000"]\nalerting:\n  route: {receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 5m, repeat_interval: 4h}\n  receivers:\n    - name: hook\n      webhook_configs: [{url: "http://127.0.0.1:9/none"}]\n' >"$d/vigil.yaml"
  local vport pport; vport=$(free_port); pport=$(free_port)
  start_vigil "$d" "$vport"; local vp=$vigil_pid
  {
    echo "global: {scrape_interval: 1s, evaluation_interval: 1s}"
    echo "rule_files: [rules.yml]"
    echo "alerting:"
    echo "  alertmanagers:"
    echo "    - path_prefix: /alertmanager"
    echo "      authorization: {credentials_file: $d/.vigil/token}"
    echo "      static_configs: [{targets: ['127.0.0.1:$vport']}]"
    echo "scrape_configs:"
    echo "  - job_name: exporter"
    echo "    honor_labels: true"
    echo "    static_configs: [{targets: ['127.0.0.1:$exp_port']}]"
  } >"$d/prometheus.yml"
  start_prom "$d" "$pport"; local pp=$prom_pid
  sleep 15
  curl -sf "http://127.0.0.1:$pport/metrics" | grep -E '^prometheus_notifications_(errors|sent|dropped)_total' >"$d/prometheus-notifications.txt" || true
  vigil_metrics "$d" "$vport" | grep '^vigil_alerts' >"$d/vigil-alerts.txt" || true
  for p in "$pp" "$vp" "$exp_pid"; do stop_pid "$p" 30; done
  {
    echo "== $n alerts with a ${desc}-byte description, Prometheus 2.42 -> Vigil's intake =="
    cat "$d/prometheus-notifications.txt" "$d/vigil-alerts.txt"
    grep -m1 -o 'count=[0-9]* msg="Error sending alert" err="[^"]*"' "$d/prometheus.out" || true
  } | tee "$d/summary.txt"
}

# ---- 3. event -> notification delivered ------------------------------------------------------------------------------
# N services, each `read`s a FIFO of its own (no CPU while it waits), then exits 1; started again at once (the first
# restart is immediate), it finds its `done` file and exits 1 again: with `restart: {limit: {count: 1}}` that is a
# give-up (GaveUp event), which the built-in rule VigilServiceGaveUp turns into an alert, routed with
# group_by [alertname, service], group_wait 0s to a webhook receiver (bench/src/webhook.py) that stamps arrival.
# One service at a time: write to its FIFO, wait for its notification (at most 20 s), 1 s pause.
# Latency = webhook arrival - the GaveUp event's `at` (vigil events --type GaveUp --json); AlertFired's `at` too.
bench_latency() {
  local n=${1:-50} dir="$out/alerting-latency" i
  rm -rf "$dir" && mkdir -p "$dir/fifo"
  start_webhook "$dir"
  {
    echo "name: bench-latency"
    echo "services:"
    for ((i = 1; i <= n; i++)); do
      local f; f=$(printf '%s/fifo/%03d' "$dir" "$i"); mkfifo "$f"
      printf '  crash-%03d:\n' "$i"
      echo "    command: [sh, -c, \"test -e $f.done && exit 1; read x < $f; touch $f.done; exit 1\"]"
      echo "    restart: {limit: {count: 1, window: 1m}}"
    done
    echo "alerting:"
    echo "  route: {receiver: hook, group_by: [alertname, service], group_wait: 0s, group_interval: 1m, repeat_interval: 4h}"
    echo "  receivers:"
    echo "    - name: hook"
    echo "      webhook_configs: [{url: \"http://127.0.0.1:$hook_port/vigil\"}]"
  } >"$dir/vigil.yaml"
  start_vigil "$dir" "$(free_port)"; local vp=$vigil_pid
  sleep 5
  log "latency: $n give-ups, one at a time (vigil $vp)"
  for ((i = 1; i <= n; i++)); do
    local svc; svc=$(printf 'crash-%03d' "$i")
    echo go >"$(printf '%s/fifo/%03d' "$dir" "$i")"
    WAIT_S=20 wait_for grep -q "\"service\": \"$svc\"" "$dir/webhook.jsonl" || log "no notification for $svc within 20 s"
    sleep 1
  done
  "$VIGIL" events --file "$dir/vigil.yaml" --json -n 100000 >"$dir/events.jsonl" 2>/dev/null || true
  stop_pid "$vp" 60; stop_pid "$hook_pid" 10
  "$PYTHON" "$bench_dir/src/latency_stats.py" "$dir/webhook.jsonl" "$dir/events.jsonl" >"$dir/latency.json"
  "$PYTHON" - "$dir" <<'PY' | tee "$dir/summary.txt"
import json, sys
d = sys.argv[1]
r = json.load(open(f"{d}/latency.json"))
print(f"== give-up -> webhook notification delivered (group_wait 0s): {r['notified']} of {r['give_ups']} give-ups notified (ms) ==")
for k, name in (("gaveup_to_webhook_ms", "GaveUp -> webhook"), ("gaveup_to_alertfired_ms", "GaveUp -> AlertFired"),
                ("alertfired_to_webhook_ms", "AlertFired -> webhook")):
    s = r[k]
    print(f"{name:22s} median={s.get('median')} p90={s.get('p90')} p99={s.get('p99')} max={s.get('max')} (n={s.get('n')})")
PY
}

# ---- 4. differential: the same alerts to Alertmanager 0.25 and to Vigil's intake ----------------------------------
# The sequence in bench/src/am_diff.py (five alertnames, four services, three severities, resolves, an inhibition,
# two levels of routes) is posted at the same instant to Alertmanager's /api/v2/alerts and to Vigil's
# /alertmanager/api/v2/alerts (admin token), both configured with the same route, receivers and inhibit_rules
# (Vigil: vigil.yaml's alerting:, Alertmanager: alertmanager.yml), each receiver a webhook of its own on one
# receiver process (/am/<receiver>, /vigil/<receiver>). repeat_interval is set (Vigil's default repeats by severity).
# Then the notifications are compared: receiver, status, groupLabels, the alerts and their status, commonLabels,
# the payload's fields, and each one's latency from the post that changed it.
bench_diff() {
  local dir="$out/alerting-diff"
  rm -rf "$dir" && mkdir -p "$dir"
  start_webhook "$dir"
  local am_port vport; am_port=$(free_port); vport=$(free_port)
  routing() { # PREFIX: the route, receivers and inhibit rules, indented by two, for vigil.yaml and alertmanager.yml
    cat <<YAML
route:
  receiver: default
  group_by: [alertname, service]
  group_wait: 2s
  group_interval: 10s
  repeat_interval: 1h
  routes:
    - matchers: ['severity="critical"']
      receiver: pager
      group_by: [alertname]
      group_wait: 1s
    - matchers: ['team="db"']
      receiver: db
receivers:
  - name: default
    webhook_configs: [{url: "http://127.0.0.1:$hook_port/$1/default"}]
  - name: pager
    webhook_configs: [{url: "http://127.0.0.1:$hook_port/$1/pager"}]
  - name: db
    webhook_configs: [{url: "http://127.0.0.1:$hook_port/$1/db"}]
inhibit_rules:
  - source_matchers: ['alertname="DatabaseDown"']
    target_matchers: ['severity="warning"']
    equal: [service]
YAML
  }
  routing am >"$dir/alertmanager.yml"
  { printf 'name: bench-diff\nservices:\n  idle:\n    command: [sleep, "100000"]\nalerting:\n'; routing vigil | sed 's/^/  /'; } >"$dir/vigil.yaml"
  start_am "$dir" "$am_port"; local ap=$am_pid
  start_vigil "$dir" "$vport"; local vp=$vigil_pid
  sleep 3
  log "diff: alertmanager $ap on :$am_port, vigil $vp on :$vport"
  "$PYTHON" "$bench_dir/src/am_diff.py" run "$dir/posts.jsonl" "http://127.0.0.1:$am_port/api/v2/alerts" \
    "http://127.0.0.1:$vport/alertmanager/api/v2/alerts" "$dir/.vigil/token" 2>&1 | tee "$dir/run.log" >&2
  sleep 25   # the last resolves go out at their groups' next group_interval (10 s)
  "$VIGIL" events --file "$dir/vigil.yaml" --json -n 100000 >"$dir/events.jsonl" 2>/dev/null || true
  stop_pid "$vp" 60; stop_pid "$ap" 30; stop_pid "$hook_pid" 10
  "$PYTHON" "$bench_dir/src/am_diff.py" compare "$dir/webhook.jsonl" "$dir/posts.jsonl" | tee "$dir/summary.txt"
}

# ---- main -----------------------------------------------------------------------------------------------------------
warm_vigil
part=${1:-all}; shift || true
{ echo "== bench/alerting.sh $part $*"; machine_info; echo "prometheus:  $("$PROM" --version 2>&1 | head -1)"; echo "alertmanager: $("$AM" --version 2>&1 | head -1)"; } >&2
case "$part" in
  rules) bench_rules "$@" ;;
  storm) bench_storm "$@" ;;
  storm-intake) bench_storm_intake "$@" ;;
  intake-big) bench_intake_big "$@" ;;
  latency) bench_latency "$@" ;;
  diff) bench_diff "$@" ;;
  all) bench_rules; bench_storm; bench_storm_intake; bench_intake_big; bench_latency; bench_diff ;;
  *) die "unknown part $part (rules, storm, latency, diff, all)" ;;
esac
