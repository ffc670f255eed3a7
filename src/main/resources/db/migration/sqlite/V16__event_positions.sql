-- Each event's position, the order in which readers that follow the store (the admin UI's live tail, exports) take
-- events: seq, the row id, given out under the database's write lock, so in commit order. AUTOINCREMENT keeps it from
-- ever being given again after the newest rows are deleted, and an explicit integer primary key keeps VACUUM from
-- renumbering rows. docs/operations.md, "Event positions", says why.
--
-- SQLite cannot add such a key to a table: the table is rebuilt, its rows keeping their order.
create table events_positioned (
    seq                integer primary key autoincrement,
    id                 text    not null,
    client_id          text    not null,
    session_id         text    not null check (length(session_id) <= 128),
    category           text    not null check (length(category) <= 128),
    name               text    not null check (length(name) <= 128),
    data               text    not null,
    "timestamp"        integer not null,
    received_at        integer not null,
    schema_version     integer,
    original_timestamp integer
) strict;

insert into events_positioned (id, client_id, session_id, category, name, data, "timestamp", received_at,
    schema_version, original_timestamp)
select id, client_id, session_id, category, name, data, "timestamp", received_at, schema_version, original_timestamp
from events
order by rowid;

drop table events;
alter table events_positioned rename to events;

-- An event id is unique within its client, as the primary key held before.
create unique index events_client_id on events (client_id, id);
create index events_client_session_time on events (client_id, session_id, "timestamp", id);
create index events_client_category_time on events (client_id, category, "timestamp", id);
create index events_client_time on events (client_id, "timestamp", id);
