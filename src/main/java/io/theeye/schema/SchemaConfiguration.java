package io.theeye.schema;

import io.theeye.store.SchemaChanges;
import io.theeye.store.SchemaStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The schemas' parts: every process can check and change schemas; only API processes keep them refreshed. */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

    @Bean
    SchemaCompiler schemaCompiler(JsonMapper json) {
        return new SchemaCompiler(json);
    }

    @Bean
    SchemaValidator schemaValidator(SchemaProperties properties) {
        return new SchemaValidator(properties.required());
    }

    @Bean
    SchemaCatalog schemaCatalog(SchemaStore store, SchemaCompiler compiler, SchemaValidator validator) {
        return new SchemaCatalog(store, compiler, validator);
    }

    @Bean
    PayloadSchemas payloadSchemas(SchemaStore store, SchemaChanges changes, SchemaCompiler compiler) {
        return new PayloadSchemas(store, changes, compiler);
    }

    /** An API process checks events at the door: it keeps its schemas current. */
    @Bean
    @ConditionalOnWebApplication
    SchemaRefresher schemaRefresher(SchemaCatalog catalog, SchemaProperties properties) {
        return new SchemaRefresher(catalog, properties.refreshInterval());
    }
}
