#!/usr/bin/env bash
# Fills a PostgreSQL database with synthetic events for the query benchmark: GEN_EVENTS events (default 10M)
# over GEN_SESSIONS sessions and GEN_DAYS days ending now, for one client plus GEN_OTHER_CLIENTS others
# (about GEN_OTHER_SHARE of the rows). The schema comes from the service's own `migrate` command; the rows
# are made server-side by INSERT ... SELECT over generate_series, about GEN_CHUNK_ROWS rows per statement.
# See bench/README.md, "Query benchmark data".
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${GEN_REPO:-$(cd "$BENCH_DIR/.." && pwd)}
PG_HOST=${GEN_PG_HOST:-127.0.0.1}
PG_PORT=${GEN_PG_PORT:-5432}
PG_USER=${GEN_PG_USER:-postgres}
PG_DB=${GEN_PG_DB:-the_eye_query_bench}
EVENTS=${GEN_EVENTS:-10000000}
SESSIONS=${GEN_SESSIONS:-100000}
DAYS=${GEN_DAYS:-365}
OTHER_CLIENTS=${GEN_OTHER_CLIENTS:-2}
OTHER_SHARE=${GEN_OTHER_SHARE:-0.1}
CHUNK_ROWS=${GEN_CHUNK_ROWS:-1000000}
CLIENT_ID=${GEN_CLIENT_ID:-}
DROP=${GEN_DROP:-0}
WORK_SCHEMA=query_bench_gen   # helper tables while generating; dropped at the end

log() { echo "generate-events: $*" >&2; }
die() { log "$*"; exit 1; }
now() { date +%s.%N; }
secs_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

for v in EVENTS SESSIONS DAYS OTHER_CLIENTS CHUNK_ROWS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "GEN_$v must be a whole number (got '${!v}')"
done
[ "$EVENTS" -ge 1 ] && [ "$SESSIONS" -ge 1 ] && [ "$DAYS" -ge 1 ] && [ "$CHUNK_ROWS" -ge 1 ] ||
  die "GEN_EVENTS, GEN_SESSIONS, GEN_DAYS and GEN_CHUNK_ROWS must be at least 1"
[[ $OTHER_SHARE =~ ^(0|0?\.[0-9]+)$ ]] || die "GEN_OTHER_SHARE must be a fraction in [0, 1) (got '$OTHER_SHARE')"
[ "$OTHER_CLIENTS" -gt 0 ] || OTHER_SHARE=0
uuid_re='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
[ -z "$CLIENT_ID" ] || [[ $CLIENT_ID =~ $uuid_re ]] || die "GEN_CLIENT_ID must be a UUID (got '$CLIENT_ID')"
[[ $PG_DB =~ ^[A-Za-z0-9_]+$ ]] || die "GEN_PG_DB must be a plain name (letters, digits, _)"
for c in psql createdb dropdb; do command -v "$c" >/dev/null || die "$c not found (PostgreSQL client tools)"; done
[ -x "$REPO/bin/the-eye" ] || die "$REPO/bin/the-eye not found (GEN_REPO)"

pg() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -X -v ON_ERROR_STOP=1 "$@"; }
db() { pg -d "$PG_DB" "$@"; }
# 32 random bytes, base64url without padding: 43 characters, as the service's own `clients create` makes them.
secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

started=$(now)
pg -d postgres -Atqc 'select 1' >/dev/null || die "cannot connect to PostgreSQL at $PG_HOST:$PG_PORT as $PG_USER"
exists=$(pg -d postgres -Atqc "select count(*) from pg_database where datname = '$PG_DB'")
if [ "$DROP" = 1 ] && [ "$exists" = 1 ]; then
  log "dropping database $PG_DB"
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --force "$PG_DB"
  exists=0
fi
if [ "$exists" = 0 ]; then
  log "creating database $PG_DB"
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
fi

