-- How far the continuous Parquet export (the-eye exporter) has come, one row per destination (its URL, prefix
-- included): the position every event up to which is in a visible file, the number of the next batch, and the end of
-- the batch being written when one is pending. A batch is recorded pending before any of its files is written, so
-- that an exporter starting after a crash writes exactly the same events under the same names (docs/export.md,
-- "Exactly once").
--
-- The row is also the lease that lets one exporter at a time write to the destination: the holder and until when;
-- a holder renews it while it runs, another takes it over once it has expired.
create table export_progress (
    destination          text    primary key,
    position_transaction integer not null,
    position_sequence    integer not null,
    batch                integer not null,
    pending_transaction  integer,
    pending_sequence     integer,
    holder               text,
    lease_until          integer,
    updated_at           integer not null
) strict, without rowid;
