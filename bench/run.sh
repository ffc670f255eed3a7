#!/usr/bin/env bash
# HTTP load benchmark of POST /events: wrk against the service on SQLite and on PostgreSQL, with nginx
# answering the same requests as the ceiling of this machine. Prints a markdown table of medians on
# stdout; progress and details go to stderr. Options are environment variables: see bench/README.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${BENCH_REPO:-$(cd "$BENCH_DIR/.." && pwd)}
JAR=${BENCH_JAR:-$REPO/target/the-eye.jar}
DURATION=${BENCH_DURATION:-30}
WARMUP=${BENCH_WARMUP:-10}
RUNS=${BENCH_RUNS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-30}
TARGETS=${BENCH_TARGETS:-nginx sqlite postgres}
PORT_BASE=${BENCH_PORT_BASE:-18400}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-the_eye_bench_$$}
LOG_DIR=${BENCH_LOG_DIR:-}

read -r -a SCRIPTS <<<"${BENCH_BODIES:-single batch}"
PROFILE=${BENCH_PROFILE:-}
declare -A EVENTS_PER_REQUEST=([single]=1 [batch]=100 [batch-gzip]=100 [segment]=100)
declare -A BODY_LABEL=([single]="single event" [batch]="100-event batch" [batch-gzip]="100-event batch, gzip"
  [segment]="100 Segment messages, /v1/batch")

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in DURATION WARMUP RUNS CONNECTIONS THREADS WRK_TIMEOUT PORT_BASE START_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || die "BENCH_$v must be a positive integer, got '${!v}'"
done
for t in $TARGETS; do
  case $t in nginx|sqlite|postgres|sqlite-schemas|postgres-schemas) ;;
    *) die "unknown target '$t' in BENCH_TARGETS (nginx sqlite postgres sqlite-schemas postgres-schemas)";; esac
done
for s in "${SCRIPTS[@]}"; do
  case $s in single|batch|batch-gzip|segment) ;;
    *) die "unknown body '$s' in BENCH_BODIES (single batch batch-gzip segment)";; esac
done
case ${BENCH_TIMESTAMPS:-} in ''|live) ;; *) die "BENCH_TIMESTAMPS must be empty or live, got '$BENCH_TIMESTAMPS'";; esac
export BENCH_TIMESTAMPS=${BENCH_TIMESTAMPS:-}
base_db() { echo "${1%-schemas}"; } # sqlite-schemas runs on SQLite, postgres-schemas on PostgreSQL
want() { [[ " $TARGETS " == *" $1 "* ]]; }
body_wanted() { [[ " ${SCRIPTS[*]} " == *" $1 "* ]]; }

# ---------------------------------------------------------------- cleanup of all we start
WORK=$(mktemp -d "${TMPDIR:-/tmp}/the-eye-bench.XXXXXX")
PIDS=()
WRK_PID=
PG_DB_CREATED=()
cleanup() {
  local rc=$? pid i
  set +e
  [[ -n $WRK_PID ]] && kill "$WRK_PID" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "process $pid did not stop, killing it"; kill -9 "$pid" 2>/dev/null; }
  done
  for db in "${PG_DB_CREATED[@]}"; do
    dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$db" 2>/dev/null ||
      dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$db" ||
      log "could not drop database $db"
  done
  if [[ -n $LOG_DIR ]]; then
    mkdir -p "$LOG_DIR" && cp -r "$WORK"/logs/. "$LOG_DIR"/ 2>/dev/null && log "logs kept in $LOG_DIR"
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$WORK/logs"

# ---------------------------------------------------------------- tools
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
want nginx && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]] && missing+=(nginx-light)
{ want sqlite || want sqlite-schemas; } && ! command -v sqlite3 >/dev/null && missing+=(sqlite3)
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null ||
    die "missing ${missing[*]}: install them (apt-get install -y ${missing[*]}) and run again"
  log "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if want postgres || want postgres-schemas; then
  for c in psql createdb dropdb; do command -v $c >/dev/null || die "$c not found (PostgreSQL client tools)"; done
fi

. "$BENCH_DIR/../bin/lib/java-home.sh" # JAVA_HOME: a JDK 21+, found as bin/the-eye and mvnw find one
JAVA=$JAVA_HOME/bin/java
log "java: $JAVA ($("$JAVA" -version 2>&1 | head -1))"

