#!/usr/bin/env bash
# Leak prediction: Vigil's memory finding and predicted restart beside PM2's
# max_memory_restart, on the same leaking program, side by side.
#
#   bench/leak-prediction.sh [RUN_S]          (default 600)
#
# Env: VIGIL (launcher, default ./vigil); RATES (MB/s, default "0.5 2 8");
# FAST_RATES (rates also run with metrics {interval: 1s}, default all of
# RATES); LIMIT_MB (default 300, MiB for both); BASE_MB (default 50);
# ACT_BEFORE (default 1m); COPIES (default 3); PM2_VERSION (default 7.0.4,
# installed with npm into bench/out/pm2-<version>, never globally).
#
# The program is src/leaker.py: it allocates BASE_MB, then keeps BASE_MB +
# RATE * t allocated and written to, t the seconds since its leak began, and
# logs its own RSS every 100 ms (and the SIGTERM/SIGINT that stops it) with
# wall-clock times. That trace gives the real crossing of the limit and the RSS
# at the restart, the same way under both supervisors.
#
# Vigil (one stack, every service with memory_limit {size: LIMIT_MB}, restart
# {limit: none, reset_after: 10s} so that restarts never back off or give up):
#   predict-5s-rR   predict: true, act_before ACT_BEFORE, default collection (5 s)
#   predict-1s-rR   the same with metrics {interval: 1s} (FAST_RATES)
#   plain-5s-rR     predict: false: only the plain limit (3 samples over, 1 s apart)
#   flat-*, plateau-*  controls with predict: true at 5 s and 1 s: a flat
#                   process (no leak), and one that grows 2 MB/s for 75 s to
#                   ~215 MiB (72 % of the limit) and then stays there
# PM2 (pm2-runtime, one process, its worker every 30 s):
#   pm2-rR-dD       max_memory_restart LIMIT_MB
# Each configuration runs COPIES times; copy i starts its leak i*10/COPIES s
# (Vigil: spreads the 5 s collection and the detector's 10 s looks) or
# i*30/COPIES s (PM2: spreads its 30 s worker) after the process starts.
# Vigil and PM2 run at the same time for RUN_S seconds; every restart in that
# time is one more instance measured. Output: bench/out/leak/summary.txt (the
# tables), instances.tsv (one line per instance), both supervisors' files.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

run_s=${1:-600}
rates=${RATES:-0.5 2 8}
fast_rates=${FAST_RATES:-$rates}
limit_mb=${LIMIT_MB:-300}
base_mb=${BASE_MB:-50}
act_before=${ACT_BEFORE:-1m}
copies=${COPIES:-3}
pm2_version=${PM2_VERSION:-7.0.4}
dir="$out/leak"
rm -rf "$dir" && mkdir -p "$dir/vigil" "$dir/pm2"
leaker="$bench_dir/src/leaker.py"

# PM2, pinned, into bench/out (a run on demand, never in CI).
pm2_dir="$out/pm2-$pm2_version"
pm2_runtime="$pm2_dir/node_modules/.bin/pm2-runtime"
if [ ! -x "$pm2_runtime" ]; then
  command -v npm >/dev/null || die "npm is needed to install PM2"
  log "installing pm2@$pm2_version into $pm2_dir (npm)"
  npm install --prefix "$pm2_dir" --no-audit --no-fund --loglevel=error "pm2@$pm2_version" >/dev/null
fi
pm2_got=$(node -p "require('$pm2_dir/node_modules/pm2/package.json').version")
[ "$pm2_got" = "$pm2_version" ] || die "expected pm2 $pm2_version in $pm2_dir, found $pm2_got"
warm_vigil

# name stack: the yaml services, services.tsv (supervisor name mode interval rate delay cap), PM2 apps.
services_tsv="$dir/services.tsv"
: >"$services_tsv"
yaml="$dir/vigil/vigil.yaml"
printf 'name: bench-leak\nservices:\n' >"$yaml"
pm2_apps=()
rate_name() { echo "r${1/./p}"; }
delay_of() { awk -v i="$1" -v n="$copies" -v p="$2" 'BEGIN {printf "%.2f", i * p / n}'; }

# vigil_service NAME MODE INTERVAL RATE DELAY CAP
vigil_service() {
  local name=$1 mode=$2 interval=$3 rate=$4 delay=$5 cap=$6 predict=false extra=""
  case "$mode" in predict | flat | plateau) predict=true extra=", act_before: $act_before" ;; esac
  cat >>"$yaml" <<YAML
  $name:
    command: ["$PYTHON", "$leaker", "$dir/vigil/$name.trace", "$rate", "$base_mb", "$delay", "$cap"]
    memory_limit: {size: ${limit_mb}M, predict: $predict$extra}
    restart: {limit: none, reset_after: 10s}
