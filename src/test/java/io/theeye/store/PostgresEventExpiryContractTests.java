package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The contract every expiry keeps, on PostgreSQL; {@link PostgresEventExpiryTests} covers what partitions add. */
class PostgresEventExpiryContractTests extends EventExpiryContract {

    @Override
    protected HikariDataSource newDatabase() {
        return TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
    }

    @Override
    protected EventExpiry expiry(HikariDataSource database) {
        return new PostgresEventExpiry(
                JdbcClient.create(database),
                new TransactionTemplate(new JdbcTransactionManager(database)),
                new Rollups(SqlDialect.POSTGRESQL),
                TestStores.eventStore(database).partitions());
    }
}
