#!/usr/bin/env bash
# Soak test of POST /events: the service on SQLite with a small heap (-Xmx256m), under wrk at capacity for
# SOAK_DURATION seconds (default 600) with a mix of valid batches, invalid events, malformed JSON and bodies over
# the size limit (bench/soak.lua). Heap, live data after GC and RSS are sampled every SOAK_SAMPLE seconds (default
# 60). Prints markdown tables for docs/benchmarks.md on stdout, progress on stderr. Exits 1 if any answer was a 5xx
# other than 503 or the server logged an error. Options: see bench/README.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${BENCH_REPO:-$(cd "$BENCH_DIR/.." && pwd)}
JAR=${BENCH_JAR:-$REPO/target/the-eye.jar}
DURATION=${SOAK_DURATION:-600}
SAMPLE=${SOAK_SAMPLE:-60}
HEAP=${SOAK_HEAP:-256m}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT_BASE:-18400}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}

log() { printf '[soak %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in DURATION SAMPLE CONNECTIONS THREADS PORT START_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || die "$v must be a positive integer, got '${!v}'"
done
for c in wrk curl; do command -v $c >/dev/null || die "$c not found (apt-get install -y $c)"; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/the-eye-soak.XXXXXX")
SERVER_PID=
WRK_PID=
cleanup() {
  local rc=$? i
  set +e
  [[ -n $WRK_PID ]] && kill "$WRK_PID" 2>/dev/null
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID" 2>/dev/null
  fi
  [[ -n ${SOAK_LOG_DIR:-} ]] && mkdir -p "$SOAK_LOG_DIR" && cp -r "$WORK"/. "$SOAK_LOG_DIR"/ && log "logs kept in $SOAK_LOG_DIR"
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

. "$BENCH_DIR/../bin/lib/java-home.sh" # JAVA_HOME: a JDK 21+, found as bin/the-eye finds one
JAVA=$JAVA_HOME/bin/java
if [[ ! -f $JAR ]]; then
  [[ -n ${BENCH_JAR:-} ]] && die "BENCH_JAR=$JAR does not exist"
  log "building $JAR"
  (cd "$REPO" && ./mvnw -B -q package -DskipTests) >&2
fi
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port $PORT is in use (set BENCH_PORT_BASE)"

DB_URL="jdbc:sqlite:$WORK/data/the-eye.db"
eye() { (cd "$WORK" && THE_EYE_DB_URL=$DB_URL exec "$JAVA" -jar "$JAR" "$@"); }

log "starting the service with -Xmx$HEAP on port $PORT"
(cd "$WORK" && THE_EYE_PORT=$PORT THE_EYE_DB_URL=$DB_URL exec "$JAVA" "-Xmx$HEAP" -jar "$JAR" serve) \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for ((i = 0; i < START_TIMEOUT * 2; i++)); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health") == 200 ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "the service exited"; }
  sleep 0.5
done
((i < START_TIMEOUT * 2)) || die "the service was not ready in ${START_TIMEOUT}s"

json=$(eye clients create --name soak --json 2>>"$WORK/cli.log" | grep '"client_id"' | tail -1) || die "clients create failed"
id=$(sed -E 's/.*"client_id" *: *"([^"]+)".*/\1/' <<<"$json")
key=$(sed -E 's/.*"secret_key" *: *"([^"]+)".*/\1/' <<<"$json")
TOKEN=$(printf '%s' "$key" | eye token --client-id "$id" --secret-key-stdin --ttl 12h 2>>"$WORK/cli.log" | tail -1)
[[ $TOKEN == *.*.* ]] || die "token failed: $TOKEN"
for ((i = 0; i < 60; i++)); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/events?limit=1" \
    -H "Authorization: Bearer $TOKEN") == 200 ]] && break
  sleep 0.5
done

# sample ELAPSED: one row of the memory table, from the service's metrics and /proc.
metric() { # metric NAME FILTER: sum of the samples of a Prometheus metric whose labels match FILTER
  awk -v n="$1" -v f="$2" 'index($0, n) == 1 && $0 ~ f { s += $NF } END { printf "%.0f\n", s }' "$WORK/metrics.txt"
}
sample() {
  # The service inherits THE_EYE_METRICS_TOKEN from this shell: when it is set, the metrics want it.
  curl -s ${THE_EYE_METRICS_TOKEN:+-H "Authorization: Bearer $THE_EYE_METRICS_TOKEN"} \
    "http://127.0.0.1:$PORT/actuator/prometheus" >"$WORK/metrics.txt" || : >"$WORK/metrics.txt"
  local heap live rss
  heap=$(metric jvm_memory_used_bytes 'area="heap"')
  live=$(metric jvm_gc_live_data_size_bytes '')
  rss=$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
  printf '| %d:%02d | %.1f | %.1f | %.1f |\n' "$(($1 / 60))" "$(($1 % 60))" "$(bc -l <<<"$heap / 1048576")" \
    "$(bc -l <<<"$live / 1048576")" "$(bc -l <<<"$rss / 1048576")" >>"$WORK/memory.md"
  log "at $(($1 / 60))m$(($1 % 60))s: heap $((heap / 1048576)) MiB, live after GC $((live / 1048576)) MiB, RSS $((rss / 1048576)) MiB"
}

log "wrk -t$THREADS -c$CONNECTIONS for ${DURATION}s, sampling every ${SAMPLE}s"
: >"$WORK/memory.md"
sample 0
BENCH_TOKEN=$TOKEN timeout $((DURATION + 90)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s \
  --latency -s "$BENCH_DIR/soak.lua" "http://127.0.0.1:$PORT/events" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!
for ((t = SAMPLE; t <= DURATION; t += SAMPLE)); do
  sleep "$SAMPLE"
  kill -0 "$SERVER_PID" 2>/dev/null || die "the service died: $(tail -5 "$WORK/server.log")"
  sample "$t"
done
wait "$WRK_PID" || die "wrk failed: $(tail -5 "$WORK/wrk.txt")"
WRK_PID=

result=$(grep '^SOAK_RESULT ' "$WORK/wrk.txt") || die "no result line from wrk: $(tail -5 "$WORK/wrk.txt")"
get() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<" ${result#SOAK_RESULT }"; }
errors=$(grep -cE ' ERROR |Exception' "$WORK/server.log" || true)

echo
echo "Soak: POST /events, wrk -t$THREADS -c$CONNECTIONS for ${DURATION}s, mix valid/invalid/malformed/oversized" \
  "${SOAK_MIX:-70 15 10 5}; the service on SQLite with -Xmx$HEAP; $(nproc) CPUs shared by wrk and the server;" \
  "started $(date -u -d "-$DURATION seconds")"
echo
echo "| time under load | heap used MiB | live data after GC MiB | RSS MiB |"
echo "|---:|---:|---:|---:|"
cat "$WORK/memory.md"
echo
echo "| requests/s | p50 ms | p99 ms | 202 | 400 | 413 | 429 | 503 | other 5xx | other | socket errors | server log errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $(get rps) | $(get p50_ms) | $(get p99_ms) | $(get status_202) | $(get status_400) | $(get status_413) |" \
  "$(get status_429) | $(get status_503) | $(get other_5xx) | $(get other) | $(get socket_errors) | $errors |"
grep '^SOAK_FIRST_5XX' "$WORK/wrk.txt" >&2 || true

failed=0
(($(get other_5xx) == 0)) || { log "FAILED: $(get other_5xx) answers were a 5xx other than 503"; failed=1; }
((errors == 0)) || { log "FAILED: the server logged $errors errors, first: $(grep -m1 -E ' ERROR |Exception' "$WORK/server.log")"; failed=1; }
exit "$failed"
