package io.theeye.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts of stored events per client, category, name and time bucket, kept exact: changed in the same transaction as
 * the rows they count. Every statement that removes events tells this class, on the connection of its own transaction.
 */
public final class Rollups {

    private final SqlDialect dialect;

    Rollups(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Takes events removed one by one (a deletion) out of the counts, inside the caller's transaction. */
    public void subtract(JdbcClient transaction, List<RemovedEvent> removed) {
        // Filled in by the rollups change.
    }

    /**
     * Takes every event with a timestamp in [from, to) out of the counts, of one client or of all ({@code clientId}
     * null), inside the caller's transaction: for expiry, which removes whole ranges. Both ends are whole minutes.
     */
    public void removeRange(JdbcClient transaction, UUID clientId, Instant from, Instant to) {
        // Filled in by the rollups change.
    }

    SqlDialect dialect() {
        return dialect;
    }
}
