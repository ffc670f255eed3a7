-- How far the continuous Parquet export (the-eye exporter) has come, one row per destination (its URL, prefix
-- included): the position every event up to which is in a visible file, the number of the next batch, and the end of
-- the batch being written when one is pending. A batch is recorded pending before any of its files is written, so
-- that an exporter starting after a crash writes exactly the same events under the same names (docs/export.md,
-- "Exactly once").
--
-- The row is also the lease that lets one exporter at a time write to the destination: the holder and until when;
-- a holder renews it while it runs, another takes it over once it has expired.
create table export_progress (
    destination          varchar(2048) primary key,
    position_transaction bigint        not null,
    position_sequence    bigint        not null,
    batch                bigint        not null,
    pending_transaction  bigint,
    pending_sequence     bigint,
    holder               varchar(128),
    lease_until          timestamptz,
    updated_at           timestamptz   not null
);
