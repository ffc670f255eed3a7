package io.theeye.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How far the continuous export has come for each destination, and which exporter may write to it (a lease): the
 * table {@code export_progress}, one row per destination URL. Every change of progress names its holder and the
 * batch it expects, so that an exporter that lost its lease (paused past its expiry, then taken over) changes
 * nothing. docs/export.md, "Exactly once", gives the protocol.
 */
public class ExportProgressStore {

    private static final String CREATE = "insert into export_progress (destination, position_transaction,"
            + " position_sequence, batch, updated_at) values (?, 0, 0, 0, ?) on conflict (destination) do nothing";

    private static final String LEASE = "update export_progress set holder = ?, lease_until = ?, updated_at = ?"
            + " where destination = ? and (holder is null or holder = ? or lease_until < ?)";

    private static final String BEGIN = "update export_progress set pending_transaction = ?, pending_sequence = ?,"
            + " updated_at = ? where destination = ? and holder = ? and batch = ? and pending_transaction is null";

    private static final String FINISH = "update export_progress set position_transaction = ?, position_sequence = ?,"
            + " batch = batch + 1, pending_transaction = null, pending_sequence = null, updated_at = ?"
            + " where destination = ? and holder = ? and batch = ? and pending_transaction = ? and pending_sequence = ?";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    ExportProgressStore(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * A destination's progress.
     *
     * @param position every event up to it is in a visible file
     * @param batch the number of the batch being written, or of the next one
     * @param pendingEnd the end of the batch being written, after {@code position}; null when none is
     * @param holder the exporter holding the lease, or null
     * @param leaseUntil when its lease expires, or null
     */
    public record Progress(
            EventPosition position, long batch, EventPosition pendingEnd, String holder, Instant leaseUntil) {

        public boolean pending() {
            return pendingEnd != null;
        }
    }

    /**
     * Takes or renews the destination's lease for the holder until {@code until}: granted when nobody holds it, the
     * holder does, or the last holder's lease expired before {@code now}. Adds the destination's row, at the start of
     * the store, the first time. Returns whether the holder has the lease.
     */
    public boolean lease(String destination, String holder, Instant now, Instant until) {
        jdbc.sql(CREATE).params(destination, dialect.timestamp(now)).update();
        return jdbc.sql(LEASE)
                        .params(
                                holder,
                                dialect.timestamp(until),
                                dialect.timestamp(now),
                                destination,
                                holder,
                                dialect.timestamp(now))
                        .update()
                == 1;
    }

    /** Gives the lease up, if the holder still has it, for another exporter to take at once. */
    public void release(String destination, String holder) {
        jdbc.sql("update export_progress set holder = null, lease_until = null where destination = ? and holder = ?")
                .params(destination, holder)
                .update();
    }

    /** The URLs of every destination a continuous exporter has leased: those a backfill must keep out of. */
    public List<String> destinations() {
        return jdbc.sql("select destination from export_progress")
                .query(String.class)
                .list();
    }

    /** The destination's progress, or null before any exporter leased it. */
    public Progress find(String destination) {
        return jdbc.sql("select position_transaction, position_sequence, batch, pending_transaction,"
                        + " pending_sequence, holder, lease_until from export_progress where destination = ?")
                .param(destination)
                .query(this::progress)
                .optional()
                .orElse(null);
    }

    /** Every destination's progress, by destination URL: those of every exporter ever run on this database. */
    public Map<String, Progress> findAll() {
        Map<String, Progress> all = new LinkedHashMap<>();
        jdbc.sql("select destination, position_transaction, position_sequence, batch, pending_transaction,"
                        + " pending_sequence, holder, lease_until from export_progress order by destination")
                .query((rs, row) -> Map.entry(rs.getString("destination"), progress(rs, row)))
                .list()
                .forEach(entry -> all.put(entry.getKey(), entry.getValue()));
        return all;
    }

    /**
     * Records batch {@code batch} pending, up to {@code end}: before any of its files is written. Returns false, and
     * records nothing, when the holder no longer has the lease or the batch is not the next.
     */
    public boolean begin(String destination, String holder, long batch, EventPosition end, Instant now) {
        return jdbc.sql(BEGIN)
                        .params(end.transaction(), end.sequence(), dialect.timestamp(now), destination, holder, batch)
                        .update()
                == 1;
    }

    /**
     * Records the pending batch {@code batch} written: the position moves to its end, the next batch is numbered, none
     * is pending. Returns false, and records nothing, when the holder no longer has the lease or that batch is not the
     * one pending.
     */
    public boolean finish(String destination, String holder, long batch, EventPosition end, Instant now) {
        return jdbc.sql(FINISH)
                        .params(
                                end.transaction(),
                                end.sequence(),
                                dialect.timestamp(now),
                                destination,
                                holder,
                                batch,
                                end.transaction(),
                                end.sequence())
                        .update()
                == 1;
    }

    private Progress progress(ResultSet rs, int row) throws SQLException {
        long pendingTransaction = rs.getLong("pending_transaction");
        boolean pending = !rs.wasNull();
        return new Progress(
                new EventPosition(rs.getLong("position_transaction"), rs.getLong("position_sequence")),
                rs.getLong("batch"),
                pending ? new EventPosition(pendingTransaction, rs.getLong("pending_sequence")) : null,
                rs.getString("holder"),
                dialect.instant(rs, "lease_until"));
    }
}
