-- A refusal has an id of its own, so that storing it again (a broker delivering its batch twice) keeps it once.
-- Rows from before have none; NULLs do not collide in a unique index.
alter table rejected_events add column rejection_id uuid;
create unique index rejected_events_rejection_id on rejected_events (rejection_id);
