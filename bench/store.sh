#!/usr/bin/env bash
# The group commit alone, without HTTP (bench/store/StoreInsert.java): events/s for each way of inserting a group, on
# PostgreSQL and SQLite with the project's migrations. Options (environment): STORE_GROUPS (200), STORE_GROUP_SIZE
# (1000), STORE_ROUNDS (3), STORE_COMPARE_WITH (a migration version: also the service's way on the schema as it stood
# then, e.g. 14), STORE_VARIANTS (space-separated, e.g. "postgres-unnest postgres-copy-binary sqlite
# sqlite+cache=65536 sqlite+multirow": only those; see store/StoreInsert.java), STORE_TIMESTAMPS (ordered: timestamps
# grow as received, not spread over a day), BENCH_PG_URL (jdbc:postgresql://127.0.0.1:5432/test?user=postgres; a schema
# store_bench is made there, and dropped at the end). Prints a markdown table on stdout (events/s, PostgreSQL's and the
# client's CPU per event, bytes per event), each run's figures on stderr as it ends.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$REPO/bin/lib/java-home.sh"
cd "$REPO"
CP=$(mktemp)
trap 'rm -f "$CP"' EXIT
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP" >&2
"$JAVA_HOME/bin/java" -cp "$(cat "$CP")" "$BENCH_DIR/store/StoreInsert.java" \
  "${STORE_GROUPS:-200}" "${STORE_GROUP_SIZE:-1000}" "${STORE_ROUNDS:-3}" \
  "${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}" "${STORE_COMPARE_WITH:-}" "${STORE_VARIANTS:-}" 2> >(grep --line-buffered -v '^WARNING' >&2)