if [[ ! -f $JAR ]]; then
  [[ -n ${BENCH_JAR:-} ]] && die "BENCH_JAR=$JAR does not exist"
  log "building $JAR"
  (cd "$REPO" && ./mvnw -B -q package -DskipTests) >&2
  [[ -f $JAR ]] || die "the build did not produce $JAR"
fi
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
log "jar: $JAR"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- targets
declare -A PORT URL SERVER_DIR DB_URL DB_USER TOKEN BASIC PG_DB_OF SERVER_PID
PORT[nginx]=$PORT_BASE
PORT[sqlite]=$((PORT_BASE + 1))
PORT[postgres]=$((PORT_BASE + 2))
PORT[sqlite-schemas]=$((PORT_BASE + 3))
PORT[postgres-schemas]=$((PORT_BASE + 4))

start_nginx() {
  local dir=$WORK/nginx port=${PORT[nginx]}
  port_in_use "$port" && die "port $port is in use (set BENCH_PORT_BASE)"
  mkdir -p "$dir/body" "$WORK/logs"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  client_max_body_size 2m;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:$port;
    location = /events {
      if (\$request_method != POST) { return 405; }
      default_type application/json;
      return 202 '{"accepted":1}';
    }
    location = /v1/batch {
      if (\$request_method != POST) { return 405; }
      default_type application/json;
      return 200 '{"success":true}';
    }
    location / { return 404; }
  }
}
EOF
  "$NGINX" -t -q -p "$dir" -e "$WORK/logs/nginx-error.log" -c "$dir/nginx.conf" >&2 || die "nginx config test failed"
  "$NGINX" -p "$dir" -e "$WORK/logs/nginx-error.log" -c "$dir/nginx.conf" >>"$WORK/logs/nginx-error.log" 2>&1 &
  PIDS+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/events" -d '{}') == 202 ]] && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || die "nginx exited: $(tail -5 "$WORK/logs/nginx-error.log")"
    sleep 0.1
  done
  ((i < 100)) || die "nginx did not answer on port $port"
  URL[nginx]=http://127.0.0.1:$port/events
  log "nginx ($("$NGINX" -v 2>&1 | sed 's/.*: //')) up on port $port"
}

eye_cli() { # eye_cli TARGET ARGS...: runs the jar's CLI against TARGET's database
  local t=$1; shift
  (cd "${SERVER_DIR[$t]}" && THE_EYE_DB_URL=${DB_URL[$t]} THE_EYE_DB_USER=${DB_USER[$t]} \
    exec "$JAVA" $JAVA_OPTS -jar "$JAR" "$@")
}

