package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.IngestBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
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
        return migrated(properties(url, user, password, Duration.ofSeconds(60)));
    }

    /** The application's settings for a database, with a given socket timeout and the defaults otherwise. */
    public static DatabaseProperties properties(String url, String user, String password, Duration socketTimeout) {
        return new DatabaseProperties(
                url, user, password, 4, Duration.ofSeconds(10), Duration.ofSeconds(10), socketTimeout);
    }

    /** The pool everything but the writers gets with these settings, on a database migrated already. */
    public static HikariDataSource pool(DatabaseProperties properties) {
        return DatabaseConfiguration.dataSource(properties, "test");
    }

    /** The pool the writers get with these settings. */
    public static HikariDataSource writerPool(DatabaseProperties properties) {
        return DatabaseConfiguration.writerDataSource(properties, "test-writers");
    }

    public static HikariDataSource migrated(DatabaseProperties properties) {
        HikariDataSource dataSource = DatabaseConfiguration.dataSource(properties, "test");
        migrate(dataSource, "latest");
        return dataSource;
    }

    /** Migrates the database up to a version ({@code "latest"}: every migration), as an older release left it. */
    public static void migrate(HikariDataSource dataSource, String version) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(DatabaseConfiguration.migrations(SqlDialect.forUrl(dataSource.getJdbcUrl())))
                .target(version)
                .load()
                .migrate();
    }

    /** The pool everything but the writers gets, on a database not migrated yet. */
    public static HikariDataSource unmigrated(String url, String user, String password) {
        return pool(properties(url, user, password, Duration.ofSeconds(60)));
    }

    /** The feed of stored events that readers following the store use. */
    public static EventFeed eventFeed(HikariDataSource dataSource) {
        return new JdbcEventFeed(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()));
    }

    /** An event store over any data source, a test's wrapper that fails on purpose say. */
    public static EventStore eventStore(DataSource dataSource, SqlDialect dialect) {
        return new EventStore(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                dialect,
                JsonMapper.builder().build());
    }

    public static EventStore eventStore(HikariDataSource dataSource) {
        return new EventStore(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                SqlDialect.forUrl(dataSource.getJdbcUrl()),
                JsonMapper.builder().build());
    }

    /**
     * An event store that first hands each call's batches to {@code before}, which may block (to hold a writer) or
     * throw (to fail one), then stores them.
     */
    public static EventStore eventStore(HikariDataSource dataSource, Consumer<List<IngestBatch>> before) {
        EventStore real = eventStore(dataSource);
        return new EventStore(null, null, SqlDialect.forUrl(dataSource.getJdbcUrl()), null) {
            @Override
            public void store(List<IngestBatch> batches) {
                before.accept(batches);
                real.store(batches);
            }

            @Override
            public boolean isReachable() {
                return real.isReachable();
            }
        };
    }

    /** The stats the API and the dashboard read, with a generous read timeout. */
    public static EventStats eventStats(HikariDataSource dataSource) {
        SqlDialect dialect = SqlDialect.forUrl(dataSource.getJdbcUrl());
        TransactionTemplate readOnly = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        readOnly.setReadOnly(true);
        return new EventStats(
                JdbcClient.create(dataSource),
                dialect,
                new ReadTimeout(dataSource, readOnly, dialect, Duration.ofSeconds(60)));
    }

    /** The reads the API and the admin make, each ended after {@code timeout}. */
    public static EventReads eventReads(HikariDataSource dataSource, Duration timeout) {
        SqlDialect dialect = SqlDialect.forUrl(dataSource.getJdbcUrl());
        JdbcClient jdbc = JdbcClient.create(dataSource);
        TransactionTemplate readOnly = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        readOnly.setReadOnly(true);
        return new EventReads(
                jdbc,
                jdbc,
                jdbc,
                readOnly,
                dialect,
                new ReadTimeout(dataSource, readOnly, dialect, timeout),
                clientStore(dataSource, Clock.systemUTC()));
    }

    public static ClientStore clientStore(HikariDataSource dataSource, Clock clock) {
        return new ClientStore(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }

    public static AuditLog auditLog(HikariDataSource dataSource, Clock clock) {
        return new AuditLog(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }

    public static SignInAttempts signInAttempts(HikariDataSource dataSource) {
        return new SignInAttempts(
                JdbcClient.create(dataSource),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                SqlDialect.forUrl(dataSource.getJdbcUrl()));
    }

    /** Changes recorded in the audit log, in transactions of their own; nobody listens to them. */
    public static ClientChanges clientChanges(HikariDataSource dataSource, ClientStore clients, AuditLog audit) {
        return new ClientChanges(clients, audit, changeTransactions(dataSource), event -> {});
    }

    public static WriteKeyStore writeKeyStore(HikariDataSource dataSource, Clock clock) {
        return new WriteKeyStore(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }

    /** Write key changes recorded in the audit log, in transactions of their own; nobody listens to them. */
    public static WriteKeyChanges writeKeyChanges(
            HikariDataSource dataSource, WriteKeyStore keys, ClientStore clients, AuditLog audit) {
        return new WriteKeyChanges(keys, clients, audit, changeTransactions(dataSource), event -> {});
    }

    /** The transactions changes run in, as the service makes them. */
    static ChangeTransactions changeTransactions(HikariDataSource dataSource) {
        return new ChangeTransactions(
                new JdbcTransactionManager(dataSource),
                JdbcClient.create(dataSource),
                SqlDialect.forUrl(dataSource.getJdbcUrl()));
    }

    public static ProcessStore processStore(HikariDataSource dataSource) {
        return new ProcessStore(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()));
    }

    /** The maintenance lock as the service makes it, on this clock. */
    public static MaintenanceLock maintenanceLock(HikariDataSource dataSource, Clock clock) {
        return new MaintenanceLock(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }

    public static UserStore userStore(HikariDataSource dataSource, Clock clock) {
        return new UserStore(JdbcClient.create(dataSource), SqlDialect.forUrl(dataSource.getJdbcUrl()), clock);
    }
}
