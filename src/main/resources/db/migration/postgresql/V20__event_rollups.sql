-- Counts of stored events per client, bucket, category and name: what GET /stats and the admin dashboard read
-- instead of raw rows when a query's filters are all among these columns (docs/api.md, "Stats"). Kept exact in the
-- transaction that inserts or removes the events (store.Rollups). A bucket is its start, in UTC.
--
-- Three sizes: a minute (the dashboard's chart, and the finest aligned part of any range), an hour (a month by hour
-- reads at most 720 rows per category and name: tens of thousands of rows, not the hundreds of thousands of events),
-- a day (a year by day likewise). A row is never left at 0: it is deleted.
--
-- The key leads with the client (every read is within one, or walks the clients) then the bucket, so a range of
-- buckets is one index range, read in bucket order, and grouped by bucket without a sort. fillfactor leaves room on
-- each page for the new version of a row an upsert changes (a HOT update: no index entry per change).
create table event_counts_minute (
    client_id uuid         not null,
    bucket    timestamptz  not null,
    category  varchar(128) not null,
    name      varchar(128) not null,
    n         bigint       not null,
    primary key (client_id, bucket, category, name)
) with (fillfactor = 80);

create table event_counts_hour (like event_counts_minute including all) with (fillfactor = 80);
create table event_counts_day (like event_counts_minute including all) with (fillfactor = 80);

-- The existing events, counted once each: one pass over events_client_time (it carries category and name), then
-- the coarser tables from the finer ones. A version still running beside the migration must not insert events
-- meanwhile, which the count would miss: its writers wait for this transaction (reads go on).
lock table events in share mode;

insert into event_counts_minute (client_id, bucket, category, name, n)
select client_id, date_trunc('minute', "timestamp", 'UTC'), category, name, count(*)
from events
group by 1, 2, 3, 4;

insert into event_counts_hour (client_id, bucket, category, name, n)
select client_id, date_trunc('hour', bucket, 'UTC'), category, name, sum(n)
from event_counts_minute
group by 1, 2, 3, 4;

insert into event_counts_day (client_id, bucket, category, name, n)
select client_id, date_trunc('day', bucket, 'UTC'), category, name, sum(n)
from event_counts_hour
group by 1, 2, 3, 4;

analyze event_counts_minute;
analyze event_counts_hour;
analyze event_counts_day;
