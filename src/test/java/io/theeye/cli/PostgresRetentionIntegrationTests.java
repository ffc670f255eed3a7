package io.theeye.cli;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On PostgreSQL: {@code retention set}/{@code clear} and the lock pass now; {@code retention run}'s test passes once
 * {@code PostgresEventExpiry} (the partitions change) is merged, which until then refuses to run.
 */
class PostgresRetentionIntegrationTests extends RetentionIntegrationTestCases {

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
