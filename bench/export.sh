#!/usr/bin/env bash
# The continuous export (bin/the-eye exporter) on PostgreSQL, to a local folder (docs/export.md):
#   (a) throughput: EXPORT_EVENTS events (default 1,000,000) loaded by SQL into a fresh database, then, EXPORT_RUNS
#       times (default 3), an exporter started on a new folder, timed until its recorded position reaches the last
#       event: events per second from its first lease (JVM start excluded) and from the process's start, and per CPU
#       second the exporter's process used after its lease (what it would do with a core of its own);
#   (b) lag under ingest: `serve` on the same database, batches of 1,000 events posted by curl at a fixed pace
#       (EXPORT_INGEST_RATE events/s, default 10,000) for EXPORT_INGEST_SECONDS (default 120) while an exporter runs
#       (THE_EYE_EXPORT_INTERVAL=EXPORT_INTERVAL, default 10s); every EXPORT_SAMPLE seconds (default 5) the age of the
#       oldest stored event not exported yet, read from the database; the first EXPORT_WARMUP seconds (default 20)
#       are not counted.
# Prints the figures and medians on stdout, progress on stderr; the load average is printed with them, as the
# machine may be shared. Everything started is stopped, and the database and folders removed, on exit.
#   bench/export.sh
#   EXPORT_EVENTS=2000000 EXPORT_RUNS=5 bench/export.sh
#   EXPORT_PARTS=throughput bench/export.sh          # (a) only; EXPORT_PARTS=lag for (b) only
#   BENCH_PROFILE=1 EXPORT_PARTS=throughput bench/export.sh   # and where each exporter's CPU went (JFR)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${BENCH_REPO:-$(cd "$BENCH_DIR/.." && pwd)}
JAR=${BENCH_JAR:-$REPO/target/the-eye.jar}
EVENTS=${EXPORT_EVENTS:-1000000}
RUNS=${EXPORT_RUNS:-3}
PARTS=${EXPORT_PARTS:-throughput lag}
RATE=${EXPORT_INGEST_RATE:-10000}
INGEST_SECONDS=${EXPORT_INGEST_SECONDS:-120}
INTERVAL=${EXPORT_INTERVAL:-10s}
SAMPLE=${EXPORT_SAMPLE:-5}
WARMUP=${EXPORT_WARMUP:-20}
PORT=${BENCH_PORT_BASE:-18400}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-the_eye_export_bench_$$}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}

