-- Plans of the query API's queries on the data of bench/generate-events.sh, to check that each uses its index.
--
--   psql -h 127.0.0.1 -p 5432 -U postgres -d the_eye_query_bench \
--        -v client=CLIENT_ID -v session=SESSION_ID -v category=page -v day=2026-09-29 \
--        -f bench/query-explain.sql
--
-- generate-events.sh prints this line with its own values. Every variable is optional:
--   client    default: the client named 'query-bench' (the generator's), else the oldest client
--   day       a UTC date; default: 60 days ago. (b) reads [day, day + 1), (c) and (d) the "month" [day, day + 30)
--   category  default: page (the most frequent category; (c) needs 100,000+ rows of it in the month)
--   session   default: the session of the client's first event on day
--   deep      rows before (c)'s cursor; default 100000 (if the month has fewer, the cursor is its last row)
-- Run it twice: the second run shows warm-cache times (see "Buffers: shared hit/read" in each plan).
-- Since V19 events is partitioned by day: each index below is scanned per partition (events_YYYYMMDD_..._idx), the
-- scans of the days in range in an ordered Append, without a sort; (a) and (e), with no time range, scan every day
-- (docs/benchmarks.md, "Partitions on PostgreSQL"), and the service plans (a) once per connection (a generic plan).
\set QUIET on
\set ON_ERROR_STOP on
\pset pager off
set timezone = 'UTC';

\if :{?client}
\else
  select client_id as client from clients order by (name = 'query-bench') desc, created_at limit 1 \gset
\endif
\if :{?day}
\else
  select current_date - 60 as day \gset
\endif
\if :{?category}
\else
  \set category page
\endif
\if :{?deep}
\else
  \set deep 100000
\endif
select :'day'::date::timestamptz as "from", (:'day'::date + 1)::timestamptz as "to",
       :'day'::date::timestamptz as month_from, (:'day'::date + 30)::timestamptz as month_to \gset
\if :{?session}
\else
  select session_id as session from events
   where client_id = :'client' and "timestamp" >= :'from' order by "timestamp", id limit 1 \gset
\endif

-- (c)'s cursor: the (timestamp, id) of the deep-th row of the category in the month, in page order.
select "timestamp" as after_ts, id as after_id from (
  (select "timestamp", id from events
    where client_id = :'client' and category = :'category' and "timestamp" >= :'month_from' and "timestamp" < :'month_to'
    order by "timestamp", id offset :deep - 1 limit 1)
  union all
  (select "timestamp", id from events
    where client_id = :'client' and category = :'category' and "timestamp" >= :'month_from' and "timestamp" < :'month_to'
    order by "timestamp" desc, id desc limit 1)
) c limit 1 \gset

\echo client=:client session=:session category=:category
\echo day [:from, :to) month [:month_from, :month_to) cursor (:after_ts, :after_id)

\echo
\echo (a) first page of a session: expect Limit <- Merge Append of an Index Scan using events_client_session_time per day, no Sort
\echo     planned for its values, as a statement with a time range is: all the days, tens of ms of planning
explain (analyze, buffers)
select * from events
 where client_id = :'client' and session_id = :'session'
 order by "timestamp", id limit 101;
\echo (a) again as the service runs it, the generic plan of a prepared statement (no time range, nothing to prune):
\echo     planned once per connection; shown on its second execution, with no planning left
prepare session_page(uuid, text) as
select * from events
 where client_id = $1 and session_id = $2
 order by "timestamp", id limit 101;
set plan_cache_mode = force_generic_plan;
\o /dev/null
execute session_page(:'client', :'session');
\o
explain (analyze, buffers) execute session_page(:'client', :'session');
reset plan_cache_mode;
deallocate session_page;

\echo (b) first page of a category in one day: expect Limit <- Index Scan using events_client_category_time, no Sort
explain (analyze, buffers)
select * from events
 where client_id = :'client' and category = :'category' and "timestamp" >= :'from' and "timestamp" < :'to'
 order by "timestamp", id limit 101;

\echo (c) a deep keyset page (cursor :deep rows into a month of the category): expect the same as (b), starting at the cursor,
\echo     the days before the cursor pruned by its timestamp
explain (analyze, buffers)
select * from events
 where client_id = :'client' and category = :'category' and "timestamp" >= :'month_from' and "timestamp" < :'month_to'
   and "timestamp" >= :'after_ts' and ("timestamp", id) > (:'after_ts', :'after_id')
 order by "timestamp", id limit 101;

\echo (d) a month of counts per hour and category: expect a range scan of events_client_time (or a bitmap scan) + aggregate
explain (analyze, buffers)
select date_trunc('hour', "timestamp") as bucket, category, count(*)
  from events
 where client_id = :'client' and "timestamp" >= :'month_from' and "timestamp" < :'month_to'
 group by 1, 2 order by 1, 2;

\echo (e) the whole client in keyset order, for export (plan only): expect Index Scan using events_client_time, no Sort
explain
select * from events
 where client_id = :'client'
 order by "timestamp", id;