YAML
  [ "$interval" = 1s ] && echo "    metrics: {interval: 1s}" >>"$yaml"
  printf 'vigil\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$mode" "$interval" "$rate" "$delay" "$cap" >>"$services_tsv"
}

for rate in $rates; do
  for ((i = 0; i < copies; i++)); do
    d=$(delay_of "$i" 10)
    vigil_service "predict-5s-$(rate_name "$rate")-$i" predict 5s "$rate" "$d" 1000
    vigil_service "plain-5s-$(rate_name "$rate")-$i" plain 5s "$rate" "$d" 1000
    case " $fast_rates " in *" $rate "*) vigil_service "predict-1s-$(rate_name "$rate")-$i" predict 1s "$rate" "$d" 1000 ;; esac
    d=$(delay_of "$i" 30)
    name="pm2-$(rate_name "$rate")-$i"
    pm2_apps+=("{\"name\": \"$name\", \"script\": \"$leaker\", \"interpreter\": \"$PYTHON\", \"args\": [\"$dir/pm2/$name.trace\", \"$rate\", \"$base_mb\", \"$d\", \"1000\"], \"max_memory_restart\": \"${limit_mb}M\", \"autorestart\": true}")
    printf 'pm2\t%s\tpm2\t30s\t%s\t%s\t1000\n' "$name" "$rate" "$d" >>"$services_tsv"
  done
done
plateau_cap=$((base_mb + 150))
for interval in 5s 1s; do
  vigil_service "flat-$interval" flat "$interval" 0 0 1000
  vigil_service "plateau-$interval" plateau "$interval" 2 0 "$plateau_cap"
done
(IFS=,; printf '{"apps": [%s]}\n' "${pm2_apps[*]}") >"$dir/pm2/ecosystem.json"
"$VIGIL" validate "$yaml" >/dev/null || die "Vigil rejects $yaml"

n_vigil=$(grep -c '^vigil' "$services_tsv"); n_pm2=$(grep -c '^pm2' "$services_tsv")
{
  echo "== leak prediction: Vigil beside PM2 $pm2_version =="
  machine_info
  echo "node:        $(node --version)"
  echo "lscpu:       $(lscpu | awk -F: '/^Model name/ {gsub(/^ +/, "", $2); m=$2} /^CPU\(s\)/ {gsub(/ /, "", $2); c=$2} END {print c " x " m}')"
  echo "MemTotal:    $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo), MemAvailable $(awk '/MemAvailable/ {print $2 " kB"}' /proc/meminfo)"
  echo "run:         ${run_s}s; rates $rates MB/s (1 s collection: $fast_rates); limit ${limit_mb}M; base ${base_mb}M;"
  echo "             act_before $act_before; $copies copies; $n_vigil Vigil services, $n_pm2 PM2 processes, side by side"
} | tee "$dir/machine.txt" >&2

log "starting Vigil ($n_vigil services) and pm2-runtime ($n_pm2 processes) for ${run_s}s"
"$VIGIL" up "$yaml" --plain --listen 127.0.0.1:0 --for "$((run_s + 120))s" >"$dir/vigil/vigil.out" 2>&1 &
vigil_pid=$!
track "$vigil_pid"
(
  cd "$dir/pm2"
  export PM2_HOME="$dir/pm2/home" PM2_DISABLE_VERSION_CHECK=1
  exec "$pm2_runtime" start ecosystem.json
) >"$dir/pm2/pm2-runtime.out" 2>&1 &
pm2_pid=$!
track "$pm2_pid"

for ((t = 0; t < run_s; t += 30)); do
  sleep "$((run_s - t < 30 ? run_s - t : 30))"
  kill -0 "$vigil_pid" 2>/dev/null || die "Vigil ended early: $(tail -3 "$dir/vigil/vigil.out")"
  kill -0 "$pm2_pid" 2>/dev/null || die "pm2-runtime ended early: $(tail -3 "$dir/pm2/pm2-runtime.out")"
  log "$((t + 30 < run_s ? t + 30 : run_s))s: load $(load_avg), MemAvailable $(awk '/MemAvailable/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
done
date +%s%3N >"$dir/end_ms"
echo "load at the end: $(load_avg)" >>"$dir/machine.txt"
stop_pid "$pm2_pid" 30
stop_pid "$vigil_pid" 60
"$VIGIL" events --file "$yaml" --json -n 1000000 >"$dir/vigil/events.jsonl" 2>/dev/null || true
# Any leaker either supervisor left behind.
for trace in "$dir"/vigil/*.trace "$dir"/pm2/*.trace; do
  for p in $(awk '$1 == "start" {print $2}' "$trace"); do kill_if_alive "$p" "$leaker"; done
done

{
  cat "$dir/machine.txt"
  echo
  "$PYTHON" "$bench_dir/src/leakstats.py" "$dir" "$limit_mb"
} | tee "$dir/summary.txt"
