-- Each session a number, given in the order sessions are first seen, and events' session index keyed by it instead of
-- (client_id, session_id): session ids are random text, so every event landed on a random leaf of that index, which
-- the group commit wrote whole to the WAL and again at the checkpoint. A new session's number is the largest yet, and
-- a session's later events come while it is recent, so the index now takes events near its end; only a new session
-- lands at a random place, in the smaller sessions table (docs/benchmarks.md, "Sessions as numbers on SQLite").
--
-- store.EventInserts gives each event its session's number as it inserts it; store.Conditions reads a session's
-- events through it. A session whose events are all gone (deleted on request, expired) loses its row, so its number
-- is only ever given again once nothing refers to it.

create table sessions (
    k          integer primary key,
    client_id  blob    not null check (length(client_id) = 16),
    session_id text    not null check (length(session_id) <= 128)
) strict;

insert into sessions (client_id, session_id)
select client_id, session_id from events group by client_id, session_id order by min(seq);

create unique index sessions_client_session on sessions (client_id, session_id);

create table events_v30 (
    seq                integer primary key autoincrement,
    id                 blob    not null check (length(id) = 16),
    client_id          blob    not null check (length(client_id) = 16),
    session_id         text    not null check (length(session_id) <= 128),
    session_key        integer not null,
    category           text    not null check (length(category) <= 128),
    name               text    not null check (length(name) <= 128),
    data               text    not null,
    "timestamp"        integer not null,
    received_at        integer not null,
    schema_version     integer,
    original_timestamp integer
) strict;

insert into events_v30
select e.seq, e.id, e.client_id, e.session_id, s.k, e.category, e.name, e.data, e."timestamp", e.received_at,
       e.schema_version, e.original_timestamp
from events e join sessions s on s.client_id = e.client_id and s.session_id = e.session_id
order by e.seq;

-- The highest position ever given, which the copy's own entry may be below (as in V29).
delete from sqlite_sequence where name = 'events_v30';
insert into sqlite_sequence (name, seq) select 'events_v30', seq from sqlite_sequence where name = 'events';

drop table events;
alter table events_v30 rename to events;

create unique index events_client_id on events (client_id, id);
create index events_session_time on events (session_key, "timestamp", id);
create index events_client_category_time on events (client_id, category, "timestamp", id);
create index events_client_time on events (client_id, "timestamp", id);

-- A session whose last event goes (deletion on request, expiry, whatever removes it) goes too: its id is no longer
-- kept, and its number may be given again only once nothing refers to it.
create trigger events_forget_session after delete on events
when not exists (select 1 from events where session_key = old.session_key)
begin
    delete from sessions where k = old.session_key;
end;
