-- The deployment's processes (serve: role api; worker: role worker), each one row it writes itself every heartbeat
-- interval, so that every API process sees them all: which are live, which fell silent (lost), and what they did.
-- A process that stops cleanly removes its row; a lost one is removed a day after it was last seen.
create table processes (
    id                text    primary key,
    role              text    not null,
    host              text    not null,
    pid               integer not null,
    version           text    not null,
    started_at        integer not null,
    last_seen         integer not null,
    batches_stored    integer not null,
    events_stored     integer not null,
    failures          integer not null,
    restarts          integer not null,
    events_per_second real    not null
) strict, without rowid;

-- Lost processes are forgotten through this index.
create index processes_last_seen on processes (last_seen);
