package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SqliteEventStoreTests extends EventStoreTestCases {

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    }

    @Test
    void everyConnectionCommitsDurablyAndWaitsForOtherWriters() {
        try (HikariDataSource database = newDatabase()) {
            JdbcClient jdbc = JdbcClient.create(database);

            assertThat(jdbc.sql("pragma journal_mode").query(String.class).single())
                    .isEqualTo("wal");
            // 2 is FULL: the WAL is synced at every commit, so a committed group survives a power cut.
            assertThat(jdbc.sql("pragma synchronous").query(Integer.class).single())
                    .isEqualTo(2);
            assertThat(jdbc.sql("pragma busy_timeout").query(Integer.class).single())
                    .isEqualTo(10_000);
        }
    }

    @Test
    void writersKeepALargerCacheAndCheckpointLessOftenThanOtherConnections() {
        String url = TestDatabases.newSqliteUrl();
        try (HikariDataSource others = TestStores.migrated(url, "", "");
                HikariDataSource writers = TestStores.writerPool(TestStores.properties(url, "", "", Duration.ZERO))) {
            JdbcClient writer = JdbcClient.create(writers);
            JdbcClient other = JdbcClient.create(others);

            assertThat(writer.sql("pragma cache_size").query(Integer.class).single())
                    .isEqualTo(-DatabaseConfiguration.WRITER_CACHE_KIB);
            assertThat(writer.sql("pragma wal_autocheckpoint")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(DatabaseConfiguration.WRITER_CHECKPOINT_PAGES);
            assertThat(writer.sql("pragma synchronous").query(Integer.class).single())
                    .isEqualTo(2);
            assertThat(other.sql("pragma wal_autocheckpoint")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1000);
        }
    }

    @Test
    void makesANewDatabaseWithLargerPagesAndKeepsAnOldOnesPages() throws Exception {
        try (HikariDataSource database = newDatabase()) {
            assertThat(JdbcClient.create(database)
                            .sql("pragma page_size")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(SqliteFile.PAGE_BYTES)
                    .isNotEqualTo(4096);
        }

        // A database made before (SQLite's default pages) opens, migrates and stores as it is.
        String url = TestDatabases.newSqliteUrl();
        Files.createDirectories(SqliteFile.path(url).getParent());
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            // As the service made its databases before: SQLite's default pages, then WAL, which writes the header.
            statement.execute("pragma page_size = 4096");
            statement.execute("pragma journal_mode = wal");
        }
        try (HikariDataSource database = TestStores.migrated(url, "", "")) {
            JdbcClient jdbc = JdbcClient.create(database);
            assertThat(jdbc.sql("pragma page_size").query(Integer.class).single())
                    .isEqualTo(4096);
            assertThat(jdbc.sql("pragma journal_mode").query(String.class).single())
                    .isEqualTo("wal");
            assertThat(jdbc.sql("select count(*) from events")
                            .query(Integer.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void findsTheFileOfEachFormOfUrl() {
        assertThat(SqliteFile.path("jdbc:sqlite:./data/the-eye.db")).isEqualTo(Path.of("./data/the-eye.db"));
        assertThat(SqliteFile.path("jdbc:sqlite:file:/srv/eye.db?cache=private"))
                .isEqualTo(Path.of("/srv/eye.db"));
        assertThat(SqliteFile.path("jdbc:sqlite::memory:")).isNull();
        assertThat(SqliteFile.path("jdbc:sqlite:file:events?mode=memory")).isNull();
        assertThat(SqliteFile.path("jdbc:sqlite:")).isNull();
    }
}