start_service() { # start_service TARGET: the service on its database, a client and a token
  local t=$1 port=${PORT[$1]} dir=$WORK/$1 slog=$WORK/logs/server-$1.log i json id key
  port_in_use "$port" && die "port $port is in use (set BENCH_PORT_BASE)"
  mkdir -p "$dir"
  SERVER_DIR[$t]=$dir
  if [[ $(base_db "$t") == sqlite ]]; then
    DB_URL[$t]="jdbc:sqlite:$dir/data/the-eye.db"
    DB_USER[$t]=
  else
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc 'select 1' >/dev/null ||
      die "PostgreSQL at $PG_HOST:$PG_PORT (user $PG_USER) is not reachable"
    local db=$PG_DB${t#postgres}
    db=${db//-/_}
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    PG_DB_CREATED+=("$db")
    PG_DB_OF[$t]=$db
    DB_URL[$t]="jdbc:postgresql://$PG_HOST:$PG_PORT/$db"
    DB_USER[$t]=$PG_USER
  fi
  log "starting the service on $t, port $port"
  (cd "$dir" && THE_EYE_PORT=$port THE_EYE_DB_URL=${DB_URL[$t]} THE_EYE_DB_USER=${DB_USER[$t]} \
    exec "$JAVA" $JAVA_OPTS -jar "$JAR" serve) >"$slog" 2>&1 &
  PIDS+=($!)
  local pid=$!
  SERVER_PID[$t]=$pid
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health") == 200 ]] && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$slog" >&2; die "the service on $t exited"; }
    sleep 0.5
  done
  ((i < START_TIMEOUT * 2)) || { tail -20 "$slog" >&2; die "the service on $t was not ready in ${START_TIMEOUT}s"; }
  json=$(eye_cli "$t" clients create --name bench --json 2>>"$WORK/logs/cli-$t.log" | grep '"client_id"' | tail -1) ||
    die "clients create failed on $t (see cli-$t.log)"
  id=$(sed -E 's/.*"client_id" *: *"([^"]+)".*/\1/' <<<"$json")
  key=$(sed -E 's/.*"secret_key" *: *"([^"]+)".*/\1/' <<<"$json")
  TOKEN[$t]=$(eye_cli "$t" token --client-id "$id" --secret-key "$key" --ttl 12h 2>>"$WORK/logs/cli-$t.log" | tail -1)
  [[ ${TOKEN[$t]} == *.*.* ]] || die "token failed on $t: ${TOKEN[$t]}"
  if body_wanted segment; then
    local wk
    wk=$(eye_cli "$t" keys create --client-id "$id" --name bench --json 2>>"$WORK/logs/cli-$t.log" |
      grep '"write_key"' | tail -1 | sed -E 's/.*"write_key" *: *"([^"]+)".*/\1/')
    [[ $wk == wk_* ]] || die "keys create failed on $t (see cli-$t.log)"
    BASIC[$t]=$(printf '%s:' "$wk" | base64 -w0)
  fi
  URL[$t]=http://127.0.0.1:$port/events
  # The server learns of new clients within its refresh interval: wait until the token is taken.
  local probe code
  probe=$(printf '{"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction", "name": "pageview", "data": {"host": "www.example.com", "path": "/"}, "timestamp": "%s"}' \
    "$(date -u -d '-1 hour' '+%Y-%m-%d %H:%M:%S.000000')")
  for ((i = 0; i < 60; i++)); do
    code=$(curl -s -o "$WORK/logs/probe-$t.json" -w '%{http_code}' -X POST "${URL[$t]}" \
      -H "Authorization: Bearer ${TOKEN[$t]}" -H 'Content-Type: application/json' -d "$probe")
    [[ $code == 202 ]] && break
    sleep 0.5
  done
  [[ $code == 202 ]] || die "probe POST on $t answered $code: $(cat "$WORK/logs/probe-$t.json")"
  [[ $t == *-schemas ]] && register_schemas "$t" "$probe"
  log "service on $t up (pid $pid), client $id"
}

# The payload schemas of bench/schemas/ on every event type the bodies send (common.lua), registered as a user
# would, with the command line; then a probe that breaks one must be refused, so that they are known to be in force.
register_schemas() { # register_schemas TARGET PROBE
  local t=$1 probe=$2 type f code i
  for type in "page interaction|pageview|pageview" "page interaction|cta click|cta-click" "form interaction|submit|submit"; do
    IFS='|' read -r category name f <<<"$type"
    eye_cli "$t" schemas put --category "$category" --name "$name" --file "$BENCH_DIR/schemas/$f.json" \
      >>"$WORK/logs/cli-$t.log" 2>&1 || die "schemas put $f failed on $t (see cli-$t.log)"
  done
  for ((i = 0; i < 60; i++)); do
    code=$(curl -s -o "$WORK/logs/probe-$t.json" -w '%{http_code}' -X POST "${URL[$t]}" \
      -H "Authorization: Bearer ${TOKEN[$t]}" -H 'Content-Type: application/json' -d "${probe/\"path\": \"\/\"/\"path\": 5}")
    [[ $code == 400 ]] && break
    sleep 0.5
  done
  [[ $code == 400 ]] || die "the schemas are not in force on $t: an event breaking one answered $code"
  log "schemas of bench/schemas/ in force on $t"
}

count_rows() { # count_rows TARGET: rows in the events table
  local t=$1 out
  if [[ $(base_db "$t") == sqlite ]]; then
    sqlite3 "${SERVER_DIR[$t]}/data/the-eye.db" 'pragma busy_timeout = 30000; select count(*) from events' | tail -1
  else
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "${PG_DB_OF[$t]}" -Atqc 'select count(*) from events'
  fi
}

cpu_seconds() { # cpu_seconds TARGET: user + system CPU the service's process has used so far (0 for nginx)
  local t=$1
  [[ $t == nginx ]] && { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/${SERVER_PID[$t]}/stat" 2>/dev/null || echo 0
}

db_cpu() { # db_cpu TARGET: "pid=ticks ..." for the PostgreSQL processes of the target's database that run on this machine
  # (its connections, autovacuum on it; not the server's shared WAL writer or checkpointer); nothing for the others
  local t=$1 pid
  [[ $(base_db "$t") == postgres ]] || return 0
  for pid in $(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "${PG_DB_OF[$t]}" -Atqc \
    "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"); do
    awk -v p="$pid" '{ printf "%s=%d ", p, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
  done
}

db_cpu_seconds() { # db_cpu_seconds BEFORE AFTER: CPU seconds between two db_cpu readings (a process new since counts all)
  awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], p, "="); before[p[1]] = p[2] }
    n = split(b, y, " "); for (i = 1; i <= n; i++) { split(y[i], p, "="); s += p[2] - before[p[1]] }
    printf "%.2f", s / hz }'
}

