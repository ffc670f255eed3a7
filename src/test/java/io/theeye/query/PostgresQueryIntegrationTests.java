package io.theeye.query;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresQueryIntegrationTests extends QueryIntegrationTestCases {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.newPostgresSchemaUrl();
        registry.add("the-eye.db.url", () -> url);
        registry.add("the-eye.db.user", () -> TestDatabases.POSTGRES_USER);
        registry.add("the-eye.db.password", () -> TestDatabases.POSTGRES_PASSWORD);
    }
}
