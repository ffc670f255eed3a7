package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.system.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A read whose statement runs past the query timeout is ended and answered 503, on each database; the bound holds
 * for that read only. Each subclass names the database and a statement that takes long on it.
 */
abstract class ReadTimeoutTestCases {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** Far above the timeout, far below for ever. */
    private static final Duration HANG = Duration.ofSeconds(25);

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private ReadTimeout reads;

    /** A new database's settings. */
    abstract DatabaseProperties database();

    /** A statement that runs for ever, or for a minute. */
    abstract String endlessQuery();

    /** A statement that runs longer than {@link #TIMEOUT}, and ends. */
    abstract String longQuery();

    @BeforeEach
    void start() {
        DatabaseProperties database = database();
        TestStores.migrated(database).close();
        // One connection: every statement of a test runs on the one the bounded read used.
        dataSource = TestStores.pool(new DatabaseProperties(
                database.url(),
                database.user(),
                database.password(),
                1,
                database.busyTimeout(),
                database.connectTimeout(),
                database.socketTimeout()));
        jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate readOnly = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        readOnly.setReadOnly(true);
        reads = new ReadTimeout(dataSource, readOnly, SqlDialect.forUrl(dataSource.getJdbcUrl()), TIMEOUT);
    }

    @AfterEach
    void stop() {
        dataSource.close();
    }

    @Test
    void endsAStatementThatRunsPastTheTimeoutWith503() {
        assertTimeoutPreemptively(
                HANG,
                () -> assertThatThrownBy(() -> reads.run(() -> jdbc.queryForObject(endlessQuery(), Object.class)))
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                            assertThat(e.body().error()).isEqualTo("unavailable");
                            assertThat(e.body().message()).contains("took longer than 300 ms");
                            assertThat(e.headers()).containsKey(HttpHeaders.RETRY_AFTER);
                        }));
    }

    @Test
    void answersAReadThatEndsInTime() {
        assertThat(reads.run(() -> jdbc.queryForObject("select count(*) from events", Long.class)))
                .isZero();
    }

    @Test
    void leavesTheConnectionUnboundedOnceTheReadIsOver() {
        assertTimeoutPreemptively(
                HANG,
                () -> assertThatThrownBy(() -> reads.run(() -> jdbc.queryForObject(endlessQuery(), Object.class)))
                        .isInstanceOf(ApiException.class));

        assertThat(jdbc.queryForObject(longQuery(), Object.class)).isNotNull();
    }
}