group_metrics() { # group_metrics TARGET: "<events in groups> <commits> <seconds committing>" from the service's metrics
  local t=$1
  [[ $t == nginx ]] && { echo "0 0 0"; return; }
  # The service inherits THE_EYE_METRICS_TOKEN from this shell: when it is set, the metrics want it.
  curl -s ${THE_EYE_METRICS_TOKEN:+-H "Authorization: Bearer $THE_EYE_METRICS_TOKEN"} \
    "http://127.0.0.1:${PORT[$t]}/actuator/prometheus" | awk '
    /^theeye_worker_group_events_sum/ {e += $2}
    /^theeye_worker_group_events_count/ {c += $2}
    /^theeye_worker_commit_seconds_sum/ {s += $2}
    END {printf "%d %d %.6f\n", e, c, s}' || echo "0 0 0"
}

drain() { # drain TARGET: waits (up to 60 s) until the requests a previous wrk run left in flight are answered, so
  # that a run does not start against their permits (the client's share would answer the new ones 503)
  local t=$1 i n
  [[ $t == nginx ]] && return
  for ((i = 0; i < 600; i++)); do
    n=$(curl -s ${THE_EYE_METRICS_TOKEN:+-H "Authorization: Bearer $THE_EYE_METRICS_TOKEN"} \
      "http://127.0.0.1:${PORT[$t]}/actuator/prometheus" | awk '/^theeye_ingest_requests_in_flight / {print int($2)}')
    [[ ${n:-0} -eq 0 ]] && return
    sleep 0.1
  done
  log "$t still had $n requests in flight after 60 s"
}

