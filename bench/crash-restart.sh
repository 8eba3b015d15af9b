#!/usr/bin/env bash
# Crash -> new process started: Vigil vs supervisord, same C program, same run.
#
#   bench/crash-restart.sh [CRASHES]          (default 200)
#
# Env: VIGIL (launcher, default ./vigil), DEFAULT_SAMPLES (default 30) for the
# second part, RUN_MS (default 100): how long the crasher lives before exit(1).
#
# Part 1 (mechanism): Vigil with backoff {initial: 0ms, max: 0ms, jitter: 0},
# limit none, so every restart is immediate (builds before 9bac7bf reject a
# zero backoff; the script then falls back to 1ms and says so), and
# supervisord with autorestart=true, startsecs=0, startretries=100000.
# Part 2 (defaults): Vigil's default backoff with reset_after: 1s and a crasher
# that runs 2 s, so every crash follows a "stable" run and gets Vigil's
# first-restart path; limit: none, because the default limit (10 in 5m) would
# give the service up after 10 of these restarts. supervisord with its
# defaults beside it.
# Latency = start[n+1] - exit[n], both stamped by the crasher itself
# (CLOCK_REALTIME), so it includes the kernel's exit, the supervisor noticing,
# fork/exec and the crasher reaching main().
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

crashes=${1:-200}
default_samples=${DEFAULT_SAMPLES:-30}
run_ms=${RUN_MS:-100}
dir="$out/crash"
rm -rf "$dir" && mkdir -p "$dir"

ensure_gcc
ensure_supervisord
gcc -O2 -Wall -o "$out/crasher" "$bench_dir/src/crasher.c"
warm_vigil

# count_starts FILE
count_starts() { awk '/^start/ {n++} END {print n+0}' "$1" 2>/dev/null || echo 0; }

# run_until FILE N PID: waits until FILE holds N+1 starts (N restarts) or the process dies.
run_until() {
  local file=$1 n=$2 pid=$3 last=-1 same=0 c
  while :; do
    c=$(count_starts "$file")
    [ "$c" -gt "$n" ] && return 0
    kill -0 "$pid" 2>/dev/null || { log "supervisor $pid died"; return 1; }
    if [ "$c" = "$last" ]; then
      same=$((same + 1))
      # 60 s without a new start: the supervisor stopped restarting.
      [ $same -gt 600 ] && { log "no restart for 60 s (at $c starts)"; return 1; }
    else
      same=0 last=$c
    fi
    sleep 0.1
  done
}

# vigil_run NAME N RESTART_YAML RUN_MS
vigil_run() {
  local name=$1 n=$2 restart=$3 ms=$4 d="$dir/$1"
  mkdir -p "$d"
  cat >"$d/vigil.yaml" <<YAML
name: bench-crash
services:
  crasher:
    command: ["$out/crasher", "$d/times.log", "$ms"]
    restart: $restart
YAML
  log "vigil ($name): $n restarts, crasher runs ${ms}ms; restart: $restart"
  "$VIGIL" up "$d/vigil.yaml" --plain --listen 127.0.0.1:0 --for 1h >"$d/vigil.out" 2>&1 &
  local pid=$!
  track "$pid"
  run_until "$d/times.log" "$n" "$pid" || true
  stop_pid "$pid" 30
  "$VIGIL" events --file "$d/vigil.yaml" --json -n 100000 >"$d/events.jsonl" 2>/dev/null || true
  # Any crasher Vigil started must be gone now.
  local p
  for p in $(grep -o '"type":"InstanceStarted".*"pid":[0-9]*' "$d/events.jsonl" | grep -o '"pid":[0-9]*$' | cut -d: -f2); do
    kill_if_alive "$p" "$out/crasher"
  done
}

# supervisord_run NAME N RUN_MS PROGRAM_OPTIONS
supervisord_run() {
  local name=$1 n=$2 ms=$3 opts=$4 d="$dir/$1"
  mkdir -p "$d"
  cat >"$d/supervisord.conf" <<CONF
[supervisord]
nodaemon=true
logfile=$d/supervisord.log
pidfile=$d/supervisord.pid
childlogdir=$d

[program:crasher]
command=$out/crasher $d/times.log $ms
stdout_logfile=$d/crasher.out
stderr_logfile=$d/crasher.err
$opts
CONF
  log "supervisord ($name): $n restarts, crasher runs ${ms}ms; $(echo "$opts" | tr '\n' ' ')"
  supervisord -n -c "$d/supervisord.conf" >"$d/supervisord.stdout" 2>&1 &
  local pid=$!
  track "$pid"
  run_until "$d/times.log" "$n" "$pid" || true
  local kids
  kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
  stop_pid "$pid" 30
  local p
  for p in $kids; do kill_if_alive "$p" "$out/crasher"; done
}

# Zero backoff if this Vigil accepts it, else the smallest it does.
backoff=0ms
mkdir -p "$dir/probe"
printf 'services:\n  x:\n    command: [true]\n    restart: {backoff: {initial: 0ms, max: 0ms}}\n' >"$dir/probe/vigil.yaml"
if ! "$VIGIL" validate "$dir/probe/vigil.yaml" >/dev/null 2>&1; then
  backoff=1ms
  log "this Vigil rejects a 0ms backoff: using 1ms"
fi

log "load before: $(load_avg)"
vigil_run vigil-mechanism "$crashes" \
  "{policy: always, backoff: {initial: $backoff, max: $backoff, jitter: 0}, limit: none}" "$run_ms"
supervisord_run supervisord-mechanism "$crashes" "$run_ms" \
  $'autorestart=true\nstartsecs=0\nstartretries=100000'
vigil_run vigil-defaults "$default_samples" '{reset_after: 1s, limit: none}' 2000
supervisord_run supervisord-defaults "$default_samples" 2000 ''
log "load after: $(load_avg)"

{
  echo "== crash -> restarted (ms) =="
  for name in vigil-mechanism supervisord-mechanism vigil-defaults supervisord-defaults; do
    "$PYTHON" "$bench_dir/src/stats.py" restart "$dir/$name/times.log" "$name"
  done
  echo "-- where Vigil's time goes (from its stored events) --"
  for name in vigil-mechanism vigil-defaults; do
    "$PYTHON" "$bench_dir/src/stats.py" breakdown "$dir/$name/times.log" "$dir/$name/events.jsonl" "$name"
  done
} | tee "$dir/summary.txt"
for name in vigil-mechanism supervisord-mechanism vigil-defaults supervisord-defaults; do
  "$PYTHON" "$bench_dir/src/stats.py" restart "$dir/$name/times.log" "$name" --json
done >"$dir/summary.jsonl"
