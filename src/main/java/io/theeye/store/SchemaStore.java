package io.theeye.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every version of every event type's payload schema. Rows are only ever added: a change adds a version, a deletion
 * adds a version without schema, so that each earlier version stays readable and events can name the version they
 * passed.
 */
public class SchemaStore {

    private static final String COLUMNS = "category, name, version, schema, created_at, created_by";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;

    SchemaStore(JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * What tells one state of the table from another: rows are only added, so any committed change changes the count
     * (and a change committed out of id order still changes it). One index read: cheap enough to ask every second.
     */
    public Marker marker() {
        return jdbc.sql("select count(*), coalesce(max(id), 0) from event_schemas")
                .query((rs, row) -> new Marker(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** The latest version of each event type that has a schema now (types whose latest version deleted it are left out). */
    public List<Version> current() {
        return jdbc.sql("select " + COLUMNS + " from event_schemas s where schema is not null and version = (select"
                        + " max(version) from event_schemas l where l.category = s.category and l.name = s.name)"
                        + " order by category, name")
                .query(this::version)
                .list();
    }

    /** The type's schema now: its latest version, unless that deleted it. */
    public Optional<Version> current(String category, String name) {
        return latest(category, name).filter(version -> version.schema() != null);
    }

    /** One version of the type, deletions included. */
    public Optional<Version> find(String category, String name, int version) {
        return jdbc.sql("select " + COLUMNS + " from event_schemas where category = ? and name = ? and version = ?")
                .params(category, name, version)
                .query(this::version)
                .optional();
    }

    /** Every version of the type, newest first, deletions included. */
    public List<Version> history(String category, String name) {
        return jdbc.sql("select " + COLUMNS + " from event_schemas where category = ? and name = ? order by version"
                        + " desc")
                .params(category, name)
                .query(this::version)
                .list();
    }

    private Optional<Version> latest(String category, String name) {
        return jdbc.sql("select " + COLUMNS + " from event_schemas where category = ? and name = ? order by version"
                        + " desc limit 1")
                .params(category, name)
                .query(this::version)
                .optional();
    }

    /**
     * Adds the type's next version. Two changes of one type at once: the second to commit breaks the unique (category,
     * name, version) and fails rather than overwriting the first; call it in a transaction.
     *
     * @param schema the schema's JSON text, or null to delete the type's schema
     */
    Version add(String category, String name, String schema, String actor) {
        int next = latest(category, name).map(v -> v.version() + 1).orElse(1);
        Version version = new Version(category, name, next, schema, clock.instant(), actor);
        jdbc.sql("insert into event_schemas (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?)")
                .params(category, name, next, schema, dialect.timestamp(version.createdAt()), actor)
                .update();
        return version;
    }

    private Version version(ResultSet rs, int row) throws SQLException {
        return new Version(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                dialect.instant(rs, 5),
                rs.getString(6));
    }

    /** The table's state as {@link #marker()} reads it. */
    public record Marker(long rows, long lastId) {}

    /**
     * One version of a type's schema.
     *
     * @param schema the JSON Schema as it was sent, or null for a version that deleted the type's schema
     * @param createdBy who made it: an admin's user name, {@code cli:} and the operating system's user, or {@code
     *     client:} and an admin client's id
     */
    public record Version(
            String category, String name, int version, String schema, Instant createdAt, String createdBy) {

        public boolean deleted() {
            return schema == null;
        }
    }
}
