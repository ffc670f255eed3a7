-- Events partitioned by day of their timestamp (UTC), so that expiry drops a day's partition instead of deleting its
-- rows one by one; docs/production.md, "Partitions", says why a day and what happens to odd timestamps. This
-- migration moves every existing row (its cost on 10 million events is measured there): it takes the old table's
-- space a second time until it ends, and holds the table for its whole run.

-- The old table steps aside without its indexes: the new one builds its own after the copy, in one pass each.
alter table events rename to events_unpartitioned;
alter table events_unpartitioned drop constraint events_pkey;
drop index events_client_session_time, events_client_category_time, events_client_time, events_position;

-- seq was an identity, which a partitioned table cannot have before PostgreSQL 17: a sequence of its own, going on
-- from where the identity stood, keeps every position (xid, seq) as it was and orders new ones after them.
create sequence events_seq as bigint;
do $$
declare
    identity text := pg_get_serial_sequence('events_unpartitioned', 'seq');
    last bigint;
    called boolean;
begin
    execute format('select last_value, is_called from %s', identity) into last, called;
    perform setval('events_seq', last, called);
end $$;

create table events (
    id                 uuid         not null,
    client_id          uuid         not null,
    session_id         varchar(128) not null,
    category           varchar(128) not null,
    name               varchar(128) not null,
    data               jsonb        not null,
    "timestamp"        timestamptz  not null,
    received_at        timestamptz  not null,
    schema_version     integer,
    original_timestamp timestamptz,
    xid                xid8         not null default pg_current_xact_id(),
    seq                bigint       not null default nextval('events_seq')
) partition by range ("timestamp");
alter sequence events_seq owned by events.seq;

-- The one way partitions are made, by this migration and by the service (EventPartitions): events_YYYYMMDD holds
-- [day, day + 1) in UTC. Created as a table of its own then attached, which takes a lock that reads and writes of
-- events do not wait for (CREATE TABLE ... PARTITION OF would wait for every read in progress, an hour-long export
-- included, and make all of them wait behind it). Idempotent, and safe when processes race: one at a time makes
-- partitions (a lock per schema), each looking first whether the day's partition is there. True when it made it.
create function events_partition_create(day date) returns boolean language plpgsql as $$
declare
    partition text := 'events_' || to_char(day, 'YYYYMMDD');
begin
    perform pg_advisory_xact_lock(hashtext('the-eye events partitions'), hashtext(current_schema()));
    if exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
               where i.inhparent = 'events'::regclass and c.relname = partition) then
        return false;
    end if;
    execute format('create table %I (like events including defaults)', partition);
    execute format('alter table events attach partition %I for values from (%L) to (%L)', partition,
                   day::timestamp at time zone 'UTC', (day + 1)::timestamp at time zone 'UTC');
    return true;
end $$;

-- A partition for every day that has events, and for yesterday to a week ahead (the service keeps that window).
select events_partition_create(day)
from (select distinct cast("timestamp" at time zone 'UTC' as date) as day from events_unpartitioned) as days;
select events_partition_create(cast(day as date))
from generate_series(cast(now() at time zone 'UTC' as date) - 1, cast(now() at time zone 'UTC' as date) + 7,
                     interval '1 day') as day;

insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at, schema_version,
                    original_timestamp, xid, seq)
select id, client_id, session_id, category, name, data, "timestamp", received_at, schema_version, original_timestamp,
       xid, seq
from events_unpartitioned;

-- An id is stored once per client whatever its timestamp (README, the id row), but a unique key on a partitioned
-- table must hold the partition key: two sends of an id with different timestamps would land in two partitions. This
-- table holds the key instead; each insert of events goes through it first (EventInserts). The timestamp says which
-- partition holds the event (GET /events/{id} reads one partition), and lets a dropped partition's ids go by range:
-- a BRIN index, next to free for ingest, since ids arrive roughly in timestamp order.
create table event_ids (
    client_id   uuid        not null,
    id          uuid        not null,
    "timestamp" timestamptz not null
);
insert into event_ids (client_id, id, "timestamp") select client_id, id, "timestamp" from events_unpartitioned;
alter table event_ids add primary key (client_id, id);
create index event_ids_time on event_ids using brin ("timestamp") with (autosummarize = on);

drop table events_unpartitioned;

-- The same indexes as before, on every partition.
create index events_client_session_time on events (client_id, session_id, "timestamp", id);
create index events_client_category_time on events (client_id, category, "timestamp", id);
create index events_client_time on events (client_id, "timestamp", id) include (category, name);
create index events_position on events (xid, seq);

-- Whatever deletes events (deletion on request, a client's own expiry) takes their ids out too, without knowing of
-- this table: once per statement, from the rows it removed. A dropped partition fires no trigger; expiry takes its
-- ids out itself (PostgresEventExpiry).
create function event_ids_forget() returns trigger language plpgsql as $$
begin
    delete from event_ids i using removed r where i.client_id = r.client_id and i.id = r.id;
    return null;
end $$;
create trigger events_forget_ids after delete on events
    referencing old table as removed for each statement execute function event_ids_forget();

-- Expiry of refused events goes by receipt time, across clients.
create index rejected_events_received_at on rejected_events (received_at);

analyze events;
analyze event_ids;
