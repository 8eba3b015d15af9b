#!/usr/bin/env bash
# Builds Vigil from a commit (default HEAD) into bench/out/vigil-<sha>/ and
# prints the path of its launcher, for VIGIL=... in the other scripts.
#
# Why: ./vigil rebuilds from the working tree whenever a source file is newer
# than the jar. On a machine where others edit the tree while a benchmark runs,
# that can rebuild mid-run or measure half-finished changes. A snapshot of a
# commit is stable and names exactly what was measured.
#
#   VIGIL=$(bench/snapshot-vigil.sh) bench/run-all.sh
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench_dir")
rev=$(git -C "$repo" rev-parse --short "${1:-HEAD}")
dir="$bench_dir/out/vigil-$rev"
if [ ! -f "$dir/vigil-cli/target/vigil.jar" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  git -C "$repo" archive "$rev" | tar -x -C "$dir"
  echo "building vigil $rev in $dir ..." >&2
  # Tests are not run: this is a build to run, the test suite is elsewhere. They are compiled, though: modules
  # use the core's test jar (its contract kits), which -Dmaven.test.skip would not build.
  if ! nice -n 5 "$dir/scripts/mvn" -q -B -DskipTests -pl vigil-cli -am package >"$dir/build.log" 2>&1; then
    cat "$dir/build.log" >&2
    exit 1
  fi
fi
echo "$dir/vigil"
