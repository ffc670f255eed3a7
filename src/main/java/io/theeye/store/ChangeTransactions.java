package io.theeye.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions of the changes people make (clients, write keys, schemas), which read and then write. On SQLite a
 * transaction that has read cannot take the write lock once another connection has committed since its read began:
 * its write fails at once ({@code SQLITE_BUSY}), without waiting as {@code busy_timeout} says, and ingest commits all
 * the time. So each of these transactions takes the write lock with its first statement, waiting for it if need be,
 * as {@code BEGIN IMMEDIATE} would; on PostgreSQL nothing is added.
 */
final class ChangeTransactions extends TransactionTemplate {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    ChangeTransactions(PlatformTransactionManager transactionManager, JdbcClient jdbc, SqlDialect dialect) {
        super(transactionManager);
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
        return super.execute(status -> {
            dialect.takeWriteLock(jdbc);
            return action.doInTransaction(status);
        });
    }
}