# ---------------------------------------------------------------- wrk
RESULTS=$WORK/results.tsv
: >"$RESULTS"
run_wrk() { # run_wrk PHASE TARGET SCRIPT SECONDS REP
  local phase=$1 t=$2 s=$3 secs=$4 rep=$5 out line g0 g1 c0 c1 d0 d1 load
  out=$WORK/logs/wrk-$t-$s-$phase$rep.txt
  drain "$t"
  load=$(cut -d' ' -f1 /proc/loadavg)
  g0=$(group_metrics "$t")
  c0=$(cpu_seconds "$t")
  d0=$(db_cpu "$t")
  log "$phase $t ${BODY_LABEL[$s]}${rep:+ run $rep} (${secs}s, load $load)"
  BENCH_TOKEN=${TOKEN[$t]:-none} BENCH_BASIC=${BASIC[$t]:-none} timeout $((secs + WRK_TIMEOUT + 30)) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout "${WRK_TIMEOUT}s" --latency \
    -s "$BENCH_DIR/$s.lua" "${URL[$t]}" >"$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || { WRK_PID=; die "wrk failed: $(tail -5 "$out")"; }
  WRK_PID=
  g1=$(group_metrics "$t")
  c1=$(cpu_seconds "$t")
  d1=$(db_cpu "$t")
  line=$(grep '^BENCH_RESULT ' "$out") || die "no result line from wrk: $(tail -5 "$out")"
  line="$line cpu_s=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }') db_cpu_s=$(db_cpu_seconds "$d0" "$d1")"
  grep '^BENCH_FIRST_NON_2XX' "$out" >&2 || true
  # phase target script rep load group_events group_commits commit_seconds key=value...
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$t" "$s" "${rep:-0}" "$load" \
    "$(awk -v a="$g0" -v b="$g1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%d\t%d\t%.6f", y[1] - x[1], y[2] - x[2], y[3] - x[3] }')" \
    "${line#BENCH_RESULT }" >>"$RESULTS"
  log "  $(sed -E 's/ (status_ok|other_2xx|unanswered|socket_errors)=[0-9]+//g; s/events_per_request=[0-9]+ //' <<<"${line#BENCH_RESULT }")"
}

# ---------------------------------------------------------------- main
log "targets: $TARGETS; $RUNS x ${DURATION}s per measurement after ${WARMUP}s warm-up; wrk -t$THREADS -c$CONNECTIONS"
START_DATE=$(date -u)
want nginx && start_nginx
for t in sqlite sqlite-schemas postgres postgres-schemas; do want $t && start_service $t; done

declare -A ROWS_BEFORE
for t in $TARGETS; do
  [[ $t == nginx ]] && continue
  ROWS_BEFORE[$t]=$(count_rows "$t")
  [[ ${ROWS_BEFORE[$t]} =~ ^[0-9]+$ ]] || die "could not count the events on $t"
done

for t in $TARGETS; do for s in "${SCRIPTS[@]}"; do run_wrk warmup "$t" "$s" "$WARMUP" ""; done; done
# Runs are interleaved (every target and body once per round) so that drift in a shared machine's
# load spreads over all targets instead of landing on one.
# BENCH_PROFILE=1: a JFR recording of each service over the measured runs (not the warm-ups), summarised below.
jfr() { # jfr TARGET start|stop
  [[ -n $PROFILE && $1 != nginx ]] || return 0
  if [[ $2 == start ]]; then
    "$JAVA_HOME/bin/jcmd" "${SERVER_PID[$1]}" JFR.start name=bench settings=profile >/dev/null
  else
    "$JAVA_HOME/bin/jcmd" "${SERVER_PID[$1]}" JFR.stop name=bench filename="$WORK/logs/profile-$1.jfr" >/dev/null
  fi
}
for t in $TARGETS; do jfr "$t" start; done
for ((r = 1; r <= RUNS; r++)); do
  for t in $TARGETS; do for s in "${SCRIPTS[@]}"; do run_wrk run "$t" "$s" "$DURATION" "$r"; done; done
done
for t in $TARGETS; do jfr "$t" stop; done

declare -A ROWS_AFTER
for t in $TARGETS; do
  [[ $t == nginx ]] && continue
  ROWS_AFTER[$t]=$(count_rows "$t")
  [[ ${ROWS_AFTER[$t]} =~ ^[0-9]+$ ]] || die "could not count the events on $t"
done
for t in $TARGETS; do
  [[ $t == nginx ]] && continue
  grep -E 'ERROR|Exception' "$WORK/logs/server-$t.log" >"$WORK/logs/server-$t-errors.txt" || true
  n=$(wc -l <"$WORK/logs/server-$t-errors.txt")
  ((n == 0)) || log "server log on $t has $n ERROR/Exception lines, first: $(head -1 "$WORK/logs/server-$t-errors.txt")"
done

# ---------------------------------------------------------------- report
median() { sort -g | awk '{v[NR] = $1; if ($1 !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) bad = 1} END {if (NR == 0 || bad) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
metric() { # metric TARGET SCRIPT EXPR: EXPR per measured run (awk, over fields), one a line
  awk -F'\t' -v t="$1" -v s="$2" -v expr="$3" '
    $1 == "run" && $2 == t && $3 == s {
      split($9, kvs, " "); delete f
      for (i in kvs) { split(kvs[i], p, "="); f[p[1]] = p[2] }
      if (expr == "events_s") print f["status_ok"] * f["events_per_request"] / f["duration_s"]
      else if (expr == "cpu_us") print (f["status_ok"] > 0 && f["cpu_s"] > 0 ? 1e6 * f["cpu_s"] / (f["status_ok"] * f["events_per_request"]) : "nan")
      else if (expr == "db_cpu_us") print (f["status_ok"] > 0 && f["db_cpu_s"] > 0 ? 1e6 * f["db_cpu_s"] / (f["status_ok"] * f["events_per_request"]) : "nan")
      else if (expr == "group") print ($7 > 0 ? $6 / $7 : "nan")
      else if (expr == "busy") print ($7 > 0 ? 100 * $8 / f["duration_s"] : "nan")
      else print f[expr]
    }' "$RESULTS"
}
total() { # total TARGET FIELD: sum of FIELD over all wrk runs (warm-up included) against TARGET
  awk -F'\t' -v t="$1" -v k="$2" '
    $2 == t { n = split($9, kvs, " "); for (i = 1; i <= n; i++) { split(kvs[i], p, "="); if (p[1] == k) s += p[2] } }
    END { printf "%d\n", s }' "$RESULTS"
}
expected() { # expected TARGET: "<202 x events/request> <events sent but unanswered when wrk stopped>" over all wrk runs
  awk -F'\t' -v t="$1" '
    $2 == t { n = split($9, kvs, " "); delete f
      for (i = 1; i <= n; i++) { split(kvs[i], p, "="); f[p[1]] = p[2] }
      a += f["status_ok"] * f["events_per_request"]; b += f["unanswered"] * f["events_per_request"] }
    END { printf "%d %d\n", a, b }' "$RESULTS"
}
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { if (v == "nan" || v == "") print "n/a"; else printf("%." d "f\n", v) }'; }
name() { case $1 in nginx) echo "nginx (ceiling)";; sqlite) echo "The Eye, SQLite";; postgres) echo "The Eye, PostgreSQL";;
  sqlite-schemas) echo "The Eye, SQLite, schemas";; postgres-schemas) echo "The Eye, PostgreSQL, schemas";; esac; }

