package io.theeye.store;

import io.theeye.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
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

        /** One prepared statement run for each event: in-process, a run costs no round trip. */
        @Override
        void insertEvents(JdbcTemplate jdbc, List<Event> events) {
            jdbc.batchUpdate("""
                    insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at,
                        schema_version, original_timestamp)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (client_id, id) do nothing
                    """, events, events.size(), (ps, event) -> {
                ps.setString(1, event.id().toString());
                ps.setString(2, event.clientId().toString());
                ps.setString(3, event.sessionId());
                ps.setString(4, event.category());
                ps.setString(5, event.name());
                ps.setString(6, event.data());
                ps.setLong(7, micros(event.timestamp()));
                ps.setLong(8, micros(event.receivedAt()));
                if (event.schemaVersion() == null) {
                    ps.setNull(9, Types.INTEGER);
                } else {
                    ps.setInt(9, event.schemaVersion());
                }
                if (event.originalTimestamp() == null) {
                    ps.setNull(10, Types.BIGINT);
                } else {
                    ps.setLong(10, micros(event.originalTimestamp()));
                }
            });
        }

        @Override
        String eventsAfterPosition() {
            // seq is the row id: the range is one walk of the table's own b-tree, no index needed.
            return "select 0, seq, " + FEED_COLUMNS + " from events where seq > :sequence order by seq limit :limit";
        }

        @Override
        String endPosition() {
            return "select 0, coalesce(max(seq), 0) from events";
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

        /**
         * One statement for the whole group, each column bound as an array and unnested. Measured against the
         * driver's rewritten multi-row inserts it is neither clearly faster nor slower (docs/benchmarks.md): kept
         * for being one statement whatever the group's size. Instants travel as integer microseconds, exact, and
         * the server turns them into {@code timestamptz}.
         */
        @Override
        void insertEvents(JdbcTemplate jdbc, List<Event> events) {
            int n = events.size();
            UUID[] ids = new UUID[n];
            UUID[] clients = new UUID[n];
            String[] sessions = new String[n];
            String[] categories = new String[n];
            String[] names = new String[n];
            String[] data = new String[n];
            Long[] timestamps = new Long[n];
            Long[] receivedAt = new Long[n];
            Integer[] schemaVersions = new Integer[n];
            Long[] originalTimestamps = new Long[n];
            for (int i = 0; i < n; i++) {
                Event event = events.get(i);
                ids[i] = event.id();
                clients[i] = event.clientId();
                sessions[i] = event.sessionId();
                categories[i] = event.category();
                names[i] = event.name();
                data[i] = event.data();
                timestamps[i] = micros(event.timestamp());
                receivedAt[i] = micros(event.receivedAt());
                schemaVersions[i] = event.schemaVersion();
                originalTimestamps[i] = event.originalTimestamp() == null ? null : micros(event.originalTimestamp());
            }
            jdbc.execute(INSERT_UNNESTED, (PreparedStatement ps) -> {
                Connection connection = ps.getConnection();
                ps.setArray(1, connection.createArrayOf("uuid", ids));
                ps.setArray(2, connection.createArrayOf("uuid", clients));
                ps.setArray(3, connection.createArrayOf("text", sessions));
                ps.setArray(4, connection.createArrayOf("text", categories));
                ps.setArray(5, connection.createArrayOf("text", names));
                ps.setArray(6, connection.createArrayOf("text", data));
                ps.setArray(7, connection.createArrayOf("bigint", timestamps));
                ps.setArray(8, connection.createArrayOf("bigint", receivedAt));
                ps.setArray(9, connection.createArrayOf("integer", schemaVersions));
                ps.setArray(10, connection.createArrayOf("bigint", originalTimestamps));
                return ps.executeUpdate();
            });
        }

        /**
         * Transactions below the snapshot's xmin have all ended: nothing can be committed among them any more. The
         * xmin is computed once (an init plan), so the index scan stops there. xid8 travels as text: JDBC has no
         * unsigned 64-bit type, and the value fits a long for a few billion years of transactions.
         */
        @Override
        String eventsAfterPosition() {
            // Ordered by the table's columns: a bare "xid" in order by would name the output column, the text.
            return "select cast(xid as text) as position_transaction, seq, " + FEED_COLUMNS + " from events"
                    + " where (xid, seq) > (cast(cast(:transaction as text) as xid8), :sequence)"
                    + " and xid < (select pg_snapshot_xmin(pg_current_snapshot()))"
                    + " order by events.xid, events.seq limit :limit";
        }

        /** Every transaction that is still running, or not begun, is at or after the snapshot's xmin. */
        @Override
        String endPosition() {
            return "select cast(pg_snapshot_xmin(pg_current_snapshot()) as text), 0";
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
    /** Stores the events, skipping any whose id its client has already stored (a retried request). */
    abstract void insertEvents(JdbcTemplate jdbc, List<Event> events);

    private static final String INSERT_UNNESTED = """
            insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at,
                schema_version, original_timestamp)
            select id, client_id, session_id, category, name, cast(data as jsonb),
                   timestamptz 'epoch' + "timestamp" * interval '1 microsecond',
                   timestamptz 'epoch' + received_at * interval '1 microsecond',
                   schema_version,
                   timestamptz 'epoch' + original_timestamp * interval '1 microsecond'
            from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as text[]),
                        cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as bigint[]),
                        cast(? as integer[]), cast(? as bigint[]))
                 as e(id, client_id, session_id, category, name, data, "timestamp", received_at, schema_version,
                      original_timestamp)
            on conflict (client_id, id) do nothing
            """;

    /** A parameter holding JSON text. */
    abstract String jsonParameter();

    /**
     * The query of {@link EventFeed#after}: the transaction and sequence of each event's position, then
     * {@link #FEED_COLUMNS}, for the events a reader can take after {@code :transaction}/{@code :sequence}, in position
     * order, at most {@code :limit}.
     */
    abstract String eventsAfterPosition();

    /** The query of {@link EventFeed#end}: one row, a transaction and a sequence. */
    abstract String endPosition();

    /** The columns an event is read back from, in {@link Event}'s order. */
    static final String FEED_COLUMNS = "id, client_id, session_id, category, name, data, \"timestamp\", received_at,"
            + " schema_version, original_timestamp";

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
