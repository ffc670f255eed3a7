package io.theeye.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    SqlDialect sqlDialect(DatabaseProperties properties) {
        return properties.dialect();
    }

    /** Connections for reads and everything else but the writers. */
    @Bean
    HikariDataSource dataSource(DatabaseProperties properties) {
        return dataSource(properties, "the-eye");
    }

    /**
     * The writers' own connections, which reads can never take: a flood of queries or slow exports leaves ingest its
     * connections. Not a candidate for injection by type, so that everything else gets {@link #dataSource}.
     */
    @Bean(defaultCandidate = false)
    HikariDataSource writerDataSource(DatabaseProperties properties) {
        return writerDataSource(properties, "the-eye-writers");
    }

    static HikariDataSource dataSource(DatabaseProperties properties, String poolName) {
        HikariConfig config = config(properties, poolName);
        config.setMaximumPoolSize(properties.poolSize());
        // Connections are opened as reads need them, not all at start: several processes (API, workers, commands)
        // share one PostgreSQL's connection limit.
        config.setMinimumIdle(Math.min(2, properties.poolSize()));
        return new HikariDataSource(config);
    }

    /** As many connections as writers borrow at once, one each, opened as they are first needed. */
    static HikariDataSource writerDataSource(DatabaseProperties properties, String poolName) {
        HikariConfig config = config(properties, poolName);
        config.setMaximumPoolSize(EventStore.MAX_WRITERS);
        config.setMinimumIdle(1);
        if (properties.dialect() == SqlDialect.SQLITE) {
            // A group commit inserts into four B-trees whose leaves it reaches at random (sessions, categories and
            // times come in any order), plus the rollups: a page cache of 64 MiB rather than 2 keeps the inner pages
            // and many leaves between groups. A checkpoint every 10,000 pages of WAL (80 MiB) rather than 1,000
            // copies a page dirtied by several groups once, not after each: a group of 3,000 events wrote more than
            // 1,000 pages, so every commit checkpointed. docs/benchmarks.md has the figures.
            config.addDataSourceProperty("cache_size", Integer.toString(-WRITER_CACHE_KIB));
            config.setConnectionInitSql("pragma wal_autocheckpoint = " + WRITER_CHECKPOINT_PAGES);
        }
        return new HikariDataSource(config);
    }

    /** SQLite: a writer connection's page cache, in KiB (pragma cache_size). */
    static final int WRITER_CACHE_KIB = 64 * 1024;

    /** SQLite: the WAL pages after which a writer's commit copies the WAL into the database (a checkpoint). */
    static final int WRITER_CHECKPOINT_PAGES = 10_000;

    private static HikariConfig config(DatabaseProperties properties, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.user());
        config.setPassword(properties.password());
        switch (properties.dialect()) {
            case POSTGRESQL -> {
                // Lets the driver send a JDBC batch as multi-row inserts: one round trip per batch, not per event.
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
                // The service's queries are short and indexed; JIT compiling them cost up to 460 ms a query in tests.
                // A plan made once for any parameters (a prepared statement's "generic" plan) reads and locks every
                // partition of events, pruning only as it runs: each statement is planned for its own values, which
                // reads and locks only the partitions of its time range (GET /events/{id}: one). Random reads cost
                // about what sequential ones do on the SSDs a server has, not four times (PostgreSQL's default, made
                // for spinning disks): at 4 the planner read a month's stats rollups through a bitmap, a hash and a
                // sort (35 to 50 ms) rather than in index order with nothing to sort (10 ms).
                config.setConnectionInitSql(
                        "set jit = off; set plan_cache_mode = force_custom_plan; set random_page_cost = 1.1");
                // Without these a connection whose peer vanished (a half-open TCP connection) waits for ever.
                String connectSeconds = Long.toString(seconds(properties.connectTimeout()));
                config.addDataSourceProperty("connectTimeout", connectSeconds);
                config.addDataSourceProperty("loginTimeout", connectSeconds);
                config.addDataSourceProperty("socketTimeout", Long.toString(seconds(properties.socketTimeout())));
                config.addDataSourceProperty("tcpKeepAlive", "true");
            }
            case SQLITE -> {
                SqliteFile.prepare(properties.url());
                // WAL: readers never block the writer. synchronous=FULL: a commit is on disk (one fsync of the WAL)
                // before it returns, so a 202 survives a killed process and a power cut.
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", "FULL");
                // Another process (the CLI) may hold the write lock for a moment: wait for it rather than fail.
                config.addDataSourceProperty(
                        "busy_timeout", Long.toString(properties.busyTimeout().toMillis()));
            }
        }
        return config;
    }

    /** The driver counts whole seconds: a part of one counts as one, so that a short timeout is not none. */
    private static long seconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    /** Each database's migrations, whatever {@code spring.flyway.locations} says. */
    @Bean
    FlywayConfigurationCustomizer migrationsOfTheDialect(SqlDialect dialect) {
        return configuration -> configuration.locations(migrations(dialect));
    }

    static String migrations(SqlDialect dialect) {
        return "classpath:db/migration/" + dialect.vendor();
    }

    @Bean
    EventStore eventStore(
            @Qualifier("writerDataSource") HikariDataSource writers, SqlDialect dialect, JsonMapper jsonMapper) {
        return new EventStore(
                new JdbcTemplate(writers),
                new TransactionTemplate(new JdbcTransactionManager(writers)),
                dialect,
                jsonMapper);
    }

    /** On the main pool: followed only while someone reads (the live tail's viewers, an export). */
    @Bean
    EventFeed eventFeed(JdbcClient jdbcClient, SqlDialect dialect) {
        return new JdbcEventFeed(jdbcClient, dialect);
    }

    @Bean
    ClientStore clientStore(JdbcClient jdbcClient, SqlDialect dialect, Clock clock) {
        return new ClientStore(jdbcClient, dialect, clock);
    }

    @Bean
    AuditLog auditLog(JdbcClient jdbcClient, SqlDialect dialect, Clock clock) {
        return new AuditLog(jdbcClient, dialect, clock);
    }

    @Bean
    ChangeTransactions changeTransactions(
            PlatformTransactionManager transactionManager, JdbcClient jdbcClient, SqlDialect dialect) {
        return new ChangeTransactions(transactionManager, jdbcClient, dialect);
    }

    @Bean
    ClientChanges clientChanges(
            ClientStore clients, AuditLog audit, ChangeTransactions changes, ApplicationEventPublisher events) {
        return new ClientChanges(clients, audit, changes, events);
    }

    @Bean
    WriteKeyStore writeKeyStore(JdbcClient jdbcClient, SqlDialect dialect, Clock clock) {
        return new WriteKeyStore(jdbcClient, dialect, clock);
    }

    @Bean
    WriteKeyChanges writeKeyChanges(
            WriteKeyStore keys,
            ClientStore clients,
            AuditLog audit,
            ChangeTransactions changes,
            ApplicationEventPublisher events) {
        return new WriteKeyChanges(keys, clients, audit, changes, events);
    }

    @Bean
    SchemaStore schemaStore(JdbcClient jdbcClient, SqlDialect dialect, Clock clock) {
        return new SchemaStore(jdbcClient, dialect, clock);
    }

    @Bean
    SchemaChanges schemaChanges(
            SchemaStore schemas, AuditLog audit, ChangeTransactions changes, ApplicationEventPublisher events) {
        return new SchemaChanges(schemas, audit, changes, events);
    }

    /** On the main pool: a replay is an administrator's occasional task, not ingest. */
    @Bean
    RejectedReplays rejectedReplays(
            JdbcClient jdbcClient,
            HikariDataSource dataSource,
            PlatformTransactionManager transactionManager,
            SqlDialect dialect,
            AuditLog audit,
            JsonMapper jsonMapper,
            EventStore eventStore) {
        return new RejectedReplays(
                jdbcClient,
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager),
                dialect,
                audit,
                jsonMapper,
                eventStore.partitions());
    }

    @Bean
    SignInAttempts signInAttempts(
            JdbcClient jdbcClient, PlatformTransactionManager transactionManager, SqlDialect dialect) {
        return new SignInAttempts(jdbcClient, new TransactionTemplate(transactionManager), dialect);
    }

    @Bean
    ProcessStore processStore(JdbcClient jdbcClient, SqlDialect dialect) {
        return new ProcessStore(jdbcClient, dialect);
    }

    /** Made only where asked for: by the exporter ({@code the-eye exporter}). */
    @Bean
    @Lazy
    ExportProgressStore exportProgressStore(JdbcClient jdbcClient, SqlDialect dialect) {
        return new ExportProgressStore(jdbcClient, dialect);
    }

    @Bean
    Rollups rollups(SqlDialect dialect) {
        return new Rollups(dialect);
    }

    @Bean
    EventExpiry eventExpiry(
            JdbcClient jdbcClient,
            PlatformTransactionManager transactionManager,
            SqlDialect dialect,
            Rollups rollups,
            EventStore eventStore,
            ChangeTransactions changeTransactions) {
        return switch (dialect) {
            case SQLITE -> new SqliteEventExpiry(jdbcClient, dialect, rollups, changeTransactions);
            case POSTGRESQL ->
                new PostgresEventExpiry(
                        jdbcClient, new TransactionTemplate(transactionManager), rollups, eventStore.partitions());
        };
    }

    /** PostgreSQL's partitions made ahead, in every process that writes events. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("the-eye.worker.enabled")
    @ConditionalOnExpression("'${the-eye.db.url}'.startsWith('jdbc:postgresql:')")
    static class PartitionsAheadConfiguration {

        @Bean
        PartitionsAhead partitionsAhead(EventStore eventStore, Clock clock) {
            return new PartitionsAhead(eventStore.partitions(), clock);
        }
    }

    @Bean
    MaintenanceLock maintenanceLock(JdbcClient jdbcClient, SqlDialect dialect, Clock clock) {
        return new MaintenanceLock(jdbcClient, dialect, clock);
    }

    @Bean
    EventDeletions eventDeletions(
            JdbcClient jdbcClient,
            ChangeTransactions changes,
            SqlDialect dialect,
            Rollups rollups,
            MaintenanceLock lock,
            AuditLog audit,
            JsonMapper jsonMapper) {
        return new EventDeletions(jdbcClient, changes, dialect, rollups, lock, audit, jsonMapper);
    }

    @Bean
    SuppressionStore suppressionStore(
            JdbcClient jdbcClient,
            ChangeTransactions changes,
            SqlDialect dialect,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        return new SuppressionStore(jdbcClient, changes, dialect, audit, events, clock);
    }

    @Bean
    UserStore userStore(JdbcClient jdbcClient, SqlDialect dialect, Clock clock) {
        return new UserStore(jdbcClient, dialect, clock);
    }
}
