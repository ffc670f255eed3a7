#!/usr/bin/env bash
# The one-off backfill (bin/the-eye export, docs/export.md "One-off backfill") of BACKFILL_BENCH_EVENTS events
# (default 1,000,000: two clients, 24 hours, about 55 bytes of data each) from a new SQLite file to a local folder,
# zstd, in BACKFILL_BENCH_RUNS runs (default 3) of a JVM capped at BACKFILL_BENCH_HEAP (default 128m) to show that
# memory stays flat. Each run writes the same range again (replacing its files). Prints each run's wall time, events
# per second (wall, and per CPU second of the process: user + system) and peak RSS, then the medians. Writes only in
# a temporary folder. docs/benchmarks.md has the figures.
#   bench/backfill.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${BACKFILL_BENCH_RUNS:-3}
events=${BACKFILL_BENCH_EVENTS:-1000000}
heap=${BACKFILL_BENCH_HEAP:-128m}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=../bin/lib/java-home.sh
. "$repo/bin/lib/java-home.sh"
cd "$repo"
./mvnw -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=test
# Without Hadoop's API, which the writer needs to compile only: as the jar runs.
classpath="$repo/target/test-classes:$repo/target/classes:$(tr ':' '\n' <"$work/classpath" | grep -v hadoop-client-api | paste -sd:)"
java="$JAVA_HOME/bin/java"
export THE_EYE_DB_URL="jdbc:sqlite:$work/data/the-eye.db"

"$java" -cp "$classpath" io.theeye.backfill.BackfillBenchData "$events" >"$work/data.log" 2>&1 \
  || { cat "$work/data.log" >&2; exit 1; }

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for run in $(seq "$runs"); do
  began=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$work/rss" "$java" "-Xmx$heap" -cp "$classpath" io.theeye.cli.Main export \
    --destination "file://$work/out" --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z --json \
    >"$work/summary" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  wall_ms=$((($(date +%s%N) - began) / 1000000))
  exported=$(sed 's/.*"events":\([0-9]*\).*/\1/' "$work/summary")
  read -r rss_kb user_s system_s <"$work/rss"
  cpu_ms=$(awk -v u="$user_s" -v s="$system_s" 'BEGIN {printf "%d", (u + s) * 1000}')
  echo "run=$run events=$exported wall_ms=$wall_ms events_per_second=$((exported * 1000 / wall_ms))" \
    "cpu_ms=$cpu_ms events_per_cpu_second=$((exported * 1000 / cpu_ms)) peak_rss_kb=$rss_kb" \
    "summary=$(cat "$work/summary")" | tee -a "$work/runs"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; heap -Xmx$heap"
for key in wall_ms events_per_second cpu_ms events_per_cpu_second peak_rss_kb; do
  echo "median $key=$(sed "s/.*$key=\([0-9]*\).*/\1/" "$work/runs" | median)"
done
