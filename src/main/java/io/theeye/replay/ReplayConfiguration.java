package io.theeye.replay;

import io.theeye.schema.SchemaCatalog;
import io.theeye.store.RejectedReplays;
import io.theeye.validation.EventValidation;
import io.theeye.validation.ValidationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    @Bean
    RejectedReplay rejectedReplay(
            RejectedReplays store, EventValidation validation, SchemaCatalog schemas, ValidationProperties limits) {
        return new RejectedReplay(store, validation, schemas, limits.rejectedRawMaxChars());
    }
}
