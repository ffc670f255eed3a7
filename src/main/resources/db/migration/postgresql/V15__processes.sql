-- The deployment's processes (serve: role api; worker: role worker), each one row it writes itself every heartbeat
-- interval, so that every API process sees them all: which are live, which fell silent (lost), and what they did.
-- A process that stops cleanly removes its row; a lost one is removed a day after it was last seen.
create table processes (
    id                varchar(36)      primary key,
    role              varchar(16)      not null,
    host              varchar(255)     not null,
    pid               bigint           not null,
    version           varchar(64)      not null,
    started_at        timestamptz      not null,
    last_seen         timestamptz      not null,
    batches_stored    bigint           not null,
    events_stored     bigint           not null,
    failures          bigint           not null,
    restarts          bigint           not null,
    events_per_second double precision not null
);

-- Lost processes are forgotten through this index.
create index processes_last_seen on processes (last_seen);
