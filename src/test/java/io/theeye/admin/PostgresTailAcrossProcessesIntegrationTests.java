package io.theeye.admin;

import io.theeye.support.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

class PostgresTailAcrossProcessesIntegrationTests extends TailAcrossProcessesIntegrationTestCases {

    @Override
    Map<String, String> newDatabase(Path folder) {
        return Map.of(
                "THE_EYE_DB_URL", TestDatabases.newPostgresSchemaUrl(),
                "THE_EYE_DB_USER", TestDatabases.POSTGRES_USER,
                "THE_EYE_DB_PASSWORD", TestDatabases.POSTGRES_PASSWORD);
    }
}
