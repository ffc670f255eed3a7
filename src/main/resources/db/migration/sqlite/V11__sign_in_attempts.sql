-- Admin sign-in tries that failed (or are still being checked), counted per user name and address, per user name and
-- per address, so that every API process on this database throttles with the same counts. A key is the SHA-256 of
-- what it counts: no user name (nor a password typed into the name field) or address is kept readable.
create table sign_in_attempts (
    key_hash        text    primary key,
    failures        integer not null check (failures >= 0),
    last_failure_at integer not null
) strict, without rowid;

-- Counts are forgotten an hour after their last failure: found through this index.
create index sign_in_attempts_last_failure_at on sign_in_attempts (last_failure_at);