log() { printf '[export %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for v in EVENTS RUNS RATE INGEST_SECONDS SAMPLE WARMUP PORT START_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || die "EXPORT_/BENCH_ $v must be a positive integer, got '${!v}'"
done
[[ $PG_DB =~ ^[A-Za-z0-9_]+$ ]] || die "BENCH_PG_DB must be a plain name (letters, digits, _)"
for c in psql createdb dropdb curl; do command -v "$c" >/dev/null || die "$c not found"; done

# shellcheck source=../bin/lib/java-home.sh
. "$REPO/bin/lib/java-home.sh"
JAVA="$JAVA_HOME/bin/java"
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$REPO" && ./mvnw -B -q package -DskipTests) || die "cannot build the jar"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/the-eye-export-bench.XXXXXX")
PIDS=()
cleanup() {
  local rc=$? pid i
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  done
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$PG_DB" 2>/dev/null
  [[ -n ${BENCH_LOG_DIR:-} ]] && mkdir -p "$BENCH_LOG_DIR" && cp "$WORK"/*.log "$WORK"/*.jfr "$BENCH_LOG_DIR"/ 2>/dev/null
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT INT TERM

db() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -X -v ON_ERROR_STOP=1 -Atq "$@"; }
export THE_EYE_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" THE_EYE_DB_USER=$PG_USER THE_EYE_DB_PASSWORD=
the_eye() { "$JAVA" -jar "$JAR" "$@"; }

createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
the_eye migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
client=$(the_eye clients create --name export-bench --json)
client_id=$(sed -E 's/.*"client_id" *: *"([^"]+)".*/\1/' <<<"$client")
secret=$(sed -E 's/.*"secret_key" *: *"([^"]+)".*/\1/' <<<"$client")
other_id=$(the_eye clients create --name export-bench-other --json | sed -E 's/.*"client_id" *: *"([^"]+)".*/\1/')

# Whether the exporter has recorded every event up to the last one as exported (or there is none): 1 or 0.
caught_up() {
  db -c "select count(*) from export_progress p where p.destination = '$1' and p.pending_transaction is null
           and not exists (select 1 from events where (xid, seq)
             > (p.position_transaction::text::xid8, p.position_sequence))" 2>/dev/null ||
    echo 0
}

# An exporter on a new folder; prints its pid. $1: folder; $2: a JFR recording to write, if any.
start_exporter() {
  local profile=()
  [[ -n ${2:-} ]] && profile=("-XX:StartFlightRecording=settings=profile,filename=$2")
  # shellcheck disable=SC2086
  THE_EYE_EXPORT_TO="file://$1" THE_EYE_EXPORT_INTERVAL=$INTERVAL THE_EYE_EXPORT_LEASE=30s \
    "$JAVA" ${BENCH_JAVA_OPTS:-} "${profile[@]}" -jar "$JAR" exporter >>"$WORK/exporter.log" 2>&1 &
  echo $!
}

# CPU seconds a process has used so far (user + system, from /proc).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

stop() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

throughput() {
  log "loading $EVENTS events by SQL (90% to one client, 10% to another, over the last 6 hours)"
  local chunk=250000 done=0 size
  while ((done < EVENTS)); do
    size=$((EVENTS - done < chunk ? EVENTS - done : chunk))
    db <<SQL
insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
select gen_random_uuid(), case when i % 10 = 0 then '$other_id'::uuid else '$client_id'::uuid end,
       'session-' || (i % 5000), (array['page', 'click', 'form', 'purchase'])[1 + i % 4], 'name-' || (i % 20),
       jsonb_build_object('host', 'www.example.com', 'path', '/products/' || (i % 500), 'x', i % 1440, 'y', i % 900),
       now() - interval '6 hours' + (i * interval '21600 seconds' / $EVENTS),
       now() - interval '6 hours' + (i * interval '21600 seconds' / $EVENTS) + interval '80 milliseconds'
from generate_series($done + 1, $done + $size) as i;
SQL
    done=$((done + size))
  done
  db -c "vacuum analyze events"
  log "loaded: $(db -c 'select count(*) from events') events, table and indexes $(db -c "select pg_size_pretty(pg_total_relation_size('events'))")"

  local run folder url pid started leased ended bytes files leased_cpu ended_cpu
  for run in $(seq "$RUNS"); do
    folder="$WORK/out-$run"
    mkdir -p "$folder"
    url="file://$folder"
    started=$(now)
    pid=$(start_exporter "$folder" "$([[ ${BENCH_PROFILE:-} == 1 ]] && echo "$WORK/exporter-$run.jfr")")
    PIDS+=("$pid")
    leased=
    while :; do
      kill -0 "$pid" 2>/dev/null || die "the exporter stopped (see $WORK/exporter.log)"
      if [[ -z $leased && $(db -c "select count(*) from export_progress where destination = '$url'") == 1 ]]; then
        leased=$(now)
        leased_cpu=$(cpu_seconds "$pid")
      fi
      [[ -n $leased && $(caught_up "$url") == 1 ]] && break
      sleep 0.1
    done
    ended=$(now)
    ended_cpu=$(cpu_seconds "$pid")
    stop "$pid"
    bytes=$(du -sb "$folder" | cut -f1)
    files=$(find "$folder" -name '*.parquet' | wc -l)
    awk -v n="$EVENTS" -v s="$started" -v l="$leased" -v e="$ended" -v b="$bytes" -v f="$files" -v r="$run" \
      -v c="$(awk -v a="$leased_cpu" -v b="$ended_cpu" 'BEGIN { print b - a }')" \
      'BEGIN { printf "throughput run %d: %.0f events/s from the first lease (%.1f s), %.0f events/s from the process start (%.1f s), %d files, %.1f MB; the exporter used %.1f CPU s after its lease: %.0f events per CPU second\n", r, n / (e - l), e - l, n / (e - s), e - s, f, b / 1e6, c, n / (c > 0 ? c : 1) }' |
      tee -a "$WORK/throughput.runs"
    # The last run's destination, up to date, is the one the lag part goes on with.
    [[ $run != "$RUNS" ]] && rm -rf "$folder"
    if [[ ${BENCH_PROFILE:-} == 1 ]]; then
      echo "where the exporter's CPU went, run $run:"
      "$JAVA" "$BENCH_DIR/profile/JfrSummary.java" "$WORK/exporter-$run.jfr" || log "no profile summary"
    fi
  done
  printf 'throughput median: %s events/s from the first lease, %s events/s from the process start, %s events per exporter CPU second (%d events, %d runs)\n' \
    "$(sed -E 's/.*: ([0-9]+) events\/s from the first.*/\1/' "$WORK/throughput.runs" | median)" \
    "$(sed -E 's/.*, ([0-9]+) events\/s from the process.*/\1/' "$WORK/throughput.runs" | median)" \
    "$(sed -E 's/.*: ([0-9]+) events per CPU second.*/\1/' "$WORK/throughput.runs" | median)" "$EVENTS" "$RUNS"
}

# A batch of 1,000 events, posted again and again (the service gives each its own id).
batch_body() {
  local i sep=
  printf '['
  for ((i = 0; i < 1000; i++)); do
    printf '%s{"session_id":"s-%d","category":"%s","name":"view","data":{"host":"www.example.com","path":"/p/%d"}}' \
      "$sep" $((i % 50)) "$([[ $((i % 3)) == 0 ]] && echo click || echo page)" "$i"
    sep=,
  done
  printf ']'
}

lag() {
  log "starting serve on port $PORT"
  THE_EYE_PORT=$PORT "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" serve >"$WORK/serve.log" 2>&1 &
  local serve=$!
  PIDS+=("$serve")
  local i
  for ((i = 0; i < START_TIMEOUT * 5; i++)); do
    curl -fsS "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
    kill -0 "$serve" 2>/dev/null || die "serve stopped (see $WORK/serve.log)"
    sleep 0.2
  done
  local token
  token=$(printf '%s' "$secret" | the_eye token --client-id "$client_id" --secret-key-stdin --ttl 1h)
  batch_body >"$WORK/batch.json"
  local folder="$WORK/out-$RUNS" url
  mkdir -p "$folder"
  url="file://$folder"
  local exporter
  exporter=$(start_exporter "$folder")
  PIDS+=("$exporter")
  log "waiting for the exporter to hold its destination and catch up with the $(db -c 'select count(*) from events') events stored"
  until [[ $(db -c "select count(*) from export_progress where destination = '$url' and lease_until > now()
               and updated_at > now() - interval '1 minute' and holder is not null") == 1 && $(caught_up "$url") == 1 ]]; do
    kill -0 "$exporter" 2>/dev/null || die "the exporter stopped (see $WORK/exporter.log)"
    sleep 1
  done

  log "ingest at $RATE events/s for $INGEST_SECONDS s, lag sampled every $SAMPLE s"
  local before requests=$((RATE * INGEST_SECONDS / 1000)) pace_us began began_us
  before=$(db -c 'select count(*) from events')
  pace_us=$((1000000000 / RATE))
  began=$(now)
  began_us=${EPOCHREALTIME/./}
  : >"$WORK/codes"
  # One request of 1,000 events every pace: each at its own time from the start, so that a late one does not delay
  # the next (an open loop, as clients are); bash's own clock, to start no process but curl.
  (
    for ((i = 0; i < requests; i++)); do
      wait_us=$((began_us + i * pace_us - ${EPOCHREALTIME/./}))
      ((wait_us > 0)) && sleep "$((wait_us / 1000000)).$(printf '%06d' $((wait_us % 1000000)))"
      curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$PORT/events" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data-binary "@$WORK/batch.json" >>"$WORK/codes" &
    done
    wait
  ) &
  local load=$!
  PIDS+=("$load")
  local sample=0 at age behind
  : >"$WORK/lag.samples"
  while kill -0 "$load" 2>/dev/null; do
    sleep "$SAMPLE"
    at=$(awk -v b="$began" -v n="$(now)" 'BEGIN { printf "%.0f", n - b }')
    # As the dashboard measures it: the oldest stored event after the recorded position, and how many wait.
    read -r age behind < <(db -F ' ' -c "with p as (select position_transaction t, position_sequence s
          from export_progress where destination = '$url')
        select coalesce(extract(epoch from now() - (select received_at from events, p
          where (xid, seq) > (p.t::text::xid8, p.s) order by xid, seq limit 1))::int, 0),
          (select count(*) from events, p where (xid, seq) > (p.t::text::xid8, p.s))")
    echo "t=${at}s lag_seconds=$age lag_events=$behind" | tee -a "$WORK/lag.samples" >&2
    ((at >= WARMUP)) && echo "$age $behind" >>"$WORK/lag.counted"
    sample=$((sample + 1))
  done
  local ended stored accepted
  ended=$(now)
  stored=$(($(db -c 'select count(*) from events') - before))
  accepted=$(grep -c '^202$' "$WORK/codes" || true)
  awk -v s="$stored" -v b="$began" -v e="$ended" -v a="$accepted" -v r="$requests" \
    'BEGIN { printf "ingest: %d of %d requests answered 202, %d events stored in %.0f s: %.0f events/s\n", a, r, s, e - b, s / (e - b) }'
  if [[ -s $WORK/lag.counted ]]; then
    printf 'lag after the first %d s (%d samples): median %s s, max %s s; events behind: median %s, max %s\n' \
      "$WARMUP" "$(wc -l <"$WORK/lag.counted")" \
      "$(cut -d' ' -f1 "$WORK/lag.counted" | median)" "$(cut -d' ' -f1 "$WORK/lag.counted" | sort -g | tail -1)" \
      "$(cut -d' ' -f2 "$WORK/lag.counted" | median)" "$(cut -d' ' -f2 "$WORK/lag.counted" | sort -g | tail -1)"
  fi
  stop "$exporter"
  stop "$serve"
}

echo "# bench/export.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for part in $PARTS; do
  case $part in
    throughput) throughput ;;
    lag) lag ;;
    *) die "EXPORT_PARTS: throughput and/or lag, not '$part'" ;;
  esac
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
