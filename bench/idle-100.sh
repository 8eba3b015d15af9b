#!/usr/bin/env bash
# The cost of supervising 100 idle services: Vigil (with a 1 s HTTP probe on
# each) and supervisord (no probes: it has none) side by side, same run.
#
#   bench/idle-100.sh [SECONDS]               (default 300: the measured period)
#
# Env: VIGIL (launcher, default ./vigil), WARMUP (default 30 s, not measured),
# SERVICES (default 100), VIGIL_JAVA_OPTS (passed to Vigil's JVM by the launcher),
# PROBES (default 1; 0 = the same services without probes, to split the cost),
# IDLE_NAME (default idle: the output directory under bench/out/).
#
# Each service is `sleep 100000`. Every Vigil service has an HTTP probe,
# interval 1s (default timeout 1s), against ONE shared tiny HTTP server
# (bench/src/httpserver.py) that this script starts outside both supervisors:
# 100 python servers would cost more CPU and memory than the supervisors being
# measured, on a 2-core machine; one server answering 100 requests/s keeps the
# probe work on Vigil's side real (100 HTTP GETs per second) without that.
# Both supervisors run at the same time, under the same background load.
# CPU = utime+stime of the supervisor process (all threads; not its children)
# from /proc/PID/stat, the delta over SECONDS after WARMUP, as % of one core.
# RSS = VmRSS from /proc/PID/status, sampled every 5 s in the measured period.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

seconds=${1:-300}
warmup=${WARMUP:-30}
n=${SERVICES:-100}
probes=${PROBES:-1}
dir="$out/${IDLE_NAME:-idle}"
rm -rf "$dir" && mkdir -p "$dir"
ensure_supervisord
warm_vigil

port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PYTHON" "$bench_dir/src/httpserver.py" "$port" "$dir/http.pid" >"$dir/http.out" 2>&1 &
http_pid=$!
track "$http_pid"

{
  echo "name: bench-idle"
  echo "services:"
  for ((i = 1; i <= n; i++)); do
    printf '  svc-%03d:\n' "$i"
    echo '    command: [sleep, "100000"]'
    [ "$probes" = 0 ] || echo "    health: {http: \"http://127.0.0.1:$port/\", interval: 1s}"
  done
} >"$dir/vigil.yaml"
{
  echo "[supervisord]"
  echo "nodaemon=true"
  echo "logfile=$dir/supervisord.log"
  echo "pidfile=$dir/supervisord.pid"
  echo "childlogdir=$dir/supervisord-logs"
  for ((i = 1; i <= n; i++)); do
    printf '\n[program:svc-%03d]\n' "$i"
    echo "command=sleep 100000"
  done
} >"$dir/supervisord.conf"
mkdir -p "$dir/supervisord-logs"

log "load before: $(load_avg)"
log "starting vigil ($n services, $([ "$probes" = 0 ] && echo "no probes" || echo "HTTP probe 1s each, port $port")) and supervisord ($n programs); VIGIL_JAVA_OPTS='${VIGIL_JAVA_OPTS:-}'"
"$VIGIL" up "$dir/vigil.yaml" --plain --listen 127.0.0.1:0 --for "$((warmup + seconds + 600))s" >"$dir/vigil.out" 2>&1 &
vigil_pid=$!
track "$vigil_pid"
supervisord -n -c "$dir/supervisord.conf" >"$dir/supervisord.stdout" 2>&1 &
sup_pid=$!
track "$sup_pid"

sleep "$warmup"
count() { awk -v re="$1" '$0 ~ re {n++} END {print n+0}' "$2"; }
log "after warm-up: vigil healthy=$(count 'StateChanged.*-> healthy' "$dir/vigil.out")/$n (running=$(count 'StateChanged.*-> running' "$dir/vigil.out")), supervisord RUNNING=$(count 'entered RUNNING' "$dir/supervisord.log")/$n"
# The JVM must be the launcher's pid (the launcher execs java).
grep -q java "/proc/$vigil_pid/cmdline" || die "pid $vigil_pid is not the JVM"

v0=$(cpu_ticks "$vigil_pid"); s0=$(cpu_ticks "$sup_pid"); h0=$(cpu_ticks "$http_pid")
vigil_rss_warm=$(rss_kb "$vigil_pid")
t0=$(date +%s%N)
: >"$dir/rss.tsv"
end=$(( $(date +%s) + seconds ))
while [ "$(date +%s)" -lt "$end" ]; do
  echo -e "$(date +%s)\t$(rss_kb "$vigil_pid")\t$(rss_kb "$sup_pid")" >>"$dir/rss.tsv"
  sleep 5
