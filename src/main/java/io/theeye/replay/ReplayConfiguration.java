package io.theeye.replay;

import io.theeye.ingest.EventValidation;
import io.theeye.ingest.IngestProperties;
import io.theeye.schema.SchemaCatalog;
import io.theeye.store.RejectedReplays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    @Bean
    RejectedReplay rejectedReplay(
            RejectedReplays store, EventValidation validation, SchemaCatalog schemas, IngestProperties limits) {
        return new RejectedReplay(store, validation, schemas, limits.rejectedRawMaxChars());
    }
}
