#!/usr/bin/env bash
# The control plane: Vigil's daemon and API next to supervisord's XML-RPC, same run, same machine.
#
#   bench/control-plane.sh
#
# 1. start to API ready (STARTS runs, default 10): from launching the supervisor to the first successful
#    status request (Vigil: GET /api/v1/stack with its token; supervisord: XML-RPC supervisor.getState),
#    polled every 10 ms with curl. One service / program (`sleep`). Run 0 of each is not counted (Vigil's
#    launcher may record its class-data archive, vigil.jsa, then).
# 2. status under load: SERVICES (default 100) services in each supervisor, each Vigil service with a 1 s HTTP
#    probe (a shared tiny server, as in idle-100.sh); RATE (default 200) requests/s for LOAD_S (default 30) s,
#    open loop (bench/src/ApiBench.java): Vigil GET /api/v1/services vs supervisord getAllProcessInfo. Vigil
#    runs with --api-rate-limit 1000 (the default 100/s per token would refuse half of it with 429).
# 3. live stream: SSE_CLIENTS (default 50) clients on /api/v1/events/stream; SSE_EVENTS (default 20)
#    restarts of one service; latency = arrival at each client minus the event's own timestamp.
# 4. memory: RSS of both after the load, idle with SERVICES services (sampled over IDLE_S, default 30 s).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

starts=${STARTS:-10}
n=${SERVICES:-100}
rate=${RATE:-200}
load_s=${LOAD_S:-30}
clients=${SSE_CLIENTS:-50}
events=${SSE_EVENTS:-20}
idle_s=${IDLE_S:-30}
dir="$out/control-plane"
rm -rf "$dir" && mkdir -p "$dir"
ensure_supervisord
warm_vigil
machine_info | tee "$dir/machine.txt"
jdk="$(cd "$repo" && scripts/java-home.sh)"
java="$jdk/bin/java"
"$jdk/bin/javac" -d "$dir/classes" "$bench_dir/src/ApiBench.java"
apibench() { "$java" -cp "$dir/classes" ApiBench "$@"; }
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
xmlrpc() { curl -sf -m 2 -H 'Content-Type: text/xml' --data "<?xml version=\"1.0\"?><methodCall><methodName>$2</methodName><params></params></methodCall>" "http://127.0.0.1:$1/RPC2" >/dev/null; }

supervisord_conf() { # FILE PORT COUNT
  {
    echo "[supervisord]"; echo "nodaemon=true"; echo "logfile=$(dirname "$1")/supervisord.log"
    echo "pidfile=$(dirname "$1")/supervisord.pid"; echo "childlogdir=$(dirname "$1")"
    echo "[inet_http_server]"; echo "port=127.0.0.1:$2"
    echo "[rpcinterface:supervisor]"; echo "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface"
    for ((i = 1; i <= $3; i++)); do printf '[program:svc-%03d]\ncommand=sleep 100000\n' "$i"; done
  } >"$1"
}

# ---- 1. start to API ready -----------------------------------------------------------------------------------
mkdir -p "$dir/start"
printf 'name: bench-start\nservices:\n  one:\n    command: [sleep, "100000"]\n' >"$dir/start/vigil.yaml"
: >"$dir/start/vigil.ms"; : >"$dir/start/supervisord.ms"
for ((r = 0; r <= starts; r++)); do
  port=$(free_port)
  t0=$(date +%s%N)
  "$VIGIL" up "$dir/start/vigil.yaml" --plain --listen "127.0.0.1:$port" >"$dir/start/vigil-$r.out" 2>&1 &
  pid=$!; track "$pid"
  until [ -s "$dir/start/.vigil/token" ] && curl -sf -m 1 -o /dev/null -H "Authorization: Bearer $(cat "$dir/start/.vigil/token")" "http://127.0.0.1:$port/api/v1/stack"; do
    kill -0 "$pid" 2>/dev/null || die "vigil exited: $(tail -3 "$dir/start/vigil-$r.out")"; sleep 0.01
  done
  ms=$(ms_since "$t0")
  [ "$r" -gt 0 ] && echo "$ms" >>"$dir/start/vigil.ms"   # run 0 records the class-data archive
  stop_pid "$pid" 30
  port=$(free_port)
  supervisord_conf "$dir/start/supervisord.conf" "$port" 1
  t0=$(date +%s%N)
  supervisord -n -c "$dir/start/supervisord.conf" >/dev/null 2>&1 &
  pid=$!; track "$pid"
  until xmlrpc "$port" supervisor.getState; do kill -0 "$pid" 2>/dev/null || die "supervisord exited"; sleep 0.01; done
  ms=$(ms_since "$t0")
  [ "$r" -gt 0 ] && echo "$ms" >>"$dir/start/supervisord.ms"
  stop_pid "$pid" 30
