package io.theeye.store;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Expiry on PostgreSQL. */
final class PostgresEventExpiry implements EventExpiry {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Rollups rollups;

    PostgresEventExpiry(JdbcClient jdbc, SqlDialect dialect, Rollups rollups) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.rollups = rollups;
    }

    @Override
    public Removed expire(Plan plan) {
        throw new UnsupportedOperationException("not built yet");
    }
}
