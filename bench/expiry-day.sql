-- What expiry on PostgreSQL costs for a day of 1 million events: fills one day (a day of its own, 2000-01-01 by
-- default, with its ids) on a database migrated to V19 or later, then runs and times the very statements
-- store.PostgresEventExpiry runs to drop a day, in one transaction as it does (less the rollups' share), then those
-- that take the day's ids out after it, in batches.
--
--   psql -h 127.0.0.1 -U postgres -d the_eye_partitions_bench -v rows=1000000 -f bench/expiry-day.sql
--
-- Every variable is optional: rows (1000000), day (2000-01-01). The day must have no events before.
\set QUIET on
\set ON_ERROR_STOP on
\pset pager off
set timezone = 'UTC';
\if :{?rows}
\else
  \set rows 1000000
\endif
\if :{?day}
\else
  \set day 2000-01-01
\endif
select 'events_' || to_char(date :'day', 'YYYYMMDD') as partition,
       (date :'day')::timestamptz as "from", (date :'day' + 1)::timestamptz as "to" \gset

\echo filling :partition with :rows events and their ids
select events_partition_create(date :'day');
insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
select gen_random_uuid(), c.client_id, 's' || (i / 20), 'page', 'view', '{"path": "/"}',
       timestamptz :'from' + (i * (86400.0 / :rows)) * interval '1 second', now()
from generate_series(0, :rows - 1) as i, (select client_id from clients order by created_at limit 1) as c;
insert into event_ids (client_id, id, "timestamp") select client_id, id, "timestamp" from :partition;
vacuum analyze :partition;
vacuum analyze event_ids;

\echo dropping it as expiry does
select set_config('bench.to', :'to', false);
select clock_timestamp() as started \gset
\timing on
begin;
set local lock_timeout = 200;
lock table :partition in share mode;
select count(*) as events from :partition;
drop table :partition;
commit;
\timing off
select round(extract(epoch from clock_timestamp() - :'started') * 1000) as drop_ms, clock_timestamp() as started \gset
\echo drop transaction, ms: :drop_ms

\echo taking its ids out, 50000 a transaction, as expiry does after the drop
do $$
declare
    rows bigint;
begin
    loop
        delete from event_ids where ctid = any(array(select ctid from event_ids
                                                     where "timestamp" < (current_setting('bench.to'))::timestamptz
                                                     limit 50000));
        get diagnostics rows = row_count;
        commit;
        exit when rows = 0;
    end loop;
end $$;
select round(extract(epoch from clock_timestamp() - :'started') * 1000) as "ids, ms";
