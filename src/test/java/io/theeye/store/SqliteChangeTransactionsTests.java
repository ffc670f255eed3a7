package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change (a client, a key, a schema) reads, then writes. On SQLite it must hold the write lock from its first
 * statement: had it only read when another connection commits, its write would fail at once with SQLITE_BUSY.
 */
class SqliteChangeTransactionsTests {

    private final HikariDataSource database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aChangeHoldsTheWriteLockFromItsStartSoThatNoOtherCommitComesBetweenItsReadAndItsWrite() throws SQLException {
        ChangeTransactions changes = TestStores.changeTransactions(database);
        AuditLog audit = TestStores.auditLog(database, Clock.systemUTC());

        changes.executeWithoutResult(status -> {
            assertThatThrownBy(this::writeFromAnotherConnection)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("SQLITE_BUSY");
            audit.record("test", AuditLog.Action.CREATED, null, "written after the other connection tried");
        });

        assertThat(audit.page(null, 10)).hasSize(1);
        writeFromAnotherConnection(); // the lock ended with the change
    }

    private void writeFromAnotherConnection() throws SQLException {
        try (Connection other = DriverManager.getConnection(database.getJdbcUrl());
                Statement statement = other.createStatement()) {
            statement.execute("pragma busy_timeout = 0");
            statement.execute("begin immediate");
            statement.execute("rollback");
        }
    }
}
