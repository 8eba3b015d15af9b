#!/usr/bin/env bash
# Changing one service of a 100-service stack: Vigil's `apply` beside supervisord's `reread` + `update`, same run.
#
#   bench/apply-100.sh [APPLIES]               (default 10: changes applied, alternating the command back and forth)
#
# Env: VIGIL (launcher, default ./vigil), SERVICES (default 100), CHANGED (default svc-042).
#
# Each service is `sleep 100000` (no probes: what is measured is the change, not health checking). Each round
# edits CHANGED's command (sleep 100000 <-> sleep 100001) and:
# - Vigil: POSTs the file to the daemon's /api/v1/stack/apply (curl, the admin token). "Plan and apply" is from
#   the request leaving curl to the `ActionRequested` event that hands the replacement to the service's
#   supervisor (the event's own time: same machine, same clock): parsing, validating, planning, asking the gate
#   and dispatching, without the service's own restart. The answer itself comes once the replaced service has
#   been running for a second (Vigil's readiness rule for a service without probes); that is shown too.
#   A plan alone (?dry_run=true) is timed separately, 20 times.
# - supervisord: `supervisorctl reread` then `supervisorctl update`, each timed as a whole (the command line
#   tool's start included, as a user runs it).
# After each round the pids of every service are compared with the round before: "others restarted" counts the
# services other than CHANGED whose pid changed (the target is 0).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

applies=${1:-10}
n=${SERVICES:-100}
changed=${CHANGED:-svc-042}
dir="$out/apply"
rm -rf "$dir" && mkdir -p "$dir"
ensure_supervisord
command -v curl >/dev/null || die "curl is needed"
warm_vigil
machine_info >"$dir/machine.txt"
cat "$dir/machine.txt" >&2

