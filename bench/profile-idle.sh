#!/usr/bin/env bash
# Where Vigil's CPU goes with 100 idle services, each with a 1 s HTTP probe against one shared tiny HTTP server
# (the stack of idle-100.sh, without supervisord beside it): async-profiler, attached after the warm-up, samples
# on-CPU stacks (Java, JVM and kernel frames, every 1 ms of CPU) for SECONDS; bench/src/profile_areas.py then sums
# them by area (HTTP exchange, timers and hand-offs, lanes, metrics, ...).
#
#   bench/profile-idle.sh [SECONDS]            (default 60)
#
# Env: VIGIL, WARMUP (default 30 s), SERVICES (100), PROBES (1; 0 = no probes), PROFILE_NAME (default
# profile-idle: the output directory under bench/out/). async-profiler comes from Maven Central
# (tools.profiler:async-profiler) through the Maven wrapper, into ~/.m2; kernel frames need root or
# kernel.perf_event_paranoid <= 1. The profiler itself costs CPU: compare areas, not the total with idle-100.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

seconds=${1:-60}
warmup=${WARMUP:-30}
n=${SERVICES:-100}
probes=${PROBES:-1}
ap_version=4.0
dir="$out/${PROFILE_NAME:-profile-idle}"
rm -rf "$dir" && mkdir -p "$dir"
warm_vigil

jar="$HOME/.m2/repository/tools/profiler/async-profiler/$ap_version/async-profiler-$ap_version.jar"
[ -f "$jar" ] || "$repo/scripts/mvn" -q -B dependency:get -Dartifact="tools.profiler:async-profiler:$ap_version" >&2
lib="$out/async-profiler-$ap_version/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  mkdir -p "$(dirname "$lib")"
  "$PYTHON" -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("linux-x64/libasyncProfiler.so"))' "$jar" "$lib"
fi
jcmd="$(cd "$repo" && scripts/java-home.sh)/bin/jcmd"

port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PYTHON" "$bench_dir/src/httpserver.py" "$port" "$dir/http.pid" >"$dir/http.out" 2>&1 &
track $!
{
  echo "name: bench-profile"
  echo "services:"
  for ((i = 1; i <= n; i++)); do
    printf '  svc-%03d:\n' "$i"
    echo '    command: [sleep, "100000"]'
    [ "$probes" = 0 ] || echo "    health: {http: \"http://127.0.0.1:$port/\", interval: 1s}"
  done
} >"$dir/vigil.yaml"

log "starting vigil ($n services, probes=$probes), profiling ${seconds}s after ${warmup}s"
VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:-} -XX:+EnableDynamicAgentLoading" "$VIGIL" up "$dir/vigil.yaml" --plain \
  --listen 127.0.0.1:0 --for "$((warmup + seconds + 300))s" >"$dir/vigil.out" 2>&1 &
vigil_pid=$!
track "$vigil_pid"
sleep "$warmup"
grep -q java "/proc/$vigil_pid/cmdline" || die "pid $vigil_pid is not the JVM"
# jcmd splits its arguments at '=' unless the agent's options are quoted once more.
"$jcmd" "$vigil_pid" JVMTI.agent_load "$lib" "\"start,event=cpu,interval=1ms,threads,file=$dir/cpu.collapsed\"" >/dev/null
c0=$(cpu_ticks "$vigil_pid")
sleep "$seconds"
c1=$(cpu_ticks "$vigil_pid")
"$jcmd" "$vigil_pid" JVMTI.agent_load "$lib" "\"stop,file=$dir/cpu.collapsed\"" >/dev/null
stop_pid "$vigil_pid" 60
"$VIGIL" events --file "$dir/vigil.yaml" --json -n 100000 -t InstanceStarted >"$dir/started.jsonl" 2>/dev/null || true
for p in $(grep -o '"pid":[0-9]*' "$dir/started.jsonl" | cut -d: -f2); do kill_if_alive "$p" "sleep 100000"; done

log "vigil CPU while profiled: $(awk -v t="$((c1 - c0))" -v hz="$CLK_TCK" -v s="$seconds" 'BEGIN {printf "%.2f", t / hz / s * 100}') % of one core (profiler included)"
"$PYTHON" "$bench_dir/src/profile_areas.py" "$dir/cpu.collapsed" | tee "$dir/summary.txt"
