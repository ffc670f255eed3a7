-- Clients that may manage payload schemas through the API (clients create --admin).
alter table clients add column admin integer not null default 0;

-- Every version of every event type's JSON Schema, never updated nor deleted: a change adds a version, a deletion adds
-- one whose schema is null. An event type's schema is its latest version's. id orders changes across types, and
-- (count, max id) tells a running server that something changed.
create table event_schemas (
    id         integer primary key autoincrement,
    category   text    not null check (length(category) between 1 and 128),
    name       text    not null check (length(name) between 1 and 128),
    version    integer not null,
    schema     text,
    created_at integer not null,
    created_by text    not null,
    unique (category, name, version)
) strict;

-- Which version of its type's schema a stored event passed; null when its type had none.
alter table events add column schema_version integer;