declare -A MED
for t in $TARGETS; do for s in "${SCRIPTS[@]}"; do
  for m in rps events_s p50_ms p99_ms group busy cpu_us db_cpu_us; do MED[$t,$s,$m]=$(metric "$t" "$s" "$m" | median); done
  MED[$t,$s,non_2xx]=$(metric "$t" "$s" non_2xx | awk '{s += $1} END {print s + 0}')
  MED[$t,$s,sockerr]=$(metric "$t" "$s" socket_errors | awk '{s += $1} END {print s + 0}')
done; done

echo
echo "POST /events (and /v1/batch), wrk -t$THREADS -c$CONNECTIONS --latency, median of $RUNS runs of ${DURATION}s each after a ${WARMUP}s warm-up; $(nproc) CPUs shared by wrk and the server; started $START_DATE"
echo
echo "| target | body | requests/s | events/s | p50 ms | p99 ms | events/s, % of nginx | events per commit | writer busy % | server CPU µs/event | PostgreSQL CPU µs/event | non-2xx | socket errors |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for t in $TARGETS; do for s in "${SCRIPTS[@]}"; do
  ratio=n/a
  if want nginx && [[ $t != nginx ]]; then
    ratio=$(awk -v a="${MED[$t,$s,events_s]}" -v b="${MED[nginx,$s,events_s]}" 'BEGIN { if (b > 0) printf "%.2f %%\n", 100 * a / b; else print "n/a" }')
  fi
  [[ $t == nginx ]] && ratio="100 %"
  echo "| $(name "$t") | ${BODY_LABEL[$s]} | $(fmt "${MED[$t,$s,rps]}" 0) | $(fmt "${MED[$t,$s,events_s]}" 0) | $(fmt "${MED[$t,$s,p50_ms]}" 2) | $(fmt "${MED[$t,$s,p99_ms]}" 2) | $ratio | $(fmt "${MED[$t,$s,group]}" 1) | $(fmt "${MED[$t,$s,busy]}" 0) | $(fmt "${MED[$t,$s,cpu_us]}" 1) | $(fmt "${MED[$t,$s,db_cpu_us]}" 1) | ${MED[$t,$s,non_2xx]} | ${MED[$t,$s,sockerr]} |"
done; done

