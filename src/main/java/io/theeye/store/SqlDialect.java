package io.theeye.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * Everything that differs between the embedded SQLite database and PostgreSQL, in one place: how ids and instants
 * are bound and read, the statements whose syntax differs, and how time buckets are cut. Queries are otherwise
 * written once for both.
 *
 * <p>SQLite keeps instants as integer microseconds since the epoch and ids as their canonical text; PostgreSQL keeps
 * {@code timestamptz} (also exact microseconds) and {@code uuid}. Both order ids as their canonical text does, so
 * keyset pages, ranges and buckets agree to the microsecond between the two.
 */
public enum SqlDialect {
    SQLITE("sqlite") {
        @Override
        public Object timestamp(Instant instant) {
            return micros(instant);
        }

        @Override
        public Instant instant(ResultSet rs, int column) throws SQLException {
            long micros = rs.getLong(column);
            return rs.wasNull() ? null : ofMicros(micros);
        }

        @Override
        public Instant instant(ResultSet rs, String column) throws SQLException {
            return instant(rs, rs.findColumn(column));
        }

        @Override
        public Object uuid(UUID id) {
            return id.toString();
        }

        @Override
        public UUID uuid(ResultSet rs, int column) throws SQLException {
            String text = rs.getString(column);
            return text == null ? null : UUID.fromString(text);
        }

        @Override
        public String bucket(TimeUnit unit, String column) {
            // Floor, not truncation: instants before 1970 are negative.
            long size = unit.micros;
            return "(" + column + " - ((" + column + " % " + size + ") + " + size + ") % " + size + ")";
        }

        @Override
        public Instant bucket(ResultSet rs, String column) throws SQLException {
            return instant(rs, column);
        }

        @Override
        String insertEvent() {
            return """
                    insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at,
                        schema_version)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (client_id, id) do nothing
                    """;
        }

        @Override
        String jsonParameter() {
            return "?";
        }

        @Override
        public void limitStatements(Connection connection, Duration timeout) throws SQLException {
            // The driver's query timeout only bounds waiting for locks; a progress handler ends a statement that runs.
            long deadline = System.nanoTime() + timeout.toNanos();
            ProgressHandler.setHandler(
                    connection.unwrap(SQLiteConnection.class), PROGRESS_STEPS, new ProgressHandler() {
                        @Override
                        protected int progress() {
                            return System.nanoTime() - deadline > 0 ? 1 : 0;
                        }
                    });
        }

        @Override
        public void unlimitStatements(Connection connection) throws SQLException {
            ProgressHandler.clearHandler(connection.unwrap(SQLiteConnection.class));
        }
    },

    POSTGRESQL("postgresql") {
        @Override
        public Object timestamp(Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }

        @Override
        public Instant instant(ResultSet rs, int column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }

        @Override
        public Instant instant(ResultSet rs, String column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }

        @Override
        public Object uuid(UUID id) {
            return id;
        }

        @Override
        public UUID uuid(ResultSet rs, int column) throws SQLException {
            return rs.getObject(column, UUID.class);
        }

        @Override
        public String bucket(TimeUnit unit, String column) {
            // date_trunc on a timestamptz cuts in the session's time zone; cut in UTC whatever it is.
            return "date_trunc('" + unit.sqlName + "', " + column + " at time zone 'UTC')";
        }

        @Override
        public Instant bucket(ResultSet rs, String column) throws SQLException {
            // A UTC wall time without zone: read as such, never through java.sql.Timestamp and the JVM's zone.
            return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }

        @Override
        String insertEvent() {
            return """
                    insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at,
                        schema_version)
                    values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
                    on conflict (client_id, id) do nothing
                    """;
        }

        @Override
        String jsonParameter() {
            return "cast(? as jsonb)";
        }

        @Override
        public void limitStatements(Connection connection, Duration timeout) throws SQLException {
            // Ends with the transaction; timed by the server, so no cancel request can outlive the read.
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local statement_timeout = " + Math.max(1, timeout.toMillis()));
            }
        }

        @Override
        public void unlimitStatements(Connection connection) {
            // set local ends with the transaction
        }
    };

    /** SQLite virtual machine steps between two looks at the clock: a few microseconds of work. */
    private static final int PROGRESS_STEPS = 10_000;

    /** The units time buckets are cut in, in UTC. */
    public enum TimeUnit {
        MINUTE("minute", 60_000_000L),
        HOUR("hour", 3_600_000_000L),
        DAY("day", 86_400_000_000L);

        private final String sqlName;
        private final long micros;

        TimeUnit(String sqlName, long micros) {
            this.sqlName = sqlName;
            this.micros = micros;
        }
    }

    private final String vendor;

    SqlDialect(String vendor) {
        this.vendor = vendor;
    }

    /** The value to bind for an instant. */
    public abstract Object timestamp(Instant instant);

    /** Reads an instant; null for SQL NULL. */
    public abstract Instant instant(ResultSet rs, int column) throws SQLException;

    public abstract Instant instant(ResultSet rs, String column) throws SQLException;

    /** The value to bind for an id. */
    public abstract Object uuid(UUID id);

    public abstract UUID uuid(ResultSet rs, int column) throws SQLException;

    /** An SQL expression for the start of the bucket, in UTC, that the instant column falls in. */
    public abstract String bucket(TimeUnit unit, String column);

    /** Reads a column made by {@link #bucket(TimeUnit, String)}. */
    public abstract Instant bucket(ResultSet rs, String column) throws SQLException;

    /**
     * Makes every statement run on this connection, until {@link #unlimitStatements}, fail once the timeout has
     * passed. Call it inside a transaction, which holds the connection for the whole read.
     */
    public abstract void limitStatements(Connection connection, Duration timeout) throws SQLException;

    /** Undoes {@link #limitStatements} before the transaction gives the connection back. */
    public abstract void unlimitStatements(Connection connection) throws SQLException;

    /** Inserts one event unless its client already has an event with its id: retries are idempotent. */
    abstract String insertEvent();

    /** A parameter holding JSON text. */
    abstract String jsonParameter();

    /** Inserts one refusal unless it is already stored: redeliveries are idempotent. */
    String insertRejectedEvent() {
        return "insert into rejected_events (rejection_id, client_id, received_at, raw, errors) values (?, ?, ?, ?, "
                + jsonParameter() + ") on conflict (rejection_id) do nothing";
    }

    /** The folder of this database's migrations under {@code db/migration}. */
    String vendor() {
        return vendor;
    }

    /**
     * How many writers should store concurrently when nothing says otherwise: SQLite lets one process write at a
     * time, PostgreSQL runs each writer in a backend process of its own.
     */
    public int suggestedWriters() {
        return this == POSTGRESQL ? 2 : 1;
    }

    public static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new IllegalArgumentException(
                "the-eye.db.url (THE_EYE_DB_URL) must be a jdbc:sqlite: or jdbc:postgresql: URL, not " + jdbcUrl);
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }

    static Instant ofMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
