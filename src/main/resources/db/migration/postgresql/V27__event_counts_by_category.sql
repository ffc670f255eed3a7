-- Counts per client, hour (and day) and category alone: what GET /stats reads for its default grouping, by category,
-- when no name is asked for. A month by hour and category then reads one row per hour and category instead of one
-- per hour, category and name (docs/operations.md, "Stats rollups"). Kept exact with the others (store.Rollups).
create table event_counts_hour_category (
    client_id uuid         not null,
    bucket    timestamptz  not null,
    category  varchar(128) not null,
    n         bigint       not null,
    primary key (client_id, bucket, category)
) with (fillfactor = 80);

create table event_counts_day_category (like event_counts_hour_category including all) with (fillfactor = 80);

-- Filled from the counts by name, which writers of a version still running beside the migration change in the same
-- transaction as their events: they wait for this one (reads go on).
lock table event_counts_hour, event_counts_day in share mode;

insert into event_counts_hour_category (client_id, bucket, category, n)
select client_id, bucket, category, sum(n)
from event_counts_hour
group by 1, 2, 3;

insert into event_counts_day_category (client_id, bucket, category, n)
select client_id, bucket, category, sum(n)
from event_counts_day
group by 1, 2, 3;

analyze event_counts_hour_category;
analyze event_counts_day_category;
