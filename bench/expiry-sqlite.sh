#!/usr/bin/env bash
# Expiry on the embedded database beside ingest (docs/benchmarks.md, "Expiry on SQLite"): a SQLite file with
# EXPIRY_BENCH_ROWS expired events (default 1,000,000) of 10 clients, then a writer committing groups of 20 recent
# events every 10 ms for 20 s without expiry, then while expiry removes them all. Prints how long each of expiry's
# transactions held the write lock (longest, p99, p50) and the writer's commit latency in both phases. Writes only in a
# temporary folder.
#   bench/expiry-sqlite.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${EXPIRY_BENCH_ROWS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=../bin/lib/java-home.sh
. "$repo/bin/lib/java-home.sh"
cd "$repo"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=test
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$repo/target/test-classes:$repo/target/classes:$(cat "$work/classpath")" \
  io.theeye.store.SqliteExpiryBench "$rows" 10 20 20 10 2>&1 | grep -v -e ' INFO ' -e ' WARN ' -e '^SLF4J'
