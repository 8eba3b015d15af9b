#!/usr/bin/env bash
# Benchmarks of the embedded metric store (docs/benchmarks.md): bytes per sample, append throughput on one core
# (JMH), a 24-hour raw range query (JMH). Builds Vigil's jars from the working tree (package, never install), then
# the JMH project in bench/jmh against them.
#
#   bench/tsdb.sh                 everything
#   bench/tsdb.sh bytes           bytes per sample only (synthetic; PROM_EXPORT=file.json adds Prometheus's samples;
#                                 OPENMETRICS=file.om also writes the synthetic samples for promtool)
#   bench/tsdb.sh jmh [REGEX]     JMH only (default: all benchmarks), append pinned to CPU 0 with taskset
#   bench/tsdb.sh real STATE_DIR  bytes per sample of what a running Vigil collected in STATE_DIR (a copy is read);
#                                 with promtool on the PATH, the same samples stored by Prometheus's TSDB beside it
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/bench/out/tsdb"
mkdir -p "$out"
what=${1:-all}

"$root/scripts/mvn" -q -B -DskipTests package -pl vigil-store -am
JAVA_HOME=$("$root/scripts/java-home.sh")
export JAVA_HOME
"$root/mvnw" -q -B -f "$root/bench/jmh/pom.xml" compile dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=runtime
cp="$root/bench/jmh/target/classes:$(cat "$out/classpath.txt"):$root/vigil-core/target/vigil-core-0.1.0-SNAPSHOT.jar:$root/vigil-store/target/vigil-store-0.1.0-SNAPSHOT.jar"
java="$JAVA_HOME/bin/java"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB;" \
     "$("$java" -version 2>&1 | head -1); commit $(git -C "$root" rev-parse --short HEAD)" | tee "$out/machine.txt"

if [[ $what == all || $what == bytes ]]; then
    "$java" -cp "$cp" dev.vigil.bench.BytesPerSample synthetic "${SERIES:-1000}" "${HOURS:-24}" ${OPENMETRICS:-} \
        | tee "$out/bytes-synthetic.txt"
    if [[ -n ${PROM_EXPORT:-} ]]; then
        "$java" -cp "$cp" dev.vigil.bench.BytesPerSample prometheus "$PROM_EXPORT" | tee "$out/bytes-prometheus-data.txt"
    fi
fi
if [[ $what == real ]]; then
    state=${2:?give the state directory of a Vigil that has collected for a while}
    "$java" -cp "$cp" dev.vigil.bench.BytesPerSample real "$state" "$out/real.om" | tee "$out/bytes-real.txt"
    if command -v promtool >/dev/null; then
        rm -rf "$out/prom-real" && mkdir -p "$out/prom-real"
        promtool tsdb create-blocks-from openmetrics "$out/real.om" "$out/prom-real" >/dev/null
        samples=$(grep -c -v '^#' "$out/real.om")
        bytes=$(du -sb "$out/prom-real" | cut -f1)
        chunks=$(find "$out/prom-real" -path '*chunks*' -type f -exec cat {} + | wc -c)
        echo "prometheus tsdb blocks      $bytes bytes / $samples samples = $(awk "BEGIN{printf \"%.3f\", $bytes/$samples}") bytes/sample" \
             "(chunk files alone: $(awk "BEGIN{printf \"%.3f\", $chunks/$samples}"))" | tee -a "$out/bytes-real.txt"
    fi
fi
if [[ $what == all || $what == jmh ]]; then
    regex=${2:-}
    if [[ -z $regex || AppendBenchmark =~ $regex ]]; then
        taskset -c 0 "$java" -cp "$cp" org.openjdk.jmh.Main AppendBenchmark -rf json -rff "$out/append.json" \
            | tee "$out/append.txt"
    fi
    if [[ -z $regex || QueryBenchmark =~ $regex ]]; then
        "$java" -cp "$cp" org.openjdk.jmh.Main QueryBenchmark -rf json -rff "$out/query.json" | tee "$out/query.txt"
    fi
fi
