package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;

class PostgresEventStoreTests extends EventStoreTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
    }
}
