package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

class SqliteRollupsRemovalTests extends RollupsRemovalTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    }

    /** Without the pause between transactions, which only lets other writers in. */
    @Override
    EventExpiry expiry(HikariDataSource database) {
        return new SqliteEventExpiry(
                JdbcClient.create(database),
                SqlDialect.SQLITE,
                new Rollups(SqlDialect.SQLITE),
                TestStores.changeTransactions(database),
                Duration.ZERO);
    }
}
