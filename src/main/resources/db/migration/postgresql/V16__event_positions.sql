-- Each event's position, the order in which readers that follow the store (the admin UI's live tail, exports) take
-- events: (xid, seq), the writing transaction's id then a sequence number. A reader takes only rows whose transaction
-- is below the xmin of its snapshot, so that an event committed late by a concurrent writer is never passed over: a
-- sequence alone is not enough, as a lower number can commit after a higher one was read. docs/operations.md, "Event
-- positions", says why.
--
-- Existing rows get transaction 0, before every real transaction (the first is 3), numbered in the table's order.
-- Adding seq rewrites the table once.
alter table events add column xid xid8 not null default '0';
alter table events alter column xid set default pg_current_xact_id();
alter table events add column seq bigint generated always as identity;
-- A reader resumes from a position with one range scan of this index, from (xid, seq) up to the snapshot's xmin.
create index events_position on events (xid, seq);
