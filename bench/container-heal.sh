#!/usr/bin/env bash
# Containers: crash -> restart issued, Vigil beside the engine's own restart policy, same run, same image; and a
# hung container -> healthy again (the engine alone never restarts an unhealthy container).
#
#   bench/container-heal.sh [CRASHES] [HANGS]        (defaults 50 and 20)
#
# Needs a Docker API engine: scripts/container-engine.sh starts Podman's (as root) and prints DOCKER_HOST.
# Crash latency = the engine's own event times: a container's `died` -> the next `start` of that service's
#   container (Vigil recreates it under the same name; the engine restarts the same container). The program is
#   `sh -c 'sleep 0.2; exit 1'` in localhost/busybox:test. Vigil: restart policy always, no backoff (the
#   mechanism, as in crash-restart.sh); engine: `--restart always`.
# Hang = SIGSTOP of the container's server process from the host (it stays "running"); Vigil probes it over HTTP
#   from outside every 1 s (timeout 500 ms, 3 failures), then restarts it. Latency = the stop -> Vigil's
#   StateChanged to healthy of the new container, with its parts: stop -> unhealthy (detection), unhealthy ->
#   healthy (stop, remove, create, start, first probe). As in hang-recovery.sh, each hang is isolated: restart
#   `reset_after: 2s, limit: none`, and a random 2-3 s of healthy running before each hang (so it lands at a random
#   point of the probe cycle). With the default reset_after (30s), hangs this close together would be restarts in
#   a row and wait the backoff (1 s, 2 s, 4 s, ...), which is the policy, not the healing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

crashes=${1:-50}
hangs=${2:-20}
dir="$out/container-heal"
rm -rf "$dir" && mkdir -p "$dir"
export DOCKER_HOST=${DOCKER_HOST:-$("$repo/scripts/container-engine.sh" | tail -n 1 | cut -d= -f2-)}
warm_vigil
machine_info | tee "$dir/machine.txt"
echo "engine:      $(podman --version)" | tee -a "$dir/machine.txt"
image=localhost/busybox:test
stack=benchc$$

t_begin=$(date +%s)
# ---- crash: Vigil ------------------------------------------------------------------------------------------
cat >"$dir/vigil.yaml" <<YAML
name: $stack
services:
  crashy:
    image: $image
    command: ["sh", "-c", "sleep 0.2; exit 1"]
    restart: {policy: always, backoff: {initial: 0s, max: 0s, jitter: 0}, limit: none}
YAML
log "vigil: $crashes container crashes"
"$VIGIL" up "$dir/vigil.yaml" --plain --listen 127.0.0.1:0 --for 1h >"$dir/vigil-crash.out" 2>&1 &
vpid=$!; track "$vpid"
more_than() { [ "$("${@:2}")" -gt "$1" ]; }   # more_than N CMD...: CMD's output, re-run each time, above N
starts() { grep -c 'InstanceStarted' "$dir/vigil-crash.out" || true; }
WAIT_S=600 wait_for more_than "$crashes" starts || die "vigil did not reach $crashes restarts"
stop_pid "$vpid" 60
# ---- crash: the engine's restart policy ----------------------------------------------------------------------
log "engine --restart always: $crashes container crashes"
podman rm -f bench-engine-crashy >/dev/null 2>&1 || true
podman run -d --name bench-engine-crashy --restart always "$image" sh -c 'sleep 0.2; exit 1' >/dev/null
restarts() { podman inspect -f '{{.RestartCount}}' bench-engine-crashy 2>/dev/null || echo 0; }
WAIT_S=600 wait_for more_than "$crashes" restarts \
  || die "the engine did not reach $crashes restarts (RestartCount $(podman inspect -f '{{.RestartCount}}' bench-engine-crashy))"
podman rm -f bench-engine-crashy >/dev/null
# podman 4.3 takes relative times here (absolute ones returned nothing); a margin keeps the first crash in.
sleep 2
timeout 60 podman events --since "$(( $(date +%s) - t_begin + 5 ))s" --until 1s --format json >"$dir/events.jsonl" 2>/dev/null || true
[ -s "$dir/events.jsonl" ] || die "no engine events read back"

# ---- hang: Vigil -----------------------------------------------------------------------------------------------
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/hang.yaml" <<YAML
name: ${stack}h
services:
  web:
    image: $image
    # PID 1 is a shell that handles TERM (a PID 1 without a handler ignores it, and every stop would sit out the
    # grace period); the server is its child, and that child is what hangs.
    command: ["sh", "-c", "echo ok > /tmp/index.html; httpd -f -p 80 -h /tmp & child=\$!; trap 'kill \$child; exit 0' TERM; wait"]
    ports: ["127.0.0.1:$port:80"]
    health:
      http: http://127.0.0.1:$port/index.html
      interval: 1s
      timeout: 500ms
      failure_threshold: 3
    restart: {reset_after: 2s, limit: none}
