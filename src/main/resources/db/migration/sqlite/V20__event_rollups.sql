-- Counts of stored events per client, bucket, category and name: what GET /stats and the admin dashboard read
-- instead of raw rows when a query's filters are all among these columns (docs/api.md, "Stats"). Kept exact in the
-- transaction that inserts or removes the events (store.Rollups). A bucket is its start: integer microseconds since
-- the epoch, as every instant here, floored (instants before 1970 are negative).
--
-- Three sizes: a minute (the dashboard's chart, and the finest aligned part of any range), an hour (a month by hour
-- reads at most 720 rows per category and name), a day (a year by day likewise). A row is never left at 0: it is
-- deleted. The key leads with the client then the bucket: a range of buckets is one walk of the table's b-tree.
create table event_counts_minute (
    client_id text    not null,
    bucket    integer not null,
    category  text    not null,
    name      text    not null,
    n         integer not null,
    primary key (client_id, bucket, category, name)
) strict, without rowid;

create table event_counts_hour (
    client_id text    not null,
    bucket    integer not null,
    category  text    not null,
    name      text    not null,
    n         integer not null,
    primary key (client_id, bucket, category, name)
) strict, without rowid;

create table event_counts_day (
    client_id text    not null,
    bucket    integer not null,
    category  text    not null,
    name      text    not null,
    n         integer not null,
    primary key (client_id, bucket, category, name)
) strict, without rowid;

insert into event_counts_minute (client_id, bucket, category, name, n)
select client_id, "timestamp" - (("timestamp" % 60000000) + 60000000) % 60000000, category, name, count(*)
from events
group by 1, 2, 3, 4;

insert into event_counts_hour (client_id, bucket, category, name, n)
select client_id, bucket - ((bucket % 3600000000) + 3600000000) % 3600000000, category, name, sum(n)
from event_counts_minute
group by 1, 2, 3, 4;

insert into event_counts_day (client_id, bucket, category, name, n)
select client_id, bucket - ((bucket % 86400000000) + 86400000000) % 86400000000, category, name, sum(n)
from event_counts_hour
group by 1, 2, 3, 4;