log "migrating with $REPO/bin/the-eye migrate (builds the jar if needed)"
THE_EYE_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" THE_EYE_DB_USER="$PG_USER" \
  THE_EYE_DB_PASSWORD="${PGPASSWORD:-}" "$REPO/bin/the-eye" migrate >&2 || die "migrate failed"

[ "$(db -Atqc 'select exists (select 1 from events)')" = f ] ||
  die "events in $PG_DB is not empty; GEN_DROP=1 drops and recreates the database"

# Clients: the benchmark's client (kept with its secret if GEN_CLIENT_ID names an existing one), then the others.
[ -n "$CLIENT_ID" ] || CLIENT_ID=$(db -Atqc 'select gen_random_uuid()')
CLIENT_ID=${CLIENT_ID,,}
SECRET=$(db -Atqc "select secret_key from clients where client_id = '$CLIENT_ID'")
if [ -z "$SECRET" ]; then
  SECRET=$(secret)
  db -qc "insert into clients (client_id, name, secret_key, created_at)
          values ('$CLIENT_ID', 'query-bench', '$SECRET', now() - interval '1 second')"
fi
client_ids=$CLIENT_ID
others=()
for ((i = 1; i <= OTHER_CLIENTS; i++)); do
  id=$(db -Atqc 'select gen_random_uuid()')
  db -qc "insert into clients (client_id, name, secret_key, created_at)
          values ('$id', 'query-bench-other-$i', '$(secret)', now())"
  client_ids="$client_ids,$id"
  others+=("$id")
done

cleanup() { db -qc "drop schema if exists $WORK_SCHEMA cascade" >/dev/null 2>&1 || true; }
trap cleanup EXIT

log "planning $SESSIONS sessions over $DAYS days for $((OTHER_CLIENTS + 1)) client(s)"
# Helper tables (unlogged, in their own schema, dropped at exit):
#   params:   the end of the time range, the category pick table (1000 slots, Zipf-like weights), names per category.
#   clients:  client_no (0 = the benchmark's client) -> client_id.
#   sessions: one row per session, numbered by start time: its client, host, start, pace (seconds between events),
#             and its slice [first_g, first_g + n) of the GEN_EVENTS events (random weights, so sizes vary: the
#             smallest have about 5% of the mean, the largest about 12x). chunk = first_g / GEN_CHUNK_ROWS.
db -q -v events="$EVENTS" -v sessions="$SESSIONS" -v days="$DAYS" -v other_clients="$OTHER_CLIENTS" \
  -v share="$OTHER_SHARE" -v chunk_rows="$CHUNK_ROWS" -v client_ids="$client_ids" <<'SQL'
set client_min_messages = warning;
drop schema if exists query_bench_gen cascade;
create schema query_bench_gen;
set search_path = query_bench_gen, public;

create unlogged table categories (c int primary key, category text not null, names text[] not null);
insert into categories values
  ( 1, 'page',         array['pageview', 'page_leave', 'visibility_hidden', 'visibility_visible', 'scroll_depth']),
  ( 2, 'click',        array['cta_click', 'link_click', 'button_click', 'nav_click', 'outbound_click']),
  ( 3, 'form',         array['form_start', 'field_focus', 'field_change', 'form_submit', 'form_abandon']),
  ( 4, 'navigation',   array['route_change', 'back', 'forward', 'reload', 'hash_change']),
  ( 5, 'search',       array['search_submit', 'suggestion_click', 'results_view', 'result_click', 'filter_change']),
  ( 6, 'product',      array['product_view', 'product_list_view', 'image_zoom', 'variant_select', 'reviews_open']),
  ( 7, 'cart',         array['add_to_cart', 'remove_from_cart', 'cart_view', 'quantity_change', 'coupon_apply']),
  ( 8, 'checkout',     array['checkout_start', 'shipping_info', 'payment_info', 'purchase', 'checkout_error']),
  ( 9, 'auth',         array['login', 'logout', 'signup', 'password_reset', 'login_failed']),
  (10, 'media',        array['play', 'pause', 'seek', 'complete', 'volume_change']),
  (11, 'performance',  array['page_load', 'first_contentful_paint', 'largest_contentful_paint', 'layout_shift', 'long_task']),
  (12, 'error',        array['js_error', 'unhandled_rejection', 'resource_error', 'api_error', 'console_error']),
  (13, 'api',          array['request', 'response', 'timeout', 'retry', 'rate_limited']),
  (14, 'scroll',       array['scroll_25', 'scroll_50', 'scroll_75', 'scroll_100', 'scroll_stop']),
  (15, 'input',        array['key_shortcut', 'copy', 'paste', 'text_select', 'drag']),
  (16, 'share',        array['share_open', 'share_complete', 'copy_link', 'email_share', 'social_share']),
  (17, 'notification', array['permission_prompt', 'permission_granted', 'permission_denied', 'shown', 'clicked']),
  (18, 'feature',      array['flag_evaluated', 'tooltip_shown', 'onboarding_step', 'banner_dismiss', 'modal_open']),
  (19, 'download',     array['download_start', 'download_complete', 'download_failed', 'file_preview', 'export']),
  (20, 'account',      array['profile_update', 'settings_change', 'avatar_upload', 'plan_upgrade', 'plan_cancel']);