done
v1=$(cpu_ticks "$vigil_pid"); s1=$(cpu_ticks "$sup_pid"); h1=$(cpu_ticks "$http_pid")
t1=$(date +%s%N)
echo -e "$(date +%s)\t$(rss_kb "$vigil_pid")\t$(rss_kb "$sup_pid")" >>"$dir/rss.tsv"
vigil_threads=$(awk '/^Threads:/ {print $2}' "/proc/$vigil_pid/status")
log "load after: $(load_avg)"

# Children, to check nothing is left behind once the supervisors are stopped.
sup_kids=$(ps -o pid= --ppid "$sup_pid" 2>/dev/null || true)
restarts_vigil=$(count 'RestartScheduled' "$dir/vigil.out")
unhealthy_vigil=$(count 'StateChanged.*-> unhealthy' "$dir/vigil.out")
stop_pid "$vigil_pid" 60
stop_pid "$sup_pid" 60
stop_pid "$http_pid" 10
"$VIGIL" events --file "$dir/vigil.yaml" --json -n 100000 -t InstanceStarted >"$dir/started.jsonl" 2>/dev/null || true
for p in $(grep -o '"pid":[0-9]*' "$dir/started.jsonl" | cut -d: -f2) $sup_kids; do
  kill_if_alive "$p" "sleep 100000"
done

"$PYTHON" - "$dir" "$((t1 - t0))" "$CLK_TCK" "$((v1 - v0))" "$((s1 - s0))" "$((h1 - h0))" \
  "$vigil_rss_warm" "$vigil_threads" "$restarts_vigil" "$unhealthy_vigil" "${VIGIL_JAVA_OPTS:-}" "$probes" <<'PY' | tee "$dir/summary.txt"
import json, sys
d, wall_ns, tck, dv, ds, dh, rss_warm, threads, restarts, unhealthy, opts, probes = sys.argv[1:13]
wall = int(wall_ns) / 1e9
tck = int(tck)
cpu = lambda ticks: int(ticks) / tck / wall * 100
rows = [l.split("\t") for l in open(f"{d}/rss.tsv") if l.strip()]
vr = [int(r[1]) / 1024 for r in rows]
sr = [int(r[2]) / 1024 for r in rows]
res = {
    "measured_s": round(wall, 1),
    "vigil": {"cpu_pct_one_core": round(cpu(dv), 2), "cpu_s": int(dv) / tck,
              "rss_max_mb": round(max(vr), 1), "rss_final_mb": round(vr[-1], 1),
              "rss_after_warmup_mb": round(int(rss_warm) / 1024, 1), "threads": int(threads),
              "restarts_during_run": int(restarts), "unhealthy_during_run": int(unhealthy),
              "java_opts_extra": opts},
    "supervisord": {"cpu_pct_one_core": round(cpu(ds), 2), "cpu_s": int(ds) / tck,
                    "rss_max_mb": round(max(sr), 1), "rss_final_mb": round(sr[-1], 1)},
    "shared_http_server_cpu_pct": round(cpu(dh), 2),
}
json.dump(res, open(f"{d}/summary.json", "w"), indent=1)
v, s = res["vigil"], res["supervisord"]
res["vigil"]["probes"] = probes != "0"
json.dump(res, open(f"{d}/summary.json", "w"), indent=1)
print(f"== {len(open(d + '/vigil.yaml').read().split('command:')) - 1} idle services, {wall:.0f} s measured after warm-up"
      f" (RSS MiB, CPU % of one core){'' if probes != '0' else ', Vigil WITHOUT probes'} ==")
print(f"vigil:       cpu={v['cpu_pct_one_core']:.2f}%  rss max={v['rss_max_mb']:.1f} final={v['rss_final_mb']:.1f}"
      f"  (threads {v['threads']}, restarts {v['restarts_during_run']}, extra JVM opts '{opts}')")
print(f"supervisord: cpu={s['cpu_pct_one_core']:.2f}%  rss max={s['rss_max_mb']:.1f} final={s['rss_final_mb']:.1f}")
print(f"shared http server (answers Vigil's probes): cpu={res['shared_http_server_cpu_pct']:.2f}%")
PY
