-- A write key's own rate limit (keys create and limit, the admin UI), which a request with the key is held to besides
-- its client's: null events per second means the key has none (only the client's applies), 0 no limit of its own;
-- a burst of 0 means one second's worth.
alter table write_keys add column rate_limit_events_per_second integer;
alter table write_keys add column rate_limit_burst integer;
