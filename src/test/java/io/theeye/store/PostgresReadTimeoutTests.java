package io.theeye.store;

import io.theeye.support.TestDatabases;
import java.time.Duration;

class PostgresReadTimeoutTests extends ReadTimeoutTestCases {

    @Override
    DatabaseProperties database() {
        return TestStores.properties(
                TestDatabases.newPostgresSchemaUrl(),
                TestDatabases.POSTGRES_USER,
                TestDatabases.POSTGRES_PASSWORD,
                Duration.ofSeconds(60));
    }

    @Override
    String endlessQuery() {
        return "select cast(pg_sleep(60) as text)";
    }

    @Override
    String longQuery() {
        return "select cast(pg_sleep(0.6) as text)";
    }
}
