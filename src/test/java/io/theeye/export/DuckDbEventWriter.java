package io.theeye.export;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The writer the export did not choose, kept for the benchmark (ParquetWriterBench): DuckDB in memory, the events
 * appended to a table, then {@code COPY ... TO} a Parquet file with the same columns.
 */
final class DuckDbEventWriter {

    private final Compression compression;

    DuckDbEventWriter(Compression compression) {
        this.compression = compression;
    }

    void write(List<ExportedEvent> events, Path file) throws IOException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("CREATE TABLE events (id VARCHAR, client_id VARCHAR, session_id VARCHAR,"
                    + " category VARCHAR, name VARCHAR, timestamp TIMESTAMPTZ, received_at TIMESTAMPTZ,"
                    + " data VARCHAR, schema_version INTEGER)");
            try (DuckDBAppender appender = ((DuckDBConnection) connection).createAppender("main", "events")) {
                for (ExportedEvent event : events) {
                    appender.beginRow()
                            .append(event.id().toString())
                            .append(event.clientId().toString())
                            .append(event.sessionId())
                            .append(event.category())
                            .append(event.name())
                            .appendEpochMicros(micros(event.timestamp()))
                            .appendEpochMicros(micros(event.receivedAt()))
                            .append(event.data());
                    if (event.schemaVersion() == null) {
                        appender.appendNull();
                    } else {
                        appender.append(event.schemaVersion().intValue());
                    }
                    appender.endRow();
                }
            }
            statement.execute("COPY (SELECT * REPLACE (data::JSON AS data) FROM events) TO '" + file
                    + "' (FORMAT parquet, COMPRESSION " + compression.name().toLowerCase(Locale.ROOT) + ")");
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static long micros(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