-- Category c has weight 1/c (page ~28% of events, account ~1.4%), as 1000 slots to pick from by index.
create unlogged table params as
with w as (
  select c, sum(1.0 / c) over (order by c) / sum(1.0 / c) over () as upto from categories
)
select now() as end_ts,
       (select array_agg((select min(c) from w where upto > (slot + 0.5) / 1000) order by slot)
          from generate_series(0, 999) slot) as cat_slots,
       (select array_agg(category order by c) from categories) as cat_names,
       (select array_agg(names order by c) from categories) as names;

create unlogged table clients as
select (ord - 1)::int as client_no, id::uuid as client_id
  from unnest(string_to_array(:'client_ids', ',')) with ordinality as t(id, ord);

-- Sessions start uniformly over the range and last at most 2 hours (most 3 to 35 minutes), so the last event is
-- a few seconds before now and received_at (timestamp + up to 1.55 s) is never in the future.
create unlogged table sessions as
with raw as (
  select gen_random_uuid()::text as session_id,
         case when random() < :share then 1 + floor(random() * :other_clients)::int else 0 end as client_no,
         p.end_ts - make_interval(secs => 7210 + random() * (:days * 86400.0 - 7210)) as start_ts,
         0.05 - ln(1 - random()) as w,
         1 + floor(random() * 4)::int as host_no,
         2 + random() * 18 as pace
    from generate_series(1, :sessions), params p
), numbered as (
  select row_number() over (order by start_ts) - 1 as s, * from raw
), sliced as (
  select *, floor(:events * (sum(w) over (order by s) - w) / sum(w) over ())::bigint as first_g from numbered
)
select *, least(pace, 7200.0 / greatest(n, 1)) as gap from (
  select s, session_id, client_no, start_ts, pace,
         case when client_no = 0 then (array['www.example.com', 'shop.example.com', 'blog.example.org', 'app.example.net'])[host_no]
              else (array['www', 'shop', 'docs', 'app'])[host_no] || '.client' || client_no || '.example.com' end as host,
         first_g,
         coalesce(lead(first_g) over (order by s), :events) - first_g as n,
         first_g / :chunk_rows as chunk
    from sliced
) t;
create index on sessions (chunk);
analyze sessions;
SQL

# Since V19 events are partitioned by day: a partition for every day the sessions cover, made the service's way.
db -qc "select count(events_partition_create(d::date)) from generate_series(
          (select min(start_ts) at time zone 'UTC' from $WORK_SCHEMA.sessions)::date,
          (select end_ts at time zone 'UTC' from $WORK_SCHEMA.params)::date, interval '1 day') d" >/dev/null