done
log "start to API ready (ms): vigil $(sort -n "$dir/start/vigil.ms" | tr '\n' ' '); supervisord $(sort -n "$dir/start/supervisord.ms" | tr '\n' ' ')"

# ---- 2.-4. 100 services ----------------------------------------------------------------------------------------
http_port=$(free_port)
"$PYTHON" "$bench_dir/src/httpserver.py" "$http_port" "$dir/http.pid" >"$dir/http.out" 2>&1 &
track $!
{
  echo "name: bench-api"
  echo "services:"
  for ((i = 1; i <= n; i++)); do
    printf '  svc-%03d:\n' "$i"
    echo '    command: [sleep, "100000"]'
    echo "    health: {http: \"http://127.0.0.1:$http_port/\", interval: 1s}"
  done
} >"$dir/vigil.yaml"
vport=$(free_port); sport=$(free_port)
supervisord_conf "$dir/supervisord.conf" "$sport" "$n"
# The default per-token limit (100/s, bursts of 200) would answer most of 200/s with 429: raise it for the run.
"$VIGIL" up "$dir/vigil.yaml" --plain --listen "127.0.0.1:$vport" --api-rate-limit 1000 >"$dir/vigil.out" 2>&1 &
vigil_pid=$!; track "$vigil_pid"
supervisord -n -c "$dir/supervisord.conf" >/dev/null 2>&1 &
sup_pid=$!; track "$sup_pid"
WAIT_S=120 wait_for grep -q StackStarted "$dir/vigil.out" || die "vigil stack did not start"
WAIT_S=60 wait_for xmlrpc "$sport" supervisor.getState || die "supervisord not ready"
token=$(cat "$dir/.vigil/token")
sleep 10 # let both settle (all programs RUNNING, probes in their steady rhythm)

log "status under load: $rate req/s for $load_s s"
apibench rate "http://127.0.0.1:$vport/api/v1/services" "$token" "$rate" "$load_s" | tee "$dir/vigil-load.txt"
apibench rate "http://127.0.0.1:$sport/RPC2" - "$rate" "$load_s" xmlrpc | tee "$dir/supervisord-load.txt"

log "SSE: $clients clients, $events restarts"
apibench sse "http://127.0.0.1:$vport" "$token" "$clients" svc-001 "$events" | tee "$dir/sse.txt"

log "idle memory over $idle_s s"
sleep 5
vmax=0; smax=0
for ((i = 0; i < idle_s; i += 5)); do
  v=$(rss_kb "$vigil_pid"); s=$(rss_kb "$sup_pid")
  [ "$v" -gt "$vmax" ] && vmax=$v; [ "$s" -gt "$smax" ] && smax=$s
  sleep 5
done
threads=$(awk '/^Threads:/ {print $2}' "/proc/$vigil_pid/status")
stop_pid "$vigil_pid" 60
stop_pid "$sup_pid" 60

{
  echo "== control plane ($n services for load/SSE/memory) =="
  echo "start to API ready, ms (median / max of $starts): vigil $(sort -n "$dir/start/vigil.ms" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " / " a[NR]}'), supervisord $(sort -n "$dir/start/supervisord.ms" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " / " a[NR]}')"
  echo "GET /api/v1/services at $rate/s: $(cat "$dir/vigil-load.txt")"
  echo "supervisord getAllProcessInfo at $rate/s: $(cat "$dir/supervisord-load.txt")"
  echo "SSE to $clients clients: $(cat "$dir/sse.txt")"
  echo "idle RSS max: vigil $((vmax / 1024)) MiB ($threads threads), supervisord $((smax / 1024)) MiB"
} | tee "$dir/summary.txt"
