package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;

class H2EventStoreTests extends EventStoreTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(TestDatabases.newH2Url(), "", "");
    }
}
