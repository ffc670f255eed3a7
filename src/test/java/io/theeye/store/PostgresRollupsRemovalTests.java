package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class PostgresRollupsRemovalTests extends RollupsRemovalTestCases {

    private EventStore store;

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
    }

    @Override
    EventExpiry expiry(HikariDataSource database) {
        store = TestStores.eventStore(database);
        return new PostgresEventExpiry(
                JdbcClient.create(database),
                new TransactionTemplate(new JdbcTransactionManager(database)),
                new Rollups(SqlDialect.POSTGRESQL),
                store.partitions());
    }

    /** Day 0 has expired for every client: its partition went whole; day 1 was deleted in part, so it stays. */
    @Override
    void afterExpiry(HikariDataSource database) {
        LocalDate day0 = EventPartitions.day(DAY_0);
        assertThat(store.partitions().existing()).doesNotContainKey(day0).containsKey(day0.plusDays(1));
    }
}
