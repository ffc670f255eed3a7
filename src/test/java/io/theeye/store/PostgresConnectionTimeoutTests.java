package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.FreezingProxy;
import io.theeye.support.TestDatabases;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A writer's PostgreSQL connection whose peer stops answering (a half-open TCP connection: a proxy that freezes)
 * fails within the socket timeout instead of hanging the writer for ever; one that cannot log in fails within the
 * connect timeout.
 */
class PostgresConnectionTimeoutTests {

    /** Far above the timeouts under test, far below for ever. */
    private static final Duration HANG = Duration.ofSeconds(25);

    private FreezingProxy proxy;
    private String url;
    private HikariDataSource writers;

    @BeforeEach
    void proxyToPostgres() {
        String direct = TestDatabases.newPostgresSchemaUrl();
        URI server = URI.create(direct.substring("jdbc:".length()));
        proxy = new FreezingProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
        url = direct.replace(
                server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort()), "127.0.0.1:" + proxy.port());
    }

    @AfterEach
    void close() {
        if (writers != null) {
            writers.close();
        }
        proxy.close();
    }

    @Test
    void aWriterWhoseConnectionStopsAnsweringMidTransactionFailsWithinTheSocketTimeout() {
        DatabaseProperties properties = TestStores.properties(
                url, TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD, Duration.ofSeconds(1));
        TestStores.migrated(properties).close();
        writers = TestStores.writerPool(properties);
        JdbcTemplate jdbc = new JdbcTemplate(writers);
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(writers));

        assertTimeoutPreemptively(
                HANG,
                () -> assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                            jdbc.execute("select 1");
                            proxy.freeze();
                            jdbc.execute("select 1");
                        }))
                        // the statement's I/O error, or the rollback's after it: the writer answers 503 either way
                        .isInstanceOf(RuntimeException.class));
    }

    @Test
    void aConnectionThatCannotLogInFailsWithinTheConnectTimeout() {
        DatabaseProperties properties = new DatabaseProperties(
                url,
                TestDatabases.POSTGRES_USER,
                TestDatabases.POSTGRES_PASSWORD,
                1,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        proxy.freeze();

        assertTimeoutPreemptively(
                HANG,
                () -> assertThatThrownBy(() -> TestStores.writerPool(properties).close())
                        .isInstanceOf(RuntimeException.class));
    }
}
