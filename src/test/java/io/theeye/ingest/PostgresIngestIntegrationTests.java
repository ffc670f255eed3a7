package io.theeye.ingest;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresIngestIntegrationTests extends IngestIntegrationTestCases {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.newPostgresSchemaUrl();
        registry.add("the-eye.db.url", () -> url);
        registry.add("the-eye.db.user", () -> TestDatabases.POSTGRES_USER);
        registry.add("the-eye.db.password", () -> TestDatabases.POSTGRES_PASSWORD);
    }
}
