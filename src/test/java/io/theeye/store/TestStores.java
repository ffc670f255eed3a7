package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Real stores over a migrated database, for tests that need storage without the whole application. */
public final class TestStores {

    private TestStores() {}

    /** A pooled connection to the database at the URL, migrated like the application does on start. */
    public static HikariDataSource migrated(String url, String user, String password) {
        DatabaseProperties properties = new DatabaseProperties(url, user, password, 4, Duration.ofSeconds(10));
        HikariDataSource dataSource = DatabaseConfiguration.dataSource(properties, "test");
        Flyway.configure()
                .dataSource(dataSource)
                .locations(DatabaseConfiguration.migrations(properties.dialect()))
                .load()
                .migrate();
        return dataSource;
    }

    public static EventStore eventStore(HikariDataSource dataSource) {
        return new EventStore(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                SqlDialect.forUrl(dataSource.getJdbcUrl()),
                JsonMapper.builder().build());
    }

    public static ClientStore clientStore(HikariDataSource dataSource, Clock clock) {
        return new ClientStore(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }

    public static AuditLog auditLog(HikariDataSource dataSource, Clock clock) {
        return new AuditLog(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }

    /** Changes recorded in the audit log, in transactions of their own; nobody listens to them. */
    public static ClientChanges clientChanges(HikariDataSource dataSource, ClientStore clients, AuditLog audit) {
        return new ClientChanges(
                clients, audit, new TransactionTemplate(new JdbcTransactionManager(dataSource)), event -> {});
    }
}
