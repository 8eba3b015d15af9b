#!/usr/bin/env bash
# Proves that a real Prometheus can scrape a running Vigil: starts a throwaway Prometheus that scrapes
# <api>/metrics every second with the daemon's token, waits for a Vigil series to come back through
# Prometheus' query API, prints it, and stops Prometheus again.
#
#   scripts/prometheus-check.sh [STATE_DIR] [--query PROMQL] [--timeout SECONDS] [--ca-file PEM | --insecure]
#
# STATE_DIR (default .vigil) is the daemon's state directory: the token is read from STATE_DIR/token (by
# Prometheus itself, so the secret is never copied), the API address from the "api" field of
# STATE_DIR/status.json. Exit 0 when the series was read back, 1 when not, 2 on bad arguments.
# Needs prometheus (or $PROMETHEUS) and python3.
set -euo pipefail

state=.vigil
query='vigil_service_state == 1'
timeout=30
tls=()
while [ $# -gt 0 ]; do
  case "$1" in
    --query) query=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --ca-file) tls=(ca_file "$(realpath "$2")"); shift 2 ;;
    --insecure) tls=(insecure_skip_verify true); shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "prometheus-check: unknown option $1" >&2; exit 2 ;;
    *) state=$1; shift ;;
  esac
done

prometheus=${PROMETHEUS:-$(command -v prometheus || true)}
if [ -z "$prometheus" ] || [ ! -x "$prometheus" ]; then
  echo "prometheus-check: no prometheus found (apt-get install prometheus, or set PROMETHEUS)" >&2
  exit 1
fi
for f in "$state/token" "$state/status.json"; do
  if [ ! -r "$f" ]; then
    echo "prometheus-check: cannot read $f (is Vigil running with state dir $state?)" >&2
    exit 1
  fi
done
token_file=$(realpath "$state/token")
api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("api") or "")' "$state/status.json")
if [ -z "$api" ]; then
  echo "prometheus-check: $state/status.json has no \"api\" field" >&2
  exit 1
fi
# scheme, host:port and path of <api>/metrics
read -r scheme authority path < <(python3 -c '
import sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1].rstrip("/") + "/metrics")
print(u.scheme, u.netloc, u.path)' "$api")
if [ "$scheme" = https ] && [ ${#tls[@]} -eq 0 ]; then
  echo "prometheus-check: $api is https: pass --ca-file PEM (or --insecure for a self-signed test certificate)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-prometheus-check.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

{
  echo "global:"
  echo "  scrape_interval: 1s"
  echo "  scrape_timeout: 1s"
  echo "scrape_configs:"
  echo "  - job_name: vigil"
  echo "    scheme: $scheme"
  echo "    metrics_path: '$path'"
  echo "    authorization:"
  echo "      type: Bearer"
  echo "      credentials_file: '$token_file'"
  if [ ${#tls[@]} -gt 0 ]; then
    echo "    tls_config:"
    echo "      ${tls[0]}: ${tls[1]}"
  fi
  echo "    static_configs:"
  echo "      - targets: ['$authority']"
} >"$work/prometheus.yml"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
pid=$!

# Polls Prometheus until the query has a result (prints it, exit 0), the target is down (exit 1, with the
# scrape error: a wrong token shows as 401), or the time is up (exit 1).
python3 - "http://127.0.0.1:$port" "$query" "$timeout" "$scheme://$authority$path" <<'EOF' || status=$?
import json, sys, time, urllib.parse, urllib.request

base, query, timeout, target = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + timeout

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return json.load(r)

last = "Prometheus did not answer"
while time.monotonic() < deadline:
    try:
        targets = get("/api/v1/targets?state=active")["data"]["activeTargets"]
        down = [t for t in targets if t["health"] == "down"]
        if down:
            print(f"prometheus-check: scraping {target} failed: {down[0]['lastError']}", file=sys.stderr)
            sys.exit(1)
        result = get("/api/v1/query?query=" + urllib.parse.quote(query))["data"]["result"]
        if result:
            print(f"Prometheus scraped {target} (target up) and read back:")
            for r in result:
                m = dict(r["metric"])
                name = m.pop("__name__", "")
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(m.items()))
                print(f"  {name}{{{labels}}} {r['value'][1]}")
            sys.exit(0)
        last = "no result for " + query + " yet; target " + ", ".join(t["health"] for t in targets)
    except OSError as e:
        last = f"Prometheus not ready: {e}"
    time.sleep(0.2)
print(f"prometheus-check: nothing read back within {timeout:g}s: {last}", file=sys.stderr)
sys.exit(1)
EOF
status=${status:-0}
if [ "$status" -ne 0 ] && ! kill -0 "$pid" 2>/dev/null; then
  echo "prometheus-check: prometheus exited; its log:" >&2
  tail -n 20 "$work/prometheus.log" >&2
fi
exit "$status"
