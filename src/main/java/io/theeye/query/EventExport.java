package io.theeye.query;

import io.theeye.event.EventTimestamps;
import io.theeye.store.SqlDialect;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams every event a filter matches, in (timestamp, id) order, as NDJSON or CSV. Rows are fetched from the
 * database a batch at a time and written as they come, so memory stays flat however many events match.
 */
final class EventExport {

    /** Rows fetched per round trip; PostgreSQL streams with a cursor only inside a transaction. */
    static final int FETCH_SIZE = 2000;

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private static final String CSV_HEADER =
            "id,session_id,category,name,timestamp,received_at,data,original_timestamp\r\n";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;
    private final Semaphore running;
    private final int maxPerClient;
    private final Map<UUID, Integer> runningPerClient = new ConcurrentHashMap<>();
    private final SqlDialect dialect;

    EventExport(
            NamedParameterJdbcTemplate jdbc,
            TransactionTemplate readOnly,
            JsonMapper json,
            SqlDialect dialect,
            int maxConcurrent,
            int maxPerClient) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.readOnly = readOnly;
        this.json = json;
        this.running = new Semaphore(maxConcurrent);
        this.maxPerClient = maxPerClient;
    }

    /**
     * Runs an export if fewer than the maximum are running, overall and for this client, and says whether it ran. A
     * slow reader keeps its connection for the whole export; the overall bound keeps connections for ingest and
     * queries, the bound per client keeps one client's slow downloads from taking every export there is.
     */
    boolean ifRoom(UUID client, Runnable export) {
        if (!takeClientSlot(client)) {
            return false;
        }
        try {
            if (!running.tryAcquire()) {
                return false;
            }
            try {
                export.run();
                return true;
            } finally {
                running.release();
            }
        } finally {
            runningPerClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
        }
    }

    private boolean takeClientSlot(UUID client) {
        boolean[] taken = {false};
        runningPerClient.compute(client, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerClient) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void ndjson(EventFilter filter, boolean descending, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            query(filter, descending, rs -> {
                generator.writeStartObject();
                generator.writeStringProperty("id", rs.getString(1));
                generator.writeStringProperty("session_id", rs.getString(2));
                generator.writeStringProperty("category", rs.getString(3));
                generator.writeStringProperty("name", rs.getString(4));
                generator.writeName("data");
                generator.writeRawValue(rs.getString(5));
                generator.writeStringProperty("timestamp", EventTimestamps.format(dialect.instant(rs, 6)));
                generator.writeStringProperty("received_at", EventTimestamps.format(dialect.instant(rs, 7)));
                Instant original = dialect.instant(rs, 8);
                generator.writeStringProperty(
                        "original_timestamp", original == null ? null : EventTimestamps.format(original));
                generator.writeEndObject();
                generator.writeRaw('\n');
            });
        }
    }

    void csv(EventFilter filter, boolean descending, Writer out) {
        write(out, CSV_HEADER);
        StringBuilder line = new StringBuilder(256);
        query(filter, descending, rs -> {
            line.setLength(0);
            line.append(rs.getString(1)).append(',');
            csvField(line, rs.getString(2)).append(',');
            csvField(line, rs.getString(3)).append(',');
            csvField(line, rs.getString(4)).append(',');
            line.append(EventTimestamps.format(dialect.instant(rs, 6))).append(',');
            line.append(EventTimestamps.format(dialect.instant(rs, 7))).append(',');
            csvField(line, rs.getString(5)).append(',');
            // Last, so that readers of the columns before it by position read them as before; empty when not corrected.
            Instant original = dialect.instant(rs, 8);
            if (original != null) {
                line.append(EventTimestamps.format(original));
            }
            line.append("\r\n");
            write(out, line);
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Writer writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** Columns are read by position: looking a name up per row and column was a tenth of an export's time. */
    private void query(EventFilter filter, boolean descending, RowCallbackHandler handler) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder(
                "select id, session_id, category, name, data, \"timestamp\", received_at, original_timestamp from events"
                        + " where ");
        EventQueries.where(filter, sql, params, dialect);
        sql.append(descending ? " order by \"timestamp\" desc, id desc" : " order by \"timestamp\", id");
        readOnly.executeWithoutResult(status -> jdbc.query(sql.toString(), params, handler));
    }

    /**
     * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field a spreadsheet would
     * read as a formula (starting with {@code = + - @}, tab or carriage return) gets a leading {@code '} first, so
     * that opening an export cannot run what a client put in its events (CSV injection).
     */
    static StringBuilder csvField(StringBuilder line, String value) {
        if (!value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        boolean quote = value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            return line.append(value);
        }
        return line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static void write(Writer out, CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