YAML
log "vigil: $hangs hung containers"
"$VIGIL" up "$dir/hang.yaml" --plain --listen 127.0.0.1:0 --for 1h >"$dir/vigil-hang.out" 2>&1 &
hpid=$!; track "$hpid"
healthy() { grep -c 'StateChanged.*-> healthy' "$dir/vigil-hang.out" || true; }
WAIT_S=60 wait_for more_than 0 healthy || die "web never became healthy"
: >"$dir/hangs.txt"
for ((i = 1; i <= hangs; i++)); do
  sleep "2.$(printf %03d $((RANDOM % 1000)))"
  before=$(healthy)
  main=$(podman inspect -f '{{.State.Pid}}' "vigil-${stack}h-web")
  cpid=$(cat "/proc/$main/task/$main/children" | awk '{print $1}')
  [ -n "$cpid" ] || die "hang $i: no server process under pid $main"
  t0=$(date +%s%N)
  kill -STOP "$cpid"
  WAIT_S=60 wait_for more_than "$before" healthy || die "hang $i: not healthy again"
  echo "$t0" >>"$dir/hangs.txt"
done
stop_pid "$hpid" 60

"$PYTHON" - "$dir" "$stack" "$crashes" <<'PY' | tee "$dir/summary.txt"
import json, sys, re, datetime
d, stack, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def ns(t):
    m = re.match(r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z', t)
    base = datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    frac = (m.group(2) or '0').ljust(9, '0')[:9]
    return int(base.timestamp()) * 10**9 + int(frac)
def latencies(name):
    evs = []
    for line in open(f'{d}/events.jsonl'):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get('Type') == 'container' and e.get('Name') == name and e.get('Status') in ('died', 'start'):
            evs.append((ns(e['Time']), e['Status']))
    evs.sort()
    out, died = [], None
    for t, s in evs:
        if s == 'died':
            died = t
        elif s == 'start' and died is not None:
            out.append((t - died) / 1e6); died = None
    return sorted(out)[:n]
def pct(xs, p):
    return xs[max(0, min(len(xs) - 1, int(-(-p / 100 * len(xs) // 1)) - 1))] if xs else float('nan')
def fmt(xs):
    return f"n={len(xs)} median={pct(xs,50):.1f} p90={pct(xs,90):.1f} p99={pct(xs,99):.1f} max={max(xs) if xs else float('nan'):.1f} ms"
print(f"== container crash -> restarted (engine event times: died -> start) ==")
print(f"vigil (event stream, no backoff):  {fmt(latencies(f'vigil-{stack}-crashy'))}")
print(f"engine --restart always:           {fmt(latencies('bench-engine-crashy'))}")
# hang: stop time -> the next StateChanged to unhealthy, then to healthy, after it
starts = [int(l) for l in open(f'{d}/hangs.txt') if l.strip()]
def changes(to):
    out = []
    for line in open(f'{d}/vigil-hang.out'):
        m = re.match(r'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\s+web\s+StateChanged\s+.*-> ' + to + r'\b', line)
        if m:
            t = datetime.datetime.strptime(m.group(1), '%Y-%m-%d %H:%M:%S.%f').astimezone(datetime.timezone.utc)
            out.append(int(t.timestamp() * 1000) * 10**6)
    return out
unhealthy, healthy = changes('unhealthy'), changes('healthy')
total, detect, replace = [], [], []
for s in starts:
    u = [t for t in unhealthy if t > s]
    h = [t for t in healthy if t > s]
    if u and h:
        total.append((h[0] - s) / 1e9); detect.append((u[0] - s) / 1e9); replace.append((h[0] - u[0]) / 1e9)
def secs(xs):
    xs = sorted(xs)
    return f"median={pct(xs,50):.2f} p90={pct(xs,90):.2f} max={max(xs) if xs else float('nan'):.2f} s"
print(f"== hung container (SIGSTOP) -> healthy again, probe 1 s (timeout 500 ms) x 3 ==")
print(f"vigil: n={len(total)} {secs(total)} (the engine alone never restarts it)")
print(f"  stop -> unhealthy:    {secs(detect)}")
print(f"  unhealthy -> healthy: {secs(replace)}")
PY
