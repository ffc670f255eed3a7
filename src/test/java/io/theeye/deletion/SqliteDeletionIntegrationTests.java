package io.theeye.deletion;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SqliteDeletionIntegrationTests extends DeletionIntegrationTestCases {

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