chunks=$(db -Atqc "select coalesce(max(chunk), -1) + 1 from $WORK_SCHEMA.sessions")
gen_started=$(now)
for ((c = 0; c < chunks; c++)); do
  t=$(now)
  # One statement per chunk: its sessions' events, in time order (the order a live service would have stored them,
  # so the heap and the (timestamp, id) indexes are filled append-wise, as in production).
  # id: a version-7 UUID like the service's (48-bit Unix ms of received_at, version 7, random bits with the variant
  # of a v4 UUID), so ids sort by arrival time as the service's do.
  # The first event of every session is a pageview; the others pick a category by weight and a name among its five.
  rows=$(db -Atq -v c="$c" <<'SQL'

set search_path = query_bench_gen, public;
set synchronous_commit = off;
set work_mem = '256MB';
with e as (
  select cl.client_id, s.session_id, k, x.cat, x.ts,
         x.ts + make_interval(secs => 0.05 + random() * 1.5) as received_at,
         s.host, x.path
    from sessions s
    join clients cl using (client_no)
    cross join params p
    cross join lateral generate_series(0, s.n - 1) k
    cross join lateral (
      select case when k = 0 then 1 else p.cat_slots[1 + floor(random() * 1000)::int] end as cat,
             date_trunc('milliseconds', s.start_ts + make_interval(secs => s.gap * (k + 0.9 * random()))) as ts,
             case when random() < 0.3 then '/products/' || (1 + floor(random() * 500))::int
                  else (array['/', '/pricing', '/products', '/cart', '/checkout', '/about', '/blog', '/blog/launch',
                              '/search', '/account', '/login', '/signup', '/docs', '/docs/getting-started',
                              '/contact', '/careers'])[1 + floor(random() * 16)::int] end as path
     ) x
   where s.chunk = :c
)
-- Each id goes to event_ids too, which keeps ids unique per client across partitions (V19), as the service's insert does.
, stored as (
insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
select (lpad(to_hex(floor(extract(epoch from e.received_at) * 1000)::bigint), 12, '0') || '7'
          || substr(replace(gen_random_uuid()::text, '-', ''), 14))::uuid,
       e.client_id, e.session_id,
       p.cat_names[e.cat],
       case when e.k = 0 or (e.cat = 1 and random() < 0.6) then 'pageview' else p.names[e.cat][1 + floor(random() * 5)::int] end,
       jsonb_build_object('host', e.host, 'path', e.path) || case e.cat
         when 1 then jsonb_build_object('referrer', (array['https://www.google.com/', 'https://news.ycombinator.com/',
                       'https://twitter.com/', '', '', ''])[1 + floor(random() * 6)::int])
         when 2 then jsonb_build_object('element', (array['signup-button', 'buy-now', 'nav-home', 'nav-pricing',
                       'footer-contact', 'hero-cta', 'menu-toggle', 'add-to-cart'])[1 + floor(random() * 8)::int],
                       'x', floor(random() * 1440)::int, 'y', floor(random() * 900)::int)
         when 3 then jsonb_build_object('form', (array['newsletter', 'checkout', 'login', 'contact', 'signup'])
                       [1 + floor(random() * 5)::int], 'field', (array['email', 'name', 'password', 'address', 'phone'])
                       [1 + floor(random() * 5)::int])
         when 4 then jsonb_build_object('from', (array['/', '/pricing', '/products', '/blog'])[1 + floor(random() * 4)::int])
         when 5 then jsonb_build_object('query', (array['shoes', 'red dress', 'gift card', 'laptop bag', 'returns',
                       'size guide', 'coffee', 'headphones'])[1 + floor(random() * 8)::int], 'results', floor(random() * 120)::int)
         when 6 then jsonb_build_object('product_id', 1 + floor(random() * 500)::int,
                       'price', round((5 + random() * 195)::numeric, 2))
         when 7 then jsonb_build_object('product_id', 1 + floor(random() * 500)::int,
                       'quantity', 1 + floor(random() * 3)::int, 'price', round((5 + random() * 195)::numeric, 2))
         when 8 then jsonb_build_object('step', 1 + floor(random() * 4)::int,
                       'value', round((10 + random() * 490)::numeric, 2), 'currency', 'EUR')
         when 9 then jsonb_build_object('method', (array['password', 'google', 'github', 'magic-link'])[1 + floor(random() * 4)::int])
         when 10 then jsonb_build_object('media_id', 'video-' || (1 + floor(random() * 40)::int), 'position', floor(random() * 600)::int)
         when 11 then jsonb_build_object('metric', (array['ttfb', 'fcp', 'lcp', 'cls', 'inp'])[1 + floor(random() * 5)::int],
                       'value', round((random() * 3000)::numeric, 1))
         when 12 then jsonb_build_object('message', (array['TypeError: Cannot read properties of undefined',
                       'ReferenceError: ga is not defined', 'NetworkError when attempting to fetch resource',
                       'ChunkLoadError: Loading chunk 7 failed'])[1 + floor(random() * 4)::int],
                       'source', 'app.js', 'line', 1 + floor(random() * 4000)::int)
         when 13 then jsonb_build_object('endpoint', (array['/api/cart', '/api/products', '/api/search', '/api/session'])
                       [1 + floor(random() * 4)::int], 'status', (array[200, 200, 200, 201, 304, 404, 500])
                       [1 + floor(random() * 7)::int], 'duration_ms', floor(random() * 800)::int)
         else jsonb_build_object('element', (array['share-button', 'download-link', 'settings-menu', 'modal-close',
                       'tooltip', 'banner'])[1 + floor(random() * 6)::int])
       end,
       e.ts, e.received_at
  from e cross join params p
 order by e.ts
returning client_id, id, "timestamp"
)
insert into event_ids (client_id, id, "timestamp") select client_id, id, "timestamp" from stored;
select sum(n) from sessions where chunk = :c;
SQL
)
  log "chunk $((c + 1))/$chunks: $rows rows in $(secs_since "$t") s ($(secs_since "$gen_started") s so far)"
