package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;

class SqliteRollupsTests extends RollupsTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    }
}
