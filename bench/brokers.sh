#!/usr/bin/env bash
# End-to-end benchmark through a broker: API processes (`serve --no-worker`) accept with wrk, worker processes
# (`worker`) store into PostgreSQL. For each broker, worker count and body: accepted events/s and p50/p99 (wrk), and
# events stored per second end to end (rows stored after the warm-up / (load seconds + seconds the backlog took to
# drain)). The warm-up's events count as accepted and must be stored too; the backlog it leaves is small.
# Redis is the local server; Kafka is a real single-node broker started from Kafka's jars (bench/kafka-server.sh).
# Options (environment): BENCH_BROKERS (redis kafka), BENCH_WORKERS (1 2), BENCH_BODIES (single batch),
# BENCH_DURATION (20), BENCH_WARMUP (5), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_WORKER_CONCURRENCY (2), BENCH_REDIS_URL.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$REPO/bin/lib/java-home.sh"
JAVA=$JAVA_HOME/bin/java
JAR=${BENCH_JAR:-$REPO/target/the-eye.jar}
BROKERS=${BENCH_BROKERS:-redis kafka}
WORKERS=${BENCH_WORKERS:-1 2}
BODIES=${BENCH_BODIES:-single batch}
DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
CONCURRENCY=${BENCH_WORKER_CONCURRENCY:-2}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
PG=(-h 127.0.0.1 -p 5432 -U postgres)
API_PORT=18480
KAFKA_PORT=18492
declare -A EVENTS_PER_REQUEST=([single]=1 [batch]=100)
# The key the API process signs batches with and the workers verify them with (required with a broker).
SIGNING_KEY=$(head -c 48 /dev/urandom | base64 -w 0)