done
gen_secs=$(secs_since "$gen_started")

# The stats rollups (V20) count every stored event; the service keeps them in each insert's transaction, so rows
# made here are counted here, the way V20 counts a table it migrates.
log "counting the rollups"
t=$(now)
db -q <<'SQL'
insert into event_counts_minute (client_id, bucket, category, name, n)
select client_id, date_trunc('minute', "timestamp", 'UTC'), category, name, count(*) from events group by 1, 2, 3, 4;
insert into event_counts_hour (client_id, bucket, category, name, n)
select client_id, date_trunc('hour', bucket, 'UTC'), category, name, sum(n) from event_counts_minute group by 1, 2, 3, 4;
insert into event_counts_day (client_id, bucket, category, name, n)
select client_id, date_trunc('day', bucket, 'UTC'), category, name, sum(n) from event_counts_hour group by 1, 2, 3, 4;
SQL
# The counts by category alone (V27), which GET /stats reads for its default grouping: from those, as V27 fills them.
# A schema before V27 has no such tables.
category_counts=
if [ "$(db -Atqc "select to_regclass('event_counts_day_category') is not null")" = t ]; then
  category_counts=', event_counts_hour_category, event_counts_day_category'
  db -q <<'SQL'
insert into event_counts_hour_category (client_id, bucket, category, n)
select client_id, bucket, category, sum(n) from event_counts_hour group by 1, 2, 3;
insert into event_counts_day_category (client_id, bucket, category, n)
select client_id, bucket, category, sum(n) from event_counts_day group by 1, 2, 3;
SQL
fi
log "rollups counted in $(secs_since "$t") s"

