#!/usr/bin/env bash
# Hang -> healthy again: Vigil probing a tiny HTTP server that the script freezes.
#
#   bench/hang-recovery.sh [HANGS]            (default 20)
#
# Env: VIGIL (launcher, default ./vigil), PROBE_TIMEOUT (default 500ms),
# RESET_AFTER (default 2s).
#
# The stack has one service, bench/src/httpserver.py on 127.0.0.1, with an HTTP
# probe: interval 1s, failure_threshold 3, timeout $PROBE_TIMEOUT (the default
# timeout is 1s), default start_period. Restart: default backoff, but
# reset_after $RESET_AFTER and limit none. Each hang here follows a run of a few
# seconds; with the default reset_after (30s) every hang would be a "restart in
# a row" and wait the backoff (1s, 2s, 4s, ...), and the default limit (10 in
# 5m) would give the service up before 20 hangs. So this measures an isolated
# hang: the first restart after a stable run, which Vigil does at once.
#
# For each hang the script waits for the service to be healthy, waits a random
# 2-3 s more (so the run outlasts reset_after and the hang lands at a random
# point of the probe cycle), SIGSTOPs the server (pid
# from the pid file it writes), notes the time and waits until `vigil up`
# prints the service healthy again. The figures come from the stored events
# afterwards (`vigil events --json`): hang -> StateChanged to "healthy", plus
# the parts: hang -> "unhealthy", and unhealthy -> healthy (kill, start, probe).
# No alternative is measured: supervisord has no probes and Docker never
# restarts an unhealthy container; docs/benchmarks.md quotes the kubelet's
# documented default instead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

hangs=${1:-20}
probe_timeout=${PROBE_TIMEOUT:-500ms}
reset_after=${RESET_AFTER:-2s}
dir="$out/hang"
rm -rf "$dir" && mkdir -p "$dir"
warm_vigil

port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/vigil.yaml" <<YAML
name: bench-hang
services:
  web:
    command: ["$PYTHON", "$bench_dir/src/httpserver.py", "$port", "$dir/server.pid"]
    health:
      http: http://127.0.0.1:$port/
      interval: 1s
      timeout: $probe_timeout
      failure_threshold: 3
    restart: {reset_after: $reset_after, limit: none}
YAML

healthy_count() { awk '/StateChanged.*-> healthy/ {n++} END {print n+0}' "$dir/vigil.out" 2>/dev/null || echo 0; }
more_healthy_than() { [ "$(healthy_count)" -gt "$1" ]; }
server_pid() { cat "$dir/server.pid" 2>/dev/null || true; }

log "load before: $(load_avg)"
log "vigil: $hangs hangs, probe interval 1s, timeout $probe_timeout, failure_threshold 3, reset_after $reset_after (port $port)"
"$VIGIL" up "$dir/vigil.yaml" --plain --listen 127.0.0.1:0 --for 2h >"$dir/vigil.out" 2>&1 &
vigil_pid=$!
track "$vigil_pid"
WAIT_S=60 wait_for more_healthy_than 0 || die "service never became healthy (see $dir/vigil.out)"

: >"$dir/hangs.txt"
hung_pids=()
last_pid=
for ((i = 1; i <= hangs; i++)); do
  # The pid file of the instance that just became healthy (not the one hung before).
  WAIT_S=30 wait_for bash -c "p=\$(cat '$dir/server.pid' 2>/dev/null) && [ -n \"\$p\" ] && [ \"\$p\" != '$last_pid' ] && kill -0 \$p" \
    || die "no fresh server pid after hang $((i - 1))"
  pid=$(server_pid)
  sleep "$("$PYTHON" -c 'import random; print(round(2 + random.random(), 3))')"
  before=$(healthy_count)
  t=$(date +%s%N)
  kill -STOP "$pid"
  echo "$t $pid" >>"$dir/hangs.txt"
  hung_pids+=("$pid")
  last_pid=$pid
  if ! WAIT_S=60 wait_for more_healthy_than "$before"; then
    log "hang $i: not healthy again within 60 s"
    break
  fi
  log "hang $i/$hangs: pid $pid, healthy again"
done

stop_pid "$vigil_pid" 30
for p in "${hung_pids[@]}"; do kill_if_alive "$p" httpserver.py; done
"$VIGIL" events --file "$dir/vigil.yaml" --json -n 100000 >"$dir/events.jsonl"
log "load after: $(load_avg)"

"$PYTHON" - "$dir" "$probe_timeout" <<'PY' | tee "$dir/summary.txt"
import json, sys
from datetime import datetime
d, timeout = sys.argv[1], sys.argv[2]

def ns(at):  # ISO instant with up to 9 fractional digits -> ns since epoch
    base, frac = at.rstrip("Z").split(".") if "." in at else (at.rstrip("Z"), "0")
    secs = int(datetime.fromisoformat(base + "+00:00").timestamp())
    return secs * 10**9 + int(frac.ljust(9, "0")[:9])

events = [json.loads(l) for l in open(f"{d}/events.jsonl") if l.strip()]
changes = [(ns(e["at"]), e["data"]["to"]) for e in events
           if e["type"] == "StateChanged" and e.get("service") == "web"]
hangs = [tuple(map(int, l.split())) for l in open(f"{d}/hangs.txt") if l.strip()]
total, detect, heal = [], [], []
for t, pid in hangs:
    unhealthy = next((a for a, to in changes if a > t and to == "unhealthy"), None)
    healthy = next((a for a, to in changes if a > t and to == "healthy"), None)
    if healthy is None:
        print(f"hang at {t}: never healthy again"); continue
    total.append((healthy - t) / 1e6)
    if unhealthy is not None and unhealthy < healthy:
        detect.append((unhealthy - t) / 1e6); heal.append((healthy - unhealthy) / 1e6)

def line(label, v):
    v = sorted(v); n = len(v)
    if not n: return f"{label}: no samples"
    med = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    p90 = v[max(1, -(-90 * n // 100)) - 1]
    return f"{label}: n={n} median={med:.0f} p90={p90:.0f} max={v[-1]:.0f} min={v[0]:.0f} (ms)"

print(f"== hang -> healthy again (probe interval 1s, timeout {timeout}, failure_threshold 3) ==")
print(line("vigil hang->healthy", total))
print(line("  hang->unhealthy (detection)", detect))
print(line("  unhealthy->healthy (stop, start, first probe)", heal))
with open(f"{d}/summary.json", "w") as f:
    json.dump({"total_ms": total, "detect_ms": detect, "heal_ms": heal}, f)
PY
