package io.theeye.store;

/**
 * The few statements that differ between the embedded H2 database and PostgreSQL; the schema is the same.
 */
enum SqlDialect {
    H2("""
            merge into events t
            using (values (cast(? as uuid), cast(? as uuid), cast(? as varchar), cast(? as varchar),
                           cast(? as varchar), ? format json, cast(? as timestamp(6) with time zone),
                           cast(? as timestamp(6) with time zone)))
                as s(id, client_id, session_id, category, name, data, ts, received_at)
            on t.client_id = s.client_id and t.id = s.id
            when not matched then insert (id, client_id, session_id, category, name, data, "timestamp", received_at)
                values (s.id, s.client_id, s.session_id, s.category, s.name, s.data, s.ts, s.received_at)
            """, "? format json"),

    POSTGRESQL("""
            insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
            values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
            on conflict (client_id, id) do nothing
            """, "cast(? as jsonb)");

    private final String insertEvent;
    private final String jsonParameter;

    SqlDialect(String insertEvent, String jsonParameter) {
        this.insertEvent = insertEvent;
        this.jsonParameter = jsonParameter;
    }

    /** Inserts one event unless its client already has an event with its id: retries are idempotent. */
    String insertEvent() {
        return insertEvent;
    }

    String insertRejectedEvent() {
        return "insert into rejected_events (client_id, received_at, raw, errors) values (?, ?, ?, " + jsonParameter
                + ")";
    }

    static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException(
                "the-eye.db.url (THE_EYE_DB_URL) must be a jdbc:h2: or jdbc:postgresql: URL, not " + jdbcUrl);
    }
}
