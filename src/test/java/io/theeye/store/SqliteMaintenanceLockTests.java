package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;

class SqliteMaintenanceLockTests extends MaintenanceLockTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    }
}
