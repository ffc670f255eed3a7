package io.theeye.admin;

import io.theeye.support.TestDatabases;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SqliteWorkersIntegrationTests extends WorkersIntegrationTestCases {

    private static final String DATABASE_URL = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("the-eye.db.url", () -> DATABASE_URL);
    }

    @Override
    Map<String, String> databaseEnvironment() {
        return Map.of("THE_EYE_DB_URL", DATABASE_URL);
    }
}