stack() { # $1 = the changed service's sleep argument
  echo "name: bench-apply"
  echo "services:"
  for ((i = 1; i <= n; i++)); do
    printf '  svc-%03d:\n' "$i"
    if [ "$(printf 'svc-%03d' "$i")" = "$changed" ]; then
      echo "    command: [sleep, \"$1\"]"
    else
      echo '    command: [sleep, "100000"]'
    fi
  done
}
supervisor_conf() { # $1 = the changed program's sleep argument
  echo "[unix_http_server]"
  echo "file=$dir/supervisor.sock"
  echo "[supervisorctl]"
  echo "serverurl=unix://$dir/supervisor.sock"
  echo "[rpcinterface:supervisor]"
  echo "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface"
  echo "[supervisord]"
  echo "nodaemon=true"
  echo "logfile=$dir/supervisord.log"
  echo "pidfile=$dir/supervisord.pid"
  echo "childlogdir=$dir/supervisord-logs"
  for ((i = 1; i <= n; i++)); do
    printf '\n[program:svc-%03d]\n' "$i"
    if [ "$(printf 'svc-%03d' "$i")" = "$changed" ]; then echo "command=sleep $1"; else echo "command=sleep 100000"; fi
  done
}
now_ns() { date +%s%N; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f", ns / 1e6}'; }

# --- Vigil -------------------------------------------------------------------------------------------------------
state="$dir/vigil-state"
stack 100000 >"$dir/vigil.yaml"
log "vigil: starting $n services"
"$VIGIL" up -d "$dir/vigil.yaml" --state-dir "$state" --listen 127.0.0.1:0 --timeout 120s >"$dir/vigil-up.out" 2>&1 \
  || die "vigil up failed: $(cat "$dir/vigil-up.out")"
daemon=$(cat "$state/run/vigil.pid")
track "$daemon"
api=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$state/status.json")
token=$(cat "$state/token")
vigil_pids() {
  "$VIGIL" status --json --state-dir "$state" \
    | "$PYTHON" -c 'import json,sys; [print(s["name"], s["pid"]) for s in json.load(sys.stdin)["services"]]' | sort
}
others_changed() { # $1 $2 = pid listings before and after
  join "$1" "$2" | awk -v c="$changed" '$1 != c && $2 != $3 {n++} END {print n+0}'
}

for ((i = 0; i < 20; i++)); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' \
    --data-binary @"$dir/vigil.yaml" "$api/api/v1/stack/apply?dry_run=true")
  echo "$t" >>"$dir/vigil-plan-s.txt"
done

vigil_pids >"$dir/pids-0.txt"
: >"$dir/vigil-rounds.tsv"
arg=100000
for ((r = 1; r <= applies; r++)); do
  arg=$([ "$arg" = 100000 ] && echo 100001 || echo 100000)
  stack "$arg" >"$dir/vigil.yaml"
  t0=$(now_ns)
  answer=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' \
    --data-binary @"$dir/vigil.yaml" "$api/api/v1/stack/apply?reason=bench")
  t1=$(now_ns)
  [ "$(tail -n1 <<<"$answer")" = 200 ] || die "apply answered $(tail -n1 <<<"$answer"): $(head -n1 <<<"$answer")"
  grep -q '"result":"applied"' <<<"$answer" || die "apply did not apply: $answer"
  dispatched=$("$VIGIL" events --json --state-dir "$state" --type ActionRequested --service "$changed" \
    | tail -n1 | "$PYTHON" -c 'import json,sys,datetime
e=json.load(sys.stdin); t=datetime.datetime.fromisoformat(e["at"].replace("Z","+00:00")); print(int(t.timestamp()*1e9))')
  vigil_pids >"$dir/pids-$r.txt"
  others=$(others_changed "$dir/pids-$((r - 1)).txt" "$dir/pids-$r.txt")
  mine=$(join "$dir/pids-$((r - 1)).txt" "$dir/pids-$r.txt" | awk -v c="$changed" '$1 == c {print ($2 != $3)}')
  printf '%s\t%s\t%s\t%s\n' "$(ms $((dispatched - t0)))" "$(ms $((t1 - t0)))" "$others" "$mine" >>"$dir/vigil-rounds.tsv"
done
"$VIGIL" down --state-dir "$state" >"$dir/vigil-down.out" 2>&1 || log "vigil down: $(cat "$dir/vigil-down.out")"

# --- supervisord -------------------------------------------------------------------------------------------------
mkdir -p "$dir/supervisord-logs"
supervisor_conf 100000 >"$dir/supervisord.conf"
log "supervisord: starting $n programs"
supervisord -n -c "$dir/supervisord.conf" >"$dir/supervisord.stdout" 2>&1 &
sup_pid=$!
track "$sup_pid"
ctl() { supervisorctl -c "$dir/supervisord.conf" "$@"; }
sup_pids() { ctl status | awk '{for (i = 1; i <= NF; i++) if ($i == "pid") {sub(",", "", $(i + 1)); print $1, $(i + 1)}}' | sort; }
WAIT_S=60 wait_for bash -c "[ \"\$(supervisorctl -c '$dir/supervisord.conf' status 2>/dev/null | grep -c RUNNING)\" = $n ]" \
  || die "supervisord did not start $n programs"
sup_pids >"$dir/sup-pids-0.txt"
: >"$dir/sup-rounds.tsv"
arg=100000
for ((r = 1; r <= applies; r++)); do
  arg=$([ "$arg" = 100000 ] && echo 100001 || echo 100000)
  supervisor_conf "$arg" >"$dir/supervisord.conf"
  t0=$(now_ns); ctl reread >>"$dir/sup-ctl.out"; t1=$(now_ns); ctl update >>"$dir/sup-ctl.out"; t2=$(now_ns)
  WAIT_S=30 wait_for bash -c "[ \"\$(supervisorctl -c '$dir/supervisord.conf' status 2>/dev/null | grep -c RUNNING)\" = $n ]" \
    || die "supervisord did not get back to $n running programs"
  sup_pids >"$dir/sup-pids-$r.txt"
  others=$(join "$dir/sup-pids-$((r - 1)).txt" "$dir/sup-pids-$r.txt" | awk -v c="$changed" '$1 != c && $2 != $3 {n++} END {print n+0}')
  mine=$(join "$dir/sup-pids-$((r - 1)).txt" "$dir/sup-pids-$r.txt" | awk -v c="$changed" '$1 == c {print ($2 != $3)}')
  printf '%s\t%s\t%s\t%s\t%s\n' "$(ms $((t1 - t0)))" "$(ms $((t2 - t1)))" "$(ms $((t2 - t0)))" "$others" "$mine" >>"$dir/sup-rounds.tsv"
done
stop_pid "$sup_pid" 30

# --- summary -----------------------------------------------------------------------------------------------------
stats() { # $1 = label, stdin = one value (ms) per line
  local f; f=$(mktemp); cat >"$f"; "$PYTHON" "$bench_dir/src/stats.py" values "$f" "$1"; rm -f "$f"
}
sum() { paste -sd+ | bc; }
{
  echo "apply-100: $n services, $applies changes of $changed's command"
  awk '{printf "%.1f\n", $1 * 1000}' "$dir/vigil-plan-s.txt" | stats "vigil plan only (dry run, curl total)"
  cut -f1 "$dir/vigil-rounds.tsv" | stats "vigil plan and apply, to the replacement's hand-over"
  cut -f2 "$dir/vigil-rounds.tsv" | stats "vigil answer (after the replacement ran 1 s)"
  echo "vigil: others restarted $(cut -f3 "$dir/vigil-rounds.tsv" | sum) in $applies rounds; $changed replaced in $(cut -f4 "$dir/vigil-rounds.tsv" | sum)/$applies"
  cut -f1 "$dir/sup-rounds.tsv" | stats "supervisord reread"
  cut -f2 "$dir/sup-rounds.tsv" | stats "supervisord update"
  cut -f3 "$dir/sup-rounds.tsv" | stats "supervisord reread + update"
  echo "supervisord: others restarted $(cut -f4 "$dir/sup-rounds.tsv" | sum) in $applies rounds; $changed replaced in $(cut -f5 "$dir/sup-rounds.tsv" | sum)/$applies"
} | tee "$dir/summary.txt"