log() { printf '[brokers %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null || { log "installing wrk"; apt-get update -qq >&2; apt-get install -y -qq wrk >&2; }
[[ -f $JAR ]] || (cd "$REPO" && ./mvnw -B -q package -DskipTests >&2)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/the-eye-brokers.XXXXXX")
PIDS=()
DB=
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
cleanup() {
  stop_all
  [[ -n ${KAFKA_PID:-} ]] && { kill "$KAFKA_PID" 2>/dev/null; wait "$KAFKA_PID" 2>/dev/null || true; }
  [[ -n $DB ]] && dropdb "${PG[@]}" --if-exists "$DB" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() { # wait_port PORT SECONDS
  local i
  for ((i = 0; i < $2 * 5; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  return 1
}

if [[ " $BROKERS " == *" kafka "* ]]; then
  log "starting Kafka on port $KAFKA_PORT"
  "$BENCH_DIR/kafka-server.sh" "$WORK/kafka" "$KAFKA_PORT" >"$WORK/kafka.log" 2>&1 &
  KAFKA_PID=$!
  wait_port "$KAFKA_PORT" 120 || { tail -20 "$WORK/kafka.log" >&2; exit 1; }
fi

eye() { # eye ENV... -- ARGS...: the jar with these environment variables
  local env=()
  while [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  # exec: a background `eye ... &` is then the JVM itself, which `kill` stops.
  exec env "${env[@]}" "$JAVA" -Xmx1g -jar "$JAR" "$@"
}

echo "| broker | workers | body | accepted req/s | accepted events/s | p50 ms | p99 ms | stored | drain s | stored events/s end to end |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
run=0
for broker in $BROKERS; do for workers in $WORKERS; do for body in $BODIES; do
  run=$((run + 1))
  DB=the_eye_brokers_$$_$run
  createdb "${PG[@]}" "$DB"
  common=(THE_EYE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" THE_EYE_DB_USER=postgres THE_EYE_QUEUE="$broker"
    THE_EYE_QUEUE_SIGNING_KEY="$SIGNING_KEY"
    THE_EYE_REDIS_URL="$REDIS_URL" THE_EYE_REDIS_STREAM="the-eye-bench:$$:$run"
    THE_EYE_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" THE_EYE_KAFKA_TOPIC="the-eye-bench-$$-$run"
    THE_EYE_KAFKA_GROUP="bench-$$-$run" THE_EYE_WORKER_CONCURRENCY="$CONCURRENCY")
  (eye "${common[@]}" -- migrate) >/dev/null 2>>"$WORK/cli.log"
  eye "${common[@]}" THE_EYE_PORT=$API_PORT -- serve --no-worker >"$WORK/api-$run.log" 2>&1 &
  PIDS+=($!)
  for ((w = 0; w < workers; w++)); do
    eye "${common[@]}" -- worker >"$WORK/worker-$run-$w.log" 2>&1 &
    PIDS+=($!)
  done
  wait_port "$API_PORT" 120 || { tail -20 "$WORK/api-$run.log" >&2; exit 1; }
  json=$(eye "${common[@]}" -- clients create --name bench --json 2>>"$WORK/cli.log" | grep '"client_id"' | tail -1)
  id=$(sed -E 's/.*"client_id" *: *"([^"]+)".*/\1/' <<<"$json")
  key=$(sed -E 's/.*"secret_key" *: *"([^"]+)".*/\1/' <<<"$json")
  token=$(printf '%s\n' "$key" | eye -- token --client-id "$id" --secret-key-stdin --ttl 12h 2>>"$WORK/cli.log" | tail -1)
  [[ $token == *.*.* ]] || { log "no token: $token"; exit 1; }
  log "$broker, $workers worker process(es) x $CONCURRENCY, ${body}: ${WARMUP}s warm-up, ${DURATION}s of wrk -t$THREADS -c$CONNECTIONS"
  BENCH_TOKEN=$token wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s \
    -s "$BENCH_DIR/$body.lua" "http://127.0.0.1:$API_PORT/events" >"$WORK/warmup-$run.txt" 2>&1
  warm=$(sed -E 's/.* accepted_events=([0-9]+).*/\1/' <<<"$(grep '^BENCH_RESULT ' "$WORK/warmup-$run.txt")")
  BENCH_TOKEN=$token wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency \
    -s "$BENCH_DIR/$body.lua" "http://127.0.0.1:$API_PORT/events" >"$WORK/wrk-$run.txt" 2>&1
  line=$(grep "^BENCH_RESULT " "$WORK/wrk-$run.txt")
  grep "^BENCH_FIRST_NON_2XX" "$WORK/wrk-$run.txt" >&2 || true
  field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<" ${line#BENCH_RESULT }"; }
  accepted=$(($(field accepted_events) + warm))
  # Drain: until every accepted event is stored (or nothing more is stored for 30 s).
  start=$(date +%s.%N); last=-1; still=$start
  while :; do
    stored=$(psql "${PG[@]}" -d "$DB" -Atqc 'select count(*) from events')
    now=$(date +%s.%N)
    ((stored >= accepted)) && break
    if ((stored != last)); then last=$stored; still=$now; fi
    awk -v a="$now" -v b="$still" 'BEGIN { exit !(a - b > 30) }' && { log "backlog stuck at $stored of $accepted"; break; }
    sleep 0.2
  done
  drain=$(awk -v a="$now" -v b="$start" 'BEGIN { printf "%.1f", a - b }')
  duration=$(field duration_s)
  printf '| %s | %d x %d | %s | %.0f | %.0f | %.2f | %.2f | %d | %s | %.0f |\n' "$broker" "$workers" "$CONCURRENCY" \
    "$body" "$(field rps)" "$(awk -v e="$accepted" -v d="$duration" 'BEGIN { print e / d }')" "$(field p50_ms)" \
    "$(field p99_ms)" "$stored" "$drain" "$(awk -v s="$stored" -v w="$warm" -v d="$duration" -v r="$drain" 'BEGIN { print (s - w) / (d + r) }')"
  stop_all
  dropdb "${PG[@]}" --if-exists "$DB"
  DB=
done; done; done
