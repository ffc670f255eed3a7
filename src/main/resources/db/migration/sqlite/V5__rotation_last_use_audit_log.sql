-- Rotation: after a client's secret is replaced, the one it replaced stays valid until previous_secret_expires_at,
-- so that applications can move to the new secret without a moment of refused tokens.
alter table clients add column previous_secret_key text;
alter table clients add column previous_secret_expires_at integer;
-- When a token of the client was last accepted: kept in memory on each request, written here now and then.
alter table clients add column last_used_at integer;

-- Who created, rotated, revoked or re-activated which client, written in the transaction of the change itself.
create table audit_log (
    id        integer primary key autoincrement,
    at        integer not null,
    actor     text    not null,
    action    text    not null,
    client_id text,
    details   text    not null
) strict;

-- The admin UI lists refused events of every client, newest first, and counts today's.
create index rejected_events_time on rejected_events (received_at, id);
