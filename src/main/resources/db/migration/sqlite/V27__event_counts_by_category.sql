-- Counts per client, hour (and day) and category alone: what GET /stats reads for its default grouping, by category,
-- when no name is asked for (docs/operations.md, "Stats rollups"). Kept exact with the others (store.Rollups).
create table event_counts_hour_category (
    client_id text    not null,
    bucket    integer not null,
    category  text    not null,
    n         integer not null,
    primary key (client_id, bucket, category)
) strict, without rowid;

create table event_counts_day_category (
    client_id text    not null,
    bucket    integer not null,
    category  text    not null,
    n         integer not null,
    primary key (client_id, bucket, category)
) strict, without rowid;

insert into event_counts_hour_category (client_id, bucket, category, n)
select client_id, bucket, category, sum(n)
from event_counts_hour
group by 1, 2, 3;

insert into event_counts_day_category (client_id, bucket, category, n)
select client_id, bucket, category, sum(n)
from event_counts_day
group by 1, 2, 3;
