package io.theeye.system;

import io.theeye.support.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

class PostgresServerProcessIntegrationTests extends ServerProcessIntegrationTestCases {

    @Override
    Map<String, String> newDatabase(Path folder) {
        return Map.of(
                "THE_EYE_DB_URL", TestDatabases.newPostgresSchemaUrl(),
                "THE_EYE_DB_USER", TestDatabases.POSTGRES_USER,
                "THE_EYE_DB_PASSWORD", TestDatabases.POSTGRES_PASSWORD);
    }

    /** An EXCLUSIVE table lock lets reads through and holds every insert until the transaction ends. */
    @Override
    AutoCloseable blockWriters(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("lock table events in exclusive mode");
        }
        return connection::rollback;
    }
}
