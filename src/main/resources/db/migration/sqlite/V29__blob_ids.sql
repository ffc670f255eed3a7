-- Ids as 16-byte blobs, big-endian (the most significant half first), instead of their canonical lowercase text as V4
-- made them: a key of 16 bytes rather than 36 characters makes the writer's inserts into the events' b-trees cheaper
-- and the table and its indexes smaller (docs/benchmarks.md, "Ids as 16-byte blobs"). A blob compares byte by byte,
-- which orders ids exactly as their lowercase text did: keyset pages, cursors and ids' order are unchanged.
--
-- Every column that holds an id the service binds as one (store.SqlDialect) changes, in every table at once: a blob
-- never equals a text, so a column left as text would silently match nothing. A STRICT table refuses a blob in a text
-- column: each table is rebuilt, its rows copied in their order (unhex of the text without its dashes) and its indexes
-- made again. The tables with AUTOINCREMENT keep their row ids and their place in sqlite_sequence, whose value can be
-- above the highest row id left (the newest rows deleted): an event's position is never given again (V16).

create table clients_v29 (
    client_id                    blob    primary key check (length(client_id) = 16),
    name                         text    not null,
    -- Kept retrievable: HS256 verification needs the shared secret itself.
    secret_key                   text    not null,
    read_all                     integer not null default 0,
    created_at                   integer not null,
    revoked_at                   integer,
    previous_secret_key          text,
    previous_secret_expires_at   integer,
    last_used_at                 integer,
    admin                        integer not null default 0,
    rate_limit_events_per_second integer,
    rate_limit_burst             integer,
    retention_days               integer check (retention_days > 0)
) strict;

insert into clients_v29
select unhex(replace(client_id, '-', '')), name, secret_key, read_all, created_at, revoked_at, previous_secret_key,
       previous_secret_expires_at, last_used_at, admin, rate_limit_events_per_second, rate_limit_burst, retention_days
from clients
order by rowid;

drop table clients;
alter table clients_v29 rename to clients;

create table events_v29 (
    seq                integer primary key autoincrement,
    id                 blob    not null check (length(id) = 16),
    client_id          blob    not null check (length(client_id) = 16),
    session_id         text    not null check (length(session_id) <= 128),
    category           text    not null check (length(category) <= 128),
    name               text    not null check (length(name) <= 128),
    data               text    not null,
    "timestamp"        integer not null,
    received_at        integer not null,
    schema_version     integer,
    original_timestamp integer
) strict;

insert into events_v29
select seq, unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), session_id, category, name, data,
       "timestamp", received_at, schema_version, original_timestamp
from events
order by seq;

-- The highest position ever given, which the copy's own entry may be below.
delete from sqlite_sequence where name = 'events_v29';
insert into sqlite_sequence (name, seq) select 'events_v29', seq from sqlite_sequence where name = 'events';

drop table events;
alter table events_v29 rename to events;

create unique index events_client_id on events (client_id, id);
create index events_client_session_time on events (client_id, session_id, "timestamp", id);
create index events_client_category_time on events (client_id, category, "timestamp", id);
create index events_client_time on events (client_id, "timestamp", id);

-- client_id is null when the sender could not be told; rejection_id for refusals recorded before V9.
create table rejected_events_v29 (
    id           integer primary key autoincrement,
    client_id    blob    check (length(client_id) = 16),
    received_at  integer not null,
    raw          text    not null,
    errors       text    not null,
    rejection_id blob    check (length(rejection_id) = 16)
) strict;

insert into rejected_events_v29
select id, unhex(replace(client_id, '-', '')), received_at, raw, errors, unhex(replace(rejection_id, '-', ''))
from rejected_events
order by id;

delete from sqlite_sequence where name = 'rejected_events_v29';
insert into sqlite_sequence (name, seq) select 'rejected_events_v29', seq from sqlite_sequence where name = 'rejected_events';

drop table rejected_events;
alter table rejected_events_v29 rename to rejected_events;

create index rejected_events_client_time on rejected_events (client_id, received_at);
create index rejected_events_time on rejected_events (received_at, id);
create unique index rejected_events_rejection_id on rejected_events (rejection_id);
create index rejected_events_received_at on rejected_events (received_at, id);

create table audit_log_v29 (
    id        integer primary key autoincrement,
    at        integer not null,
    actor     text    not null,
    action    text    not null,
    client_id blob    check (length(client_id) = 16),
    details   text    not null
) strict;

insert into audit_log_v29
select id, at, actor, action, unhex(replace(client_id, '-', '')), details
from audit_log
order by id;

delete from sqlite_sequence where name = 'audit_log_v29';
insert into sqlite_sequence (name, seq) select 'audit_log_v29', seq from sqlite_sequence where name = 'audit_log';

