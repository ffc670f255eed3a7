package io.theeye.store;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a read in a read-only transaction whose statements end once {@code the-eye.query.timeout} has passed; the
 * request then gets 503 with Retry-After instead of holding a connection and a thread for as long as the database
 * takes.
 */
final class ReadTimeout {

    private final DataSource dataSource;
    private final TransactionTemplate readOnly;
    private final SqlDialect dialect;
    private final Duration timeout;

    ReadTimeout(DataSource dataSource, TransactionTemplate readOnly, SqlDialect dialect, Duration timeout) {
        this.dataSource = dataSource;
        this.readOnly = readOnly;
        this.dialect = dialect;
        this.timeout = timeout;
    }

    <T> T run(Supplier<T> read) {
        return run(read, false);
    }

    /**
     * Runs a read with no time range: one that reads every partition of events whatever its values, whose statements
     * are therefore planned once per connection rather than each time ({@link SqlDialect#limitStatements}).
     */
    <T> T runUnbounded(Supplier<T> read) {
        return run(read, true);
    }

    private <T> T run(Supplier<T> read, boolean planOnce) {
        long started = System.nanoTime();
        try {
            return readOnly.execute(status -> {
                // The transaction holds this connection, so the statements of the read run on it.
                Connection connection = DataSourceUtils.getConnection(dataSource);
                limit(connection, planOnce);
                try {
                    return read.get();
                } finally {
                    unlimit(connection);
                }
            });
        } catch (DataAccessException e) {
            // Whatever each driver calls it (a cancelled statement, an interrupt), a read that failed once its time
            // was up ran out of time.
            if (System.nanoTime() - started >= timeout.toNanos()) {
                throw new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        new ApiError(
                                "unavailable",
                                "The query took longer than " + readable(timeout) + " and was stopped; narrow it"
                                        + " (a shorter time range, fewer filters left open) or retry later.",
                                List.of()),
                        Map.of(HttpHeaders.RETRY_AFTER, "5"));
            }
            throw e;
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private void limit(Connection connection, boolean planOnce) {
        try {
            dialect.limitStatements(connection, timeout, planOnce);
        } catch (SQLException e) {
            throw translate("limit the read's time", e);
        }
    }

    private void unlimit(Connection connection) {
        try {
            dialect.unlimitStatements(connection);
        } catch (SQLException e) {
            throw translate("lift the read's time limit", e);
        }
    }

    private static DataAccessException translate(String task, SQLException e) {
        DataAccessException translated = new SQLExceptionSubclassTranslator().translate(task, null, e);
        return translated != null ? translated : new UncategorizedSQLException(task, null, e);
    }
}
