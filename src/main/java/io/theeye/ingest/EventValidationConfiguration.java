package io.theeye.ingest;

import io.theeye.schema.SchemaValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The checks of every event, for the API and for the commands that replay refused events. */
@Configuration(proxyBeanMethods = false)
class EventValidationConfiguration {

    @Bean
    EventValidation eventValidation(IngestProperties limits, JsonMapper json, SchemaValidator schemas) {
        return new EventValidation(limits, json, schemas);
    }
}
