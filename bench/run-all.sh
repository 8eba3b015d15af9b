#!/usr/bin/env bash
# Runs the three benchmarks one after the other and prints a summary.
#
#   bench/run-all.sh                 (about 12 minutes)
#   VIGIL=$(bench/snapshot-vigil.sh) bench/run-all.sh
#
# Env: CRASHES (200), HANGS (20), IDLE_SECONDS (300), plus each script's own.
# Everything a run writes goes to bench/out/ (ignored by git); the summary also
# goes to bench/out/summary.txt.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

ensure_supervisord
warm_vigil
machine_info | tee "$out/machine.txt"
"$bench_dir/crash-restart.sh" "${CRASHES:-200}"
"$bench_dir/hang-recovery.sh" "${HANGS:-20}"
"$bench_dir/idle-100.sh" "${IDLE_SECONDS:-300}"
echo "load avg at the end: $(load_avg)" >>"$out/machine.txt"

{
  echo
  echo "==================== summary ===================="
  cat "$out/machine.txt"
  echo
  cat "$out/crash/summary.txt"
  echo "  targets: vigil p99 <= 50 ms and below supervisord (mechanism runs)"
  echo
  cat "$out/hang/summary.txt"
  echo "  target: median <= 3500 ms; kubelet default for comparison (documented, not measured): ~30 s"
  echo
  cat "$out/idle/summary.txt"
  echo "  targets: vigil cpu <= 2% of one core, rss <= 150 MB"
} | tee "$out/summary.txt"
