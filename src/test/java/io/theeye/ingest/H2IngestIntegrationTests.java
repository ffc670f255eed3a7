package io.theeye.ingest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.theeye.support.TestDatabases;

class H2IngestIntegrationTests extends IngestIntegrationTestCases {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("the-eye.db.url", TestDatabases::newH2Url);
    }
}
