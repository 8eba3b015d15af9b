# Shared helpers for the benchmark scripts (sourced, not run).
# shellcheck shell=bash

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench_dir")
out="$bench_dir/out"
mkdir -p "$out"

# The Vigil command. Default: the repo's launcher (builds on first use).
# Override with VIGIL=/path/to/a/vigil/launcher, e.g. the snapshot that
# bench/snapshot-vigil.sh builds from a commit when the working tree is busy.
VIGIL=${VIGIL:-$repo/vigil}
# The real interpreter, not a pyenv shim (a shim would add a bash process per start).
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
CLK_TCK=$(getconf CLK_TCK)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- processes this script started: stopped on exit, whatever happens --------
bench_pids=()
track() { bench_pids+=("$1"); }

# stop_pid PID [GRACE_S]: SIGTERM, wait up to GRACE_S (default 20), then SIGKILL.
stop_pid() {
  local pid=$1 grace=${2:-20} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "pid $pid still alive after ${grace}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# kill_if_alive PID EXPECTED_CMDLINE_SUBSTRING: for children a supervisor
# should have stopped; only that pid, and only if it is still that program.
kill_if_alive() {
  local pid=$1 want=$2 cmd
  [ -r "/proc/$pid/cmdline" ] || return 0
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  case "$cmd" in
    *"$want"*) log "leftover pid $pid ($cmd): SIGKILL"; kill -KILL "$pid" 2>/dev/null || true ;;
  esac
}

cleanup_all() {
  local pid
  for pid in "${bench_pids[@]}"; do stop_pid "$pid" 20; done
  bench_pids=()
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM

# --- tools ---------------------------------------------------------------------
ensure_supervisord() {
  command -v supervisord >/dev/null && return 0
  log "installing supervisor (apt-get)"
  # Debian's postinst would start a system-wide supervisord; a policy-rc.d that
  # says 101 stops that (only created if none exists, removed afterwards).
  local made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor >/dev/null
  local rc=$?
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  [ $rc -eq 0 ] || die "apt-get install supervisor failed"
}

ensure_gcc() { command -v gcc >/dev/null || die "gcc is needed"; }

# Builds Vigil now (if the launcher needs to) so no build lands inside a measurement.
warm_vigil() {
  "$VIGIL" --version >/dev/null 2>&1 || "$VIGIL" --help >/dev/null 2>&1 || die "cannot run $VIGIL"
}

# --- /proc sampling ------------------------------------------------------------
# cpu_ticks PID: utime+stime of the whole process (all threads), in clock ticks.
cpu_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }                      # drop "pid (comm) ", comm may hold spaces
  # shellcheck disable=SC2086
  set -- $stat                           # now $1 = state (field 3); utime = field 14 -> $12
  echo $(( ${12} + ${13} ))
}
# rss_kb PID: VmRSS in KiB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

machine_info() {
  echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus:        $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))"
  echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os:          $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "jdk:         $("$(cd "$repo" && scripts/java-home.sh)/bin/java" -version 2>&1 | head -1)"
  echo "supervisord: $(supervisord --version 2>/dev/null || echo none)"
  echo "python:      $("$PYTHON" --version 2>&1)"
  local what
  case "$VIGIL" in
    */out/vigil-*/vigil) what="snapshot of commit $(basename "$(dirname "$VIGIL")" | cut -d- -f2) (bench/snapshot-vigil.sh)" ;;
    "$repo/vigil") what="working tree, HEAD $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- . ':!bench' ':!docs' 2>/dev/null || echo ' + uncommitted changes')" ;;
    *) what="as given" ;;
  esac
  echo "vigil:       $VIGIL ($what)"
  echo "load avg:    $(load_avg)"
}

# wait_for CMD... : retries a command every 0.1 s for up to $WAIT_S (default 30) seconds.
wait_for() {
  local i
  for ((i = 0; i < ${WAIT_S:-30} * 10; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
