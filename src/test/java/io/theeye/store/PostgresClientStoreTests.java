package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;

class PostgresClientStoreTests extends ClientStoreTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
    }
}
