package io.theeye.cli;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SqliteRetentionIntegrationTests extends RetentionIntegrationTestCases {

    private static final String DATABASE_URL = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("the-eye.db.url", () -> DATABASE_URL);
    }

    @Override
    String[] databaseOptions() {
        return new String[] {"--the-eye.db.url=" + DATABASE_URL};
    }
}
