-- A client's own retention (retention set, the admin UI), in days: its events are removed once their timestamp is
-- that old, in place of THE_EYE_RETENTION; null: the default applies.
alter table clients add column retention_days integer check (retention_days > 0);

-- Refused events expire by their receipt (THE_EYE_REJECTED_RETENTION): V19 indexed rejected_events (received_at).

-- The lock that lets one process at a time remove events (expiry, deletion), however many run: one row per lock,
-- the holder and until when. A holder renews its lease while it works; another process takes the lock over once the
-- lease has expired (its holder died). docs/retention.md, "One process at a time", says more.
create table maintenance_locks (
    name        varchar(64)  primary key,
    holder      varchar(500),
    token       uuid,
    taken_at    timestamptz,
    lease_until timestamptz
);
