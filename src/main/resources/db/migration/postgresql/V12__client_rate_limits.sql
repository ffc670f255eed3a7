-- A client's own rate limit (clients limit, the admin UI): null events per second means the default applies
-- (THE_EYE_RATE_LIMIT_*); 0 means no limit for this client; a burst of 0 means one second's worth.
alter table clients add column rate_limit_events_per_second integer;
alter table clients add column rate_limit_burst integer;
