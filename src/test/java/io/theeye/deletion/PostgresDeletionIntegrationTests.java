package io.theeye.deletion;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresDeletionIntegrationTests extends DeletionIntegrationTestCases {

    private static String databaseUrl;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        databaseUrl = TestDatabases.newPostgresSchemaUrl();
        registry.add("the-eye.db.url", () -> databaseUrl);
        registry.add("the-eye.db.user", () -> TestDatabases.POSTGRES_USER);
        registry.add("the-eye.db.password", () -> TestDatabases.POSTGRES_PASSWORD);
    }

    @Override
    String[] databaseOptions() {
        return new String[] {
            "--the-eye.db.url=" + databaseUrl,
            "--the-eye.db.user=" + TestDatabases.POSTGRES_USER,
            "--the-eye.db.password=" + TestDatabases.POSTGRES_PASSWORD
        };
    }
}
