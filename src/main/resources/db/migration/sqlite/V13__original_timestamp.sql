-- The timestamp as the client sent it, when it was corrected for the client's clock (sent_at differing from the
-- receipt time by more than THE_EYE_INGEST_SKEW_THRESHOLD); null when the stored timestamp is the one sent.
alter table events add column original_timestamp integer;
