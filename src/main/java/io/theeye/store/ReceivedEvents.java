package io.theeye.store;

import io.theeye.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stored events received in a range of time, in the order of the export's partitions: by client, then by
 * {@code received_at}, so that the events of one client and hour come one after the other. For a one-off export of a
 * range (the backfill). No index leads with {@code received_at}: a read is one scan of the table and a sort of what
 * matches, which the database spills to disk rather than hold in memory. Not bounded by the query timeout: a backfill
 * takes as long as its range does.
 */
public final class ReceivedEvents {

    private final JdbcClient streaming;
    private final TransactionTemplate readOnly;
    private final SqlDialect dialect;

    /** @param streaming fetches rows a batch at a time ({@link EventReads#EXPORT_FETCH_SIZE}) */
    ReceivedEvents(JdbcClient streaming, TransactionTemplate readOnly, SqlDialect dialect) {
        this.streaming = streaming;
        this.readOnly = readOnly;
        this.dialect = dialect;
    }

    /**
     * How many events of the client (every client's when null) were received from {@code from} (inclusive, null: the
     * first) to {@code to} (exclusive, null: the last).
     */
    public long count(UUID clientId, Instant from, Instant to) {
        Map<String, Object> params = new LinkedHashMap<>();
        return streaming
                .sql("select count(*) from events where " + where(clientId, from, to, params))
                .params(params)
                .query(Long.class)
                .single();
    }

    /**
     * What {@code reader} makes of those events, by client, {@code received_at} and id, in one read-only transaction
     * (one snapshot): the stream fetches rows as it is read, so memory stays flat however many match. The stream is
     * closed after.
     */
    public <T> T read(UUID clientId, Instant from, Instant to, Function<Stream<Event>, T> reader) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "select " + SqlDialect.EVENT_COLUMNS + " from events where " + where(clientId, from, to, params)
                + " order by client_id, received_at, id";
        return readOnly.execute(status -> {
            try (Stream<Event> events =
                    streaming.sql(sql).params(params).query((rs, row) -> dialect.event(rs, 1)).stream()) {
                return reader.apply(events);
            }
        });
    }

    private String where(UUID clientId, Instant from, Instant to, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("1 = 1");
        if (clientId != null) {
            sql.append(" and client_id = :client");
            params.put("client", dialect.uuid(clientId));
        }
        if (from != null) {
            sql.append(" and received_at >= :from");
            params.put("from", dialect.timestamp(from));
        }
        if (to != null) {
            sql.append(" and received_at < :to");
            params.put("to", dialect.timestamp(to));
        }
        return sql.toString();
    }
}
