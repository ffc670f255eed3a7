package io.theeye.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.store.SqlDialect;
import io.theeye.validation.ValidationProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a queue backend's configuration takes from the rest of the application, for context runner tests. Not a
 * {@code @Configuration}: the application's component scan must not find it.
 */
@EnableConfigurationProperties({QueueProperties.class, ValidationProperties.class})
public class QueueBackendBeans {

    @Bean
    JsonMapper jsonMapper() {
        return JsonMapper.builder().build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    SqlDialect sqlDialect() {
        return SqlDialect.SQLITE;
    }
}
