package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqliteServerProcessIntegrationTests extends ServerProcessIntegrationTestCases {

    @Override
    Map<String, String> newDatabase(Path folder) {
        return Map.of("THE_EYE_DB_URL", "jdbc:sqlite:" + folder.resolve("data").resolve("the-eye.db"));
    }

    /** SQLite lets one connection write at a time: an open write transaction holds every other writer. */
    @Override
    AutoCloseable blockWriters(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into users (username, password_hash, is_superuser, created_at)"
                    + " values ('writer lock', '-', 0, 0)");
        }
        return connection::rollback;
    }

    @Test
    void listensOnTheApiPortOnlyAndKeepsItsFilesPrivate() throws Exception {
        Path data = folder.resolve("fresh");
        environment.put("THE_EYE_DB_URL", "jdbc:sqlite:" + data.resolve("the-eye.db"));

        ServerProcess server = startServer();

        assertThat(server.listeningPorts()).containsExactly(server.port());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        try (var files = Files.list(data)) {
            assertThat(files.toList())
                    .extracting(Path::getFileName)
                    .extracting(Path::toString)
                    .contains("the-eye.db", "the-eye.db-wal", "the-eye.db-shm");
        }
        try (var files = Files.list(data)) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }
}
