#!/usr/bin/env bash
# The two candidate Parquet writers of the export (docs/export.md), each in EXPORT_BENCH_RUNS fresh JVMs (default 5):
# the time to write a first file of 1,000 events in a JVM that has loaded neither writer, then events per second
# writing one file of EXPORT_BENCH_EVENTS events (default 100,000), zstd, right after and again once warmed up, in wall
# and CPU time. Prints each run's line, the process's wall time (JVM start to exit), then the medians. Writes only in a
# temporary folder. docs/export.md has the figures.
#   bench/export-writers.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${EXPORT_BENCH_RUNS:-5}
events=${EXPORT_BENCH_EVENTS:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=../bin/lib/java-home.sh
. "$repo/bin/lib/java-home.sh"
cd "$repo"
./mvnw -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=test
# Without Hadoop's API, which the writer needs to compile only: the figures are those of the jar as shipped.
classpath="$repo/target/test-classes:$repo/target/classes:$(tr ':' '\n' <"$work/classpath" | grep -v hadoop-client-api | paste -sd:)"
java="$JAVA_HOME/bin/java"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# Round by round, each writer once, so that the machine's other load falls on both alike.
for run in $(seq "$runs"); do
  for writer in parquet-java duckdb; do
    began=$(date +%s%N)
    line=$("$java" --enable-native-access=ALL-UNNAMED -cp "$classpath" io.theeye.export.ParquetWriterBench \
      "$writer" "$events" "$work/out-$run" 2>"$work/stderr") || { cat "$work/stderr" >&2; exit 1; }
    wall_ms=$((($(date +%s%N) - began) / 1000000))
    echo "$line process_wall_ms=$wall_ms" | tee -a "$work/$writer.runs"
    rm -rf "$work/out-$run"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for writer in parquet-java duckdb; do
  for key in first_file_ms first_file_cpu_ms events_per_second events_per_cpu_second warm_events_per_second \
    warm_events_per_cpu_second process_wall_ms bytes; do
    printf '%s median %s=%s\n' "$writer" "$key" \
      "$(grep -o " $key=[0-9]*" "$work/$writer.runs" | cut -d= -f2 | median)"
  done
done
