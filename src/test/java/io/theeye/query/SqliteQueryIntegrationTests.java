package io.theeye.query;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SqliteQueryIntegrationTests extends QueryIntegrationTestCases {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }
}