drop table audit_log;
alter table audit_log_v29 rename to audit_log;

create table write_keys_v29 (
    key_id                       text    primary key,
    key_hash                     text    not null unique,
    client_id                    blob    not null check (length(client_id) = 16),
    name                         text    not null,
    origins                      text    not null,
    created_at                   integer not null,
    revoked_at                   integer,
    rate_limit_events_per_second integer,
    rate_limit_burst             integer
) strict;

insert into write_keys_v29
select key_id, key_hash, unhex(replace(client_id, '-', '')), name, origins, created_at, revoked_at,
       rate_limit_events_per_second, rate_limit_burst
from write_keys
order by rowid;

drop table write_keys;
alter table write_keys_v29 rename to write_keys;

create index write_keys_client on write_keys (client_id, created_at);

create table suppressions_v29 (
    id                 integer primary key autoincrement,
    client_id          blob    not null check (length(client_id) = 16),
    field              text    not null,
    value              text    not null,
    created_at         integer not null,
    created_by         text    not null,
    suppressed_count   integer not null default 0,
    last_suppressed_at integer
) strict;

insert into suppressions_v29
select id, unhex(replace(client_id, '-', '')), field, value, created_at, created_by, suppressed_count,
       last_suppressed_at
from suppressions
order by id;

delete from sqlite_sequence where name = 'suppressions_v29';
insert into sqlite_sequence (name, seq) select 'suppressions_v29', seq from sqlite_sequence where name = 'suppressions';

drop table suppressions;
alter table suppressions_v29 rename to suppressions;

create unique index suppressions_client_field_value on suppressions (client_id, field, value);

-- token: the id of one taking of the lock (store.MaintenanceLock).
create table maintenance_locks_v29 (
    name        text    primary key,
    holder      text,
    token       blob    check (length(token) = 16),
    taken_at    integer,
    lease_until integer
) strict, without rowid;

insert into maintenance_locks_v29
select name, holder, unhex(replace(token, '-', '')), taken_at, lease_until
from maintenance_locks;

drop table maintenance_locks;
alter table maintenance_locks_v29 rename to maintenance_locks;

create table event_counts_minute_v29 (
    client_id blob    not null check (length(client_id) = 16),
    bucket    integer not null,
    category  text    not null,
    name      text    not null,
    n         integer not null,
    primary key (client_id, bucket, category, name)
) strict, without rowid;

insert into event_counts_minute_v29
select unhex(replace(client_id, '-', '')), bucket, category, name, n
from event_counts_minute
order by 1, 2, 3, 4;

drop table event_counts_minute;
alter table event_counts_minute_v29 rename to event_counts_minute;

create table event_counts_hour_v29 (
    client_id blob    not null check (length(client_id) = 16),
    bucket    integer not null,
    category  text    not null,
    name      text    not null,
    n         integer not null,
    primary key (client_id, bucket, category, name)
) strict, without rowid;

insert into event_counts_hour_v29
select unhex(replace(client_id, '-', '')), bucket, category, name, n
from event_counts_hour
order by 1, 2, 3, 4;

drop table event_counts_hour;
alter table event_counts_hour_v29 rename to event_counts_hour;

create table event_counts_day_v29 (
    client_id blob    not null check (length(client_id) = 16),
    bucket    integer not null,
    category  text    not null,
    name      text    not null,
    n         integer not null,
    primary key (client_id, bucket, category, name)
) strict, without rowid;

insert into event_counts_day_v29
select unhex(replace(client_id, '-', '')), bucket, category, name, n
from event_counts_day
order by 1, 2, 3, 4;

drop table event_counts_day;
alter table event_counts_day_v29 rename to event_counts_day;

create table event_counts_hour_category_v29 (
    client_id blob    not null check (length(client_id) = 16),
    bucket    integer not null,
    category  text    not null,
    n         integer not null,
    primary key (client_id, bucket, category)
) strict, without rowid;

insert into event_counts_hour_category_v29
select unhex(replace(client_id, '-', '')), bucket, category, n
from event_counts_hour_category
order by 1, 2, 3;

drop table event_counts_hour_category;
alter table event_counts_hour_category_v29 rename to event_counts_hour_category;

create table event_counts_day_category_v29 (
    client_id blob    not null check (length(client_id) = 16),
    bucket    integer not null,
    category  text    not null,
    n         integer not null,
    primary key (client_id, bucket, category)
) strict, without rowid;

insert into event_counts_day_category_v29
select unhex(replace(client_id, '-', '')), bucket, category, n
from event_counts_day_category
order by 1, 2, 3;

drop table event_counts_day_category;
alter table event_counts_day_category_v29 rename to event_counts_day_category;
