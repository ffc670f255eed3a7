#!/usr/bin/env bash
# Deletion on SQLite: how long one deletion batch (a transaction of EventDeletions, at most 500 rows, deleted by key
# after a read found them) holds the write lock that ingest waits for, on a table of DB_EVENTS events of one client (the schema of the migrations, the
# statement EventDeletions runs). Uses the sqlite3 shell, no server.
#   DB_EVENTS=1000000 DB_BATCHES=21 bench/deletion.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
events="${DB_EVENTS:-1000000}"
batches="${DB_BATCHES:-21}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/bench.db"
# Ids are 16-byte blobs (V29): the client as a blob literal.
client="x'00000000000040008000000000000001'"

log() { printf '[deletion-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The migrations in version order, as Flyway applies them. The tables are empty yet, so V29's copies of text ids into
# blobs copy nothing: a plain cast stands in for unhex, which the sqlite3 shell lacks before SQLite 3.41.
for f in $(ls "$repo"/src/main/resources/db/migration/sqlite/V*.sql | sort -t V -k 2 -n); do
  sed "s/unhex(replace(\([a-z_]*\), '-', ''))/cast(\1 as blob)/g" "$f" | sqlite3 "$db"
done
sqlite3 "$db" "pragma journal_mode=wal;" >/dev/null

log "inserting $events events"
sqlite3 "$db" <<SQL
pragma synchronous=off;
-- Since V30 each event carries its session's number (store.SessionKeys): the sessions first.
with recursive n(i) as (select 0 union all select i + 1 from n where i < 9999)
insert into sessions (client_id, session_id) select $client, 'session-' || i from n;
with recursive n(i) as (select 0 union all select i + 1 from n where i < $events - 1)
insert into events (id, client_id, session_id, session_key, category, name, data, "timestamp", received_at)
select cast(printf('%016d', i) as blob), $client, 'session-' || (i % 10000), 1 + i % 10000, 'page',
       case i % 3 when 0 then 'view' when 1 then 'click' else 'scroll' end,
       '{"user_id": "u-' || (i % 10000) || '", "path": "/p/' || i || '"}',
       1704067200000000 + i * 1000000, 1704067200000000 + i * 1000000
from n;
SQL

# One batch as EventDeletions runs it: a read of up to 500 matching ids (no lock, not timed), then the transaction
# that deletes them by key with the filter again, timed on the sqlite3 shell's clock: what holds the write lock.
time_batches() {
  local label="$1" condition="$2"
  local times
  times=$(for b in $(seq "$batches"); do
    local where="${condition//BATCH/$b}"
    local ids
    ids=$(sqlite3 "$db" "select group_concat(quote(id)) from (select id from events where $where order by id limit 500)")
    printf '.timer on\nbegin immediate;\ndelete from events where %s and id in (%s) returning client_id, category, name, "timestamp";\ncommit;\n' \
      "$where" "${ids:-''}" | sqlite3 "$db" | grep -o 'real [0-9.]*' | awk '{s += $2} END {printf "%.1f\n", s * 1000}'
  done | sort -n)
  local median worst
  median=$(echo "$times" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  worst=$(echo "$times" | tail -1)
  echo "$label: median ${median} ms, worst ${worst} ms of write lock per batch of up to 500 rows ($batches batches)"
}

# The conditions as store.Conditions writes them on SQLite: a session's through its number, with the client inside.
time_batches "time range" "client_id = $client and \"timestamp\" < 1704067200000000 + BATCH * 500 * 1000000"
time_batches "session (100 rows each)" "session_key in (select k from sessions where client_id = $client and session_id in ('session-BATCH'))"
time_batches "data value (scans the client's events)" "client_id = $client and json_type(data, '\$.user_id') in ('text') and json_extract(data, '\$.user_id') = 'u-50BATCH'"