for t in $TARGETS; do
  [[ $t == *-schemas ]] && want "$(base_db "$t")" || continue
  echo
  echo "Payload schemas ($t against $(base_db "$t"), same run): every event checked against the schema of its type (bench/schemas/)."
  echo
  echo "| database | body | events/s without | events/s with schemas | with / without | p50 ms without | p50 ms with |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  b=$(base_db "$t")
  for s in "${SCRIPTS[@]}"; do
    ratio=$(awk -v a="${MED[$t,$s,events_s]}" -v b="${MED[$b,$s,events_s]}" 'BEGIN { if (b > 0) printf "%.1f %%\n", 100 * a / b; else print "n/a" }')
    echo "| $b | ${BODY_LABEL[$s]} | $(fmt "${MED[$b,$s,events_s]}" 0) | $(fmt "${MED[$t,$s,events_s]}" 0) | $ratio | $(fmt "${MED[$b,$s,p50_ms]}" 2) | $(fmt "${MED[$t,$s,p50_ms]}" 2) |"
  done
done

# Segment's API and gzip against the plain 100-event batch of the same target, run for run in the same rounds.
if body_wanted batch && { body_wanted segment || body_wanted batch-gzip; }; then
  echo
  echo "Against POST /events with 100-event batches, same target and rounds: events/s (aim for /v1/batch: at least 80 %) and the server's CPU per event (aim for gzip: at most 120 %)."
  echo
  echo "| target | body | events/s | % of POST /events batch | server CPU µs/event | % of POST /events batch |"
  echo "|---|---|---:|---:|---:|---:|"
  for t in $TARGETS; do
    [[ $t == nginx ]] && continue
    for s in segment batch-gzip; do
      body_wanted "$s" || continue
      echo "| $(name "$t") | ${BODY_LABEL[$s]} | $(fmt "${MED[$t,$s,events_s]}" 0) | $(awk -v a="${MED[$t,$s,events_s]}" -v b="${MED[$t,batch,events_s]}" 'BEGIN { if (b > 0) printf "%.1f %%\n", 100 * a / b; else print "n/a" }') | $(fmt "${MED[$t,$s,cpu_us]}" 1) | $(awk -v a="${MED[$t,$s,cpu_us]}" -v b="${MED[$t,batch,cpu_us]}" 'BEGIN { if (a != "nan" && b > 0) printf "%.1f %%\n", 100 * a / b; else print "n/a" }') |"
    done
  done
fi

failed=0
if [[ $TARGETS != nginx ]]; then
  echo
  echo "Stored vs accepted, over all wrk runs against each database (warm-ups included). Requests wrk had issued but not seen answered when it stopped (about one per connection) may still be stored, so rows stored may exceed the accepted events by up to the events in those requests; nothing acknowledged may be missing."
  echo
  echo "| target | accepted responses (202; 200 on /v1) x events/request | accepted in their bodies | rows stored | lost | stored beyond accepted | events unanswered at wrk stop | check |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for t in $TARGETS; do
    [[ $t == nginx ]] && continue
    read -r exp bound < <(expected "$t")
    acc=$(total "$t" accepted_events)
    stored=$((ROWS_AFTER[$t] - ROWS_BEFORE[$t]))
    lost=$((exp > stored ? exp - stored : 0))
    extra=$((stored - exp))
    check=ok
    if ((lost > 0)); then check="FAILED: $lost accepted events not stored"; failed=1
    elif ((acc != exp)); then check="FAILED: 202 bodies accepted $acc, expected $exp"; failed=1
    elif ((extra > bound)); then check="odd: more rows than events sent"
    elif ((extra == bound)); then check="ok (exact)"
    fi
    echo "| $(name "$t") | $exp | $acc | $stored | $lost | $extra | $bound | $check |"
  done
fi
if [[ -n $PROFILE ]]; then
  for t in $TARGETS; do
    [[ $t == nginx ]] && continue
    echo
    echo "Where $(name "$t")'s CPU went over the measured runs (${SCRIPTS[*]}), JFR execution samples, each counted at its innermost library frame:"
    echo
    "$JAVA" "$BENCH_DIR/profile/JfrSummary.java" "$WORK/logs/profile-$t.jfr" ||
      log "could not summarise the profile of $t"
  done
fi
exit "$failed"
