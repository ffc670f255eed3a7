-- The first and last day (UTC, as the partitions of events are cut) on which each session has events: a session's
-- pages and summary, which have no time range of their own, read this row first and then only those days'
-- partitions instead of every one (docs/production.md, "Partitions"). Days rather than timestamps: a session's
-- later events on a day already covered change nothing, so the insert writes this row once per session and new day,
-- not at every group commit. Kept by every insert in the same statement as the events (store.SessionDays); deletions
-- may leave a range wider than the events (still exact: a wider range finds them all); expiry removes the rows whose
-- last day has expired.
create table session_days (
    client_id  uuid         not null,
    session_id varchar(128) not null,
    first_day  timestamptz  not null,
    last_day   timestamptz  not null,
    primary key (client_id, session_id)
);

-- Expiry finds a client's rows whose last day has passed without reading the others.
create index session_days_client_last_day on session_days (client_id, last_day);

-- Filled from the events, which writers of a version still running beside the migration insert without this table:
-- they wait for this one (reads go on).
lock table events in share mode;

insert into session_days (client_id, session_id, first_day, last_day)
select client_id, session_id, date_trunc('day', min("timestamp"), 'UTC'), date_trunc('day', max("timestamp"), 'UTC')
from events
group by client_id, session_id;

analyze session_days;
