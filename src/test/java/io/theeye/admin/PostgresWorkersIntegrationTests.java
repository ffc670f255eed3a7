package io.theeye.admin;

import io.theeye.support.TestDatabases;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresWorkersIntegrationTests extends WorkersIntegrationTestCases {

    private static String databaseUrl;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        databaseUrl = TestDatabases.newPostgresSchemaUrl();
        registry.add("the-eye.db.url", () -> databaseUrl);
        registry.add("the-eye.db.user", () -> TestDatabases.POSTGRES_USER);
        registry.add("the-eye.db.password", () -> TestDatabases.POSTGRES_PASSWORD);
    }

    @Override
    Map<String, String> databaseEnvironment() {
        return Map.of(
                "THE_EYE_DB_URL", databaseUrl,
                "THE_EYE_DB_USER", TestDatabases.POSTGRES_USER,
                "THE_EYE_DB_PASSWORD", TestDatabases.POSTGRES_PASSWORD);
    }
}
