-- The embedded database's first schema: the one PostgreSQL reaches at its V4, so that later migrations are numbered
-- alike for both. Later changes are new migrations, never edits to this file.
--
-- STRICT tables refuse a value of the wrong type instead of storing it as something else. Instants are integer
-- microseconds since the epoch (exact, ordered, the same precision as PostgreSQL's timestamptz); ids are UUIDs in
-- their canonical lowercase text, which orders as PostgreSQL orders uuid; booleans are 0 or 1.

create table clients (
    client_id   text    primary key,
    name        text    not null,
    -- Kept retrievable: HS256 verification needs the shared secret itself.
    secret_key  text    not null,
    read_all    integer not null default 0,
    created_at  integer not null,
    revoked_at  integer
) strict;

create table users (
    id            integer primary key autoincrement,
    username      text    not null unique,
    password_hash text    not null,
    is_superuser  integer not null,
    created_at    integer not null
) strict;

-- An event id is unique within its client, not across clients. The length checks hold what PostgreSQL's
-- varchar(128) holds: 128 characters (code points), which is what the API allows.
create table events (
    id          text    not null,
    client_id   text    not null,
    session_id  text    not null check (length(session_id) <= 128),
    category    text    not null check (length(category) <= 128),
    name        text    not null check (length(name) <= 128),
    data        text    not null,
    "timestamp" integer not null,
    received_at integer not null,
    primary key (client_id, id)
) strict;

-- Each index leads with client_id (every read is within a client) and ends with (timestamp, id), the keyset
-- that pages are ordered and resumed by.
create index events_client_session_time on events (client_id, session_id, "timestamp", id);
create index events_client_category_time on events (client_id, category, "timestamp", id);
create index events_client_time on events (client_id, "timestamp", id);

create table rejected_events (
    id          integer primary key autoincrement,
    client_id   text,
    received_at integer not null,
    raw         text    not null,
    errors      text    not null
) strict;

create index rejected_events_client_time on rejected_events (client_id, received_at);
