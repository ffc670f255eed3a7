package io.theeye.store;

import io.theeye.event.EpochMicros;
import io.theeye.event.Event;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * Everything that differs between the embedded SQLite database and PostgreSQL, in one place: how ids and instants
 * are bound and read, the statements whose syntax differs (but the event inserts, which have {@link EventInserts} to
 * themselves), and how time buckets are cut. Queries are otherwise written once for both.
 *
 * <p>SQLite keeps instants as integer microseconds since the epoch and ids as 16-byte blobs, big-endian (the most
 * significant half first); PostgreSQL keeps {@code timestamptz} (also exact microseconds) and {@code uuid}. Both order
 * ids as their canonical text does (a blob compares byte by byte), so keyset pages, ranges and buckets agree to the
 * microsecond between the two.
 */
public enum SqlDialect {
    SQLITE("sqlite") {
        @Override
        public Object timestamp(Instant instant) {
            return EpochMicros.of(instant);
        }

        @Override
        public Instant instant(ResultSet rs, int column) throws SQLException {
            long micros = rs.getLong(column);
            return rs.wasNull() ? null : EpochMicros.toInstant(micros);
        }

        @Override
        public Instant instant(ResultSet rs, String column) throws SQLException {
            return instant(rs, rs.findColumn(column));
        }

        @Override
        public Object uuid(UUID id) {
            return Uuids.bytes(id);
        }

        @Override
        public UUID uuid(ResultSet rs, int column) throws SQLException {
            byte[] bytes = rs.getBytes(column);
            if (bytes != null && bytes.length != 16) {
                throw new SQLException("an id is 16 bytes, not " + bytes.length);
            }
            return bytes == null ? null : Uuids.of(bytes);
        }

        @Override
        public String bucket(Interval unit, String column) {
            // Floor, not truncation: instants before 1970 are negative.
            long size = unit.micros();
            return "(" + column + " - ((" + column + " % " + size + ") + " + size + ") % " + size + ")";
        }

        @Override
        public Instant bucket(ResultSet rs, String column) throws SQLException {
            return instant(rs, column);
        }

        @Override
        String rollupBucket(Interval unit, String column) {
            return bucket(unit, column);
        }

        @Override
        String eventsAfterPosition() {
            // seq is the row id: the range is one walk of the table's own b-tree, no index needed.
            return "select 0, seq, " + EVENT_COLUMNS + " from events where seq > :sequence order by seq limit :limit";
        }

        @Override
        String endPosition() {
            return "select 0, coalesce(max(seq), 0) from events";
        }

        @Override
        String countAfterPosition() {
            return "select count(*) from (select 1 from events where seq > :sequence limit :limit)";
        }

        @Override
        String jsonParameter() {
            return "?";
        }

        @Override
        public void limitStatements(Connection connection, Duration timeout, boolean planOnce) throws SQLException {
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
        void takeWriteLock(JdbcClient jdbc) {
            // A write that changes no row still takes the lock, and waits for it as busy_timeout says.
            jdbc.sql("update audit_log set id = id where 0 = 1").update();
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
        public String bucket(Interval unit, String column) {
            // date_trunc on a timestamptz cuts in the session's time zone; cut in UTC whatever it is.
            return "date_trunc('" + unit.text() + "', " + column + " at time zone 'UTC')";
        }

        @Override
        public Instant bucket(ResultSet rs, String column) throws SQLException {
            // A UTC wall time without zone: read as such, never through java.sql.Timestamp and the JVM's zone.
            return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }

        @Override
        String rollupBucket(Interval unit, String column) {
            return "date_trunc('" + unit.text() + "', " + column + ", 'UTC')";
        }

        /**
         * Transactions below the snapshot's xmin have all ended: nothing can be committed among them any more. The
         * xmin is computed once (an init plan), so the index scan stops there. xid8 travels as text: JDBC has no
         * unsigned 64-bit type, and the value fits a long for a few billion years of transactions.
         */
        @Override
        String eventsAfterPosition() {
            // Ordered by the table's columns: a bare "xid" in order by would name the output column, the text.
            return "select cast(xid as text) as position_transaction, seq, " + EVENT_COLUMNS + " from events"
                    + " where " + TAKEABLE_AFTER_POSITION + " order by events.xid, events.seq limit :limit";
        }

        @Override
        String countAfterPosition() {
            return "select count(*) from (select 1 from events where " + TAKEABLE_AFTER_POSITION
                    + " limit :limit) as waiting";
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
        public void limitStatements(Connection connection, Duration timeout, boolean planOnce) throws SQLException {
            // Ends with the transaction; timed by the server, so no cancel request can outlive the read. Both settings
            // go in one round trip.
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local statement_timeout = " + Math.max(1, timeout.toMillis())
                        + (planOnce ? "; set local plan_cache_mode = force_generic_plan" : ""));
            }
        }

        @Override
        void takeWriteLock(JdbcClient jdbc) {
            // Row locks and unique keys order concurrent changes; a transaction may read, then write.
        }

        @Override
        public void unlimitStatements(Connection connection) {
            // set local ends with the transaction
        }
    };

    /** SQLite virtual machine steps between two looks at the clock: a few microseconds of work. */
    private static final int PROGRESS_STEPS = 10_000;

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
    public abstract String bucket(Interval unit, String column);

    /**
     * An SQL expression for the start of the bucket, in UTC, that the instant column falls in, of the type instants
     * are stored as (so read with {@link #instant}): how the rollup tables keep their buckets ({@link Rollups}).
     */
    abstract String rollupBucket(Interval unit, String column);

    /** Reads a column made by {@link #bucket(Interval, String)}. */
    public abstract Instant bucket(ResultSet rs, String column) throws SQLException;

    /**
     * Makes every statement run on this connection, until {@link #unlimitStatements}, fail once the timeout has
     * passed. Call it inside a transaction, which holds the connection for the whole read.
     *
     * @param planOnce the read's statements have no time range, so no plan made for their values could leave out a
     *     partition of events: on PostgreSQL each is then planned once per connection (a prepared statement's generic
     *     plan, after the driver's first few executions) rather than for every execution, which on a year of day
     *     partitions costs tens of milliseconds each time
     */
    public abstract void limitStatements(Connection connection, Duration timeout, boolean planOnce) throws SQLException;

    /** Undoes {@link #limitStatements} before the transaction gives the connection back. */
    public abstract void unlimitStatements(Connection connection) throws SQLException;

    /**
     * Takes the database's write lock, if it has one, for the rest of the transaction ({@link ChangeTransactions}).
     */
    abstract void takeWriteLock(JdbcClient jdbc);

    /**
     * Stores the events, skipping any whose id its client has already stored (a retried request), and counts those
     * it stored in the {@link Rollups}, in the caller's transaction.
     */
    void insertEvents(JdbcTemplate jdbc, List<Event> events) {
        switch (this) {
            case SQLITE -> new Rollups(this).add(jdbc, EventInserts.eachInTurn(jdbc, events));
            case POSTGRESQL -> EventInserts.unnested(jdbc, events);
        }
    }

    /** A parameter holding JSON text. */
    abstract String jsonParameter();

    /**
     * A condition that {@code data} holds the condition's value at its path; its parameters go into {@code params}.
     * SQLite compares the SQL value it extracts, with the JSON type checked apart (else the string "1" would equal the
     * number 1, and 1 true); PostgreSQL compares jsonb values, numbers by their value.
     */
    String dataEquals(DataCondition condition, java.util.Map<String, Object> params) {
        return switch (this) {
            case SQLITE -> {
                params.put("data_path", condition.sqlitePath());
                JsonNodeValue value = JsonNodeValue.of(condition);
                params.put("data_value", value.bound());
                yield "json_type(data, :data_path) in (" + value.types() + ")"
                        + (value.bound() == null ? "" : " and json_extract(data, :data_path) = :data_value");
            }
            case POSTGRESQL -> {
                params.put("data_path", condition.postgresPath());
                params.put("data_value", condition.valueText());
                yield "data #> cast(:data_path as text[]) = cast(:data_value as jsonb)";
            }
        };
    }

    /** How SQLite binds a condition's value, and the JSON types ({@code json_type}) it may have. */
    private record JsonNodeValue(Object bound, String types) {

        static JsonNodeValue of(DataCondition condition) {
            var value = condition.value();
            if (value.isBoolean()) {
                return new JsonNodeValue(null, value.booleanValue() ? "'true'" : "'false'");
            }
            if (value.isNumber()) {
                var number = value.decimalValue();
                Object bound;
                try {
                    bound = number.longValueExact();
                } catch (ArithmeticException e) {
                    bound = number.doubleValue();
                }
                return new JsonNodeValue(bound, "'integer', 'real'");
            }
            return new JsonNodeValue(value.stringValue(), "'text'");
        }
    }

    /**
     * How many rows a deletion removes per transaction: on SQLite each holds the one write lock, which ingest waits
     * for, so a few milliseconds' worth; PostgreSQL locks only the rows.
     */
    int deletionBatchRows() {
        return this == SQLITE ? 500 : 5000;
    }

    /**
     * The query of {@link EventFeed#after}: the transaction and sequence of each event's position, then
     * {@link #EVENT_COLUMNS}, for the events a reader can take after {@code :transaction}/{@code :sequence}, in position
     * order, at most {@code :limit}.
     */
    abstract String eventsAfterPosition();

    /** The query of {@link EventFeed#end}: one row, a transaction and a sequence. */
    abstract String endPosition();

    /**
     * The query of {@link EventFeed#countAfter}: how many events a reader can take after
     * {@code :transaction}/{@code :sequence}, counting no further than {@code :limit}.
     */
    abstract String countAfterPosition();

    /**
     * On PostgreSQL, the events after {@code :transaction}/{@code :sequence} whose transactions have all ended
     * (below the snapshot's xmin, computed once as an init plan, so that an index scan stops there).
     */
    private static final String TAKEABLE_AFTER_POSITION =
            "(xid, seq) > (cast(cast(:transaction as text) as xid8), :sequence)"
                    + " and xid < (select pg_snapshot_xmin(pg_current_snapshot()))";

    /** The columns an event is read back from, in {@link Event}'s order: see {@link #event(ResultSet, int)}. */
    static final String EVENT_COLUMNS = "id, client_id, session_id, category, name, data, \"timestamp\", received_at,"
            + " schema_version, original_timestamp";

    /**
     * Reads the {@link #EVENT_COLUMNS} by position from {@code first} on: looking a name up per row and column cost a
     * tenth of an export's time.
     */
    Event event(ResultSet rs, int first) throws SQLException {
        int schemaVersion = rs.getInt(first + 8);
        Integer version = rs.wasNull() ? null : schemaVersion;
        return new Event(
                uuid(rs, first),
                uuid(rs, first + 1),
                rs.getString(first + 2),
                rs.getString(first + 3),
                rs.getString(first + 4),
                rs.getString(first + 5),
                instant(rs, first + 6),
                instant(rs, first + 7),
                version,
                instant(rs, first + 9));
    }

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
}
