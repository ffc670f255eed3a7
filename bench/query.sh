#!/usr/bin/env bash
# Query benchmark: p50/p99 of the read API's page queries under load (wrk, 64 connections), stats over a month and
# the export rate, against a PostgreSQL database filled by bench/generate-events.sh. Traffic only to 127.0.0.1.
#   QB_PG_DB=the_eye_query_bench QB_DURATION=20 QB_RUNS=3 bench/query.sh
#   QB_QUERIES="stats dashboard" bench/query.sh     # only the counts: stats over a month, the admin dashboard
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
. "$repo/bin/lib/java-home.sh"

pg_host="${QB_PG_HOST:-127.0.0.1}"
pg_port="${QB_PG_PORT:-5432}"
pg_user="${QB_PG_USER:-postgres}"
pg_db="${QB_PG_DB:-the_eye_query_bench}"
port="${QB_PORT:-18410}"
duration="${QB_DURATION:-20}"
runs="${QB_RUNS:-3}"
connections="${QB_CONNECTIONS:-64}"
jar="${QB_JAR:-$repo/target/the-eye.jar}"
queries="${QB_QUERIES:-pages stats dashboard export}"
wants() { [[ " $queries " == *" $1 "* ]]; }

log() { printf '[query-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
sql() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_db" -Atq -c "$1"; }

command -v wrk >/dev/null || { log "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$jar" ] || (cd "$repo" && ./mvnw -B -q -DskipTests package)

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The service first: it migrates the database on start.
export THE_EYE_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$pg_db" THE_EYE_DB_USER="$pg_user" THE_EYE_PORT="$port"
"$JAVA_HOME/bin/java" ${QB_JAVA_OPTS:-} -jar "$jar" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null || { log "service did not start"; tail -50 "$work/server.log" >&2; exit 1; }
# The client with the most events; its secret makes the token, as an application would.
read -r client secret < <(sql "select c.client_id, c.secret_key from clients c
  join (select client_id, count(*) n from events group by client_id) e using (client_id)
  where not c.read_all order by e.n desc limit 1" | tr '|' ' ')
[ -n "$client" ] || { log "no client with events in $pg_db: run bench/generate-events.sh first"; exit 1; }
export BENCH_TOKEN
BENCH_TOKEN="$("$JAVA_HOME/bin/java" -jar "$jar" token --client-id "$client" --secret-key "$secret" --ttl 2h)"
rows="$(sql "select count(*) from events where client_id = '$client'")"
log "client $client with $rows events"

api() { curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "http://127.0.0.1:$port$1"; }

# The dashboard's JSON (a chart of the last hour per minute and category, and today's count) needs an administrator's
# session: a user made for the benchmark signs in through the form, as a browser does.
admin_cookie=""
if wants dashboard; then
  printf 'query-bench-password\n' | "$JAVA_HOME/bin/java" -jar "$jar" createsuperuser --username query-bench \
    --password-stdin >/dev/null 2>&1 || true
  csrf="$(curl -fsS -c "$work/cookies" -b "$work/cookies" "http://127.0.0.1:$port/admin/login" \
    | sed -nE 's/.*name="_csrf"[^>]*value="([^"]+)".*/\1/p' | head -1)"
  curl -fsS -o /dev/null -c "$work/cookies" -b "$work/cookies" --data-urlencode "username=query-bench" \
    --data-urlencode "password=query-bench-password" --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$port/admin/login"
  admin_cookie="THE_EYE_ADMIN=$(awk '$6 == "THE_EYE_ADMIN" {print $7}' "$work/cookies")"
  curl -fsS -o /dev/null -H "Cookie: $admin_cookie" "http://127.0.0.1:$port/admin/dashboard.json" \
    || { log "could not sign in to the admin dashboard"; exit 1; }
  echo "/admin/dashboard.json" >"$work/dashboard.paths"
fi

# Paths for each kind of query, drawn from the data itself.
log "choosing sessions, categories and days"
sql "select distinct session_id from events tablesample system (0.5) where client_id = '$client' limit 2000" \
  | sed 's#^#/events?session_id=#' >"$work/session.paths"
last="$(sql "select to_char(max(\"timestamp\") at time zone 'UTC', 'YYYY-MM-DD') from events where client_id = '$client'")"
sql "select distinct category from events where client_id = '$client'" >"$work/categories"
: >"$work/category-day.paths"
for d in $(seq 1 200); do
  day="$(date -u -d "$last -$((RANDOM % 300 + 1)) days" +%Y-%m-%d)"
  cat="$(shuf -n 1 "$work/categories")"
  next="$(date -u -d "$day +1 day" +%Y-%m-%d)"
  printf '/events?category=%s&from=%sT00:00:00Z&to=%sT00:00:00Z\n' "$(printf '%s' "$cat" | jq -sRr @uri)" "$day" "$next" >>"$work/category-day.paths"
done
# The 1,000th page of 100 of a month's events: walk there once with pages of 1,000.
month_from="$(date -u -d "$last -60 days" +%Y-%m-%dT00:00:00Z)"
month_to="$(date -u -d "$last -30 days" +%Y-%m-%dT00:00:00Z)"
cursor=""
for _ in $(seq 1 100); do
  wants pages || break
  cursor="$(api "/events?limit=1000&from=$month_from&to=$month_to${cursor:+&cursor=$cursor}" | jq -r .next)"
  [ "$cursor" != "null" ] || { log "fewer than 100,000 events in the month"; exit 1; }
done
: >"$work/deep.paths"
for _ in $(seq 1 50); do echo "/events?from=$month_from&to=$month_to&cursor=$cursor" >>"$work/deep.paths"; done
echo "/stats?from=$month_from&to=$month_to&interval=hour&group_by=category" >"$work/stats.paths"

measure() { # name paths-file connections [cookie]
  local name="$1" file="$2" conns="$3" line
  export BENCH_COOKIE="${4:-}"
  QUERY_PATHS="$file" wrk -t2 -c"$conns" -d5s -s "$here/query.lua" "http://127.0.0.1:$port" >/dev/null 2>&1 || true
  for r in $(seq 1 "$runs"); do
    line="$(QUERY_PATHS="$file" wrk -t2 -c"$conns" -d"${duration}s" --timeout 60s --latency -s "$here/query.lua" "http://127.0.0.1:$port" | grep QUERY_RESULT)"
    log "$name run $r: $line"
    echo "$name $line" >>"$work/results"
  done
}
: >"$work/results"
if wants pages; then
  measure "session first page" "$work/session.paths" "$connections"
  measure "category + one day page" "$work/category-day.paths" "$connections"
  measure "1,000th page (deep cursor)" "$work/deep.paths" "$connections"
fi
wants stats && measure "stats, a month by hour and category" "$work/stats.paths" 4
wants dashboard && measure "admin dashboard (last hour per minute, today's count)" "$work/dashboard.paths" 4 "$admin_cookie"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { grep "^$1 " "$work/results" | sed -E "s/.* $2=([0-9.]+).*/\1/" | median; }

echo
echo "Read API on PostgreSQL, $rows events of one client; wrk -t2, medians of $runs runs of ${duration}s; $(date -u)"
echo
echo "| query | connections | requests/s | p50 ms | p99 ms | non-200 |"
echo "|---|---:|---:|---:|---:|---:|"
for name in "session first page" "category + one day page" "1,000th page (deep cursor)" \
  "stats, a month by hour and category" "admin dashboard (last hour per minute, today's count)"; do
  grep -q "^$name " "$work/results" || continue
  conns="$connections"; [[ "$name" == stats* || "$name" == admin* ]] && conns=4
  echo "| $name | $conns | $(field "$name" rps) | $(field "$name" p50_ms) | $(field "$name" p99_ms) | $(field "$name" non_200) |"
done

wants export || exit 0
log "export: a month as NDJSON and as CSV"
echo
echo "| export of a month | events | seconds | events/s |"
echo "|---|---:|---:|---:|"
for format in ndjson csv; do
  start=$(date +%s.%N)
  count="$(api "/events/export?format=$format&from=$month_from&to=$month_to" | wc -l)"
  end=$(date +%s.%N)
  [ "$format" = csv ] && count=$((count - 1))
  echo "| $format | $count | $(echo "$end - $start" | bc -l | xargs printf '%.2f') | $(echo "$count / ($end - $start)" | bc -l | xargs printf '%.0f') |"
done