# Each session's first and last day (V28), which the service widens in each insert's statement and a session's pages
# read to prune the partitions: filled here as V28 fills them. A schema before V28 has no such table.
session_days=
if [ "$(db -Atqc "select to_regclass('session_days') is not null")" = t ]; then
  session_days=', session_days'
  t=$(now)
  db -qc "insert into session_days (client_id, session_id, first_day, last_day)
          select client_id, session_id, date_trunc('day', min(\"timestamp\"), 'UTC'),
                 date_trunc('day', max(\"timestamp\"), 'UTC')
          from events group by client_id, session_id"
  log "session days filled in $(secs_since "$t") s"
fi

log "VACUUM ANALYZE events"
t=$(now)
db -qc "vacuum analyze events, event_ids, event_counts_minute, event_counts_hour, event_counts_day$category_counts$session_days"
vacuum_secs=$(secs_since "$t")

# Ready-to-use values for bench/query-explain.sql: a session of the benchmark's client with 150-400 events, the most
# frequent category, and a day 60 days back (its 30-day "month" then ends 30 days before now).
session=$(db -Atqc "select session_id from $WORK_SCHEMA.sessions where client_no = 0 and n between 150 and 400
                    order by abs(s - (select count(*) / 2 from $WORK_SCHEMA.sessions)) limit 1")
[ -n "$session" ] || session=$(db -Atqc "select session_id from $WORK_SCHEMA.sessions where client_no = 0 order by n desc limit 1")
day=$(db -Atqc "select ((end_ts at time zone 'UTC') - interval '60 days')::date from $WORK_SCHEMA.params")
[ "$DAYS" -gt 61 ] || day=$(db -Atqc "select ((end_ts at time zone 'UTC') - interval '$((DAYS / 2)) days')::date from $WORK_SCHEMA.params")
per_client=$(db -Atq -F ' ' -c "select cl.client_id, count(*), sum(s.n) from $WORK_SCHEMA.sessions s
                                 join $WORK_SCHEMA.clients cl using (client_no) group by cl.client_no, cl.client_id order by cl.client_no")
cleanup

total_secs=$(secs_since "$started")
{
  echo "== Query benchmark data in $PG_DB ($PG_HOST:$PG_PORT) =="
  echo "client_id:  $CLIENT_ID"
  echo "secret_key: $SECRET"
  echo "token:      $REPO/bin/the-eye token --client-id $CLIENT_ID --secret-key $SECRET"
  [ ${#others[@]} -eq 0 ] || echo "other clients: ${others[*]}"
  echo
  echo "client_id                            sessions     events"
  echo "$per_client" | awk '{ printf "%-36s %9d %10d\n", $1, $2, $3 }'
  db -Atq -F ' ' -c "select count(*), min(\"timestamp\"), max(\"timestamp\") from events" |
    awk '{ printf "total rows: %d, timestamps %s %s .. %s %s\n", $1, $2, $3, $4, $5 }'
  echo
  # Sizes summed over the day partitions: the heap, and each index by its name on the partitioned table.
  db -P footer=off -c "select 'events (heap, all partitions)' as relation,
                              pg_size_pretty(sum(pg_relation_size(relid))) as size
                         from pg_partition_tree('events') where isleaf
                       union all
                       select p.relname, pg_size_pretty(sum(pg_relation_size(t.relid)))
                         from pg_class p cross join lateral pg_partition_tree(p.oid) t
                        where p.oid in (select indexrelid from pg_index where indrelid = 'events'::regclass)
                        group by p.relname"
  db -Atc "select 'events total (heap + toast + indexes, all partitions): '
                  || pg_size_pretty(sum(pg_total_relation_size(relid))) from pg_partition_tree('events') where isleaf"
  db -Atc "select 'event_ids: ' || pg_size_pretty(pg_total_relation_size('event_ids'))
                  || ', rollups: ' || pg_size_pretty(pg_total_relation_size('event_counts_minute')
                  + pg_total_relation_size('event_counts_hour') + pg_total_relation_size('event_counts_day'))"
  echo
  echo "time: generation ${gen_secs} s, vacuum analyze ${vacuum_secs} s, total ${total_secs} s (with migrate)"
  echo
  echo "query plans:"
  echo "  psql -h $PG_HOST -p $PG_PORT -U $PG_USER -d $PG_DB -v client=$CLIENT_ID -v session=$session \\"
  echo "       -v category=page -v day=$day -f $BENCH_DIR/query-explain.sql"
}
