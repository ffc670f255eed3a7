package io.theeye.ingest;

import io.theeye.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SqliteIngestIntegrationTests extends IngestIntegrationTestCases {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }
}
