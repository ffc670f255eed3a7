package io.theeye.queue.direct;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.ConditionalOnQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import io.theeye.store.SqlDialect;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API process's own queue: only a process that serves the API has one. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnQueue(QueueType.DIRECT)
class DirectQueueConfiguration {

    @Bean
    DirectEventQueue directEventQueue(QueueProperties properties, SqlDialect dialect, MeterRegistry meters) {
        return new DirectEventQueue(properties.direct(), dialect.suggestedWriters(), meters);
    }

    /** Health contributor {@code queue}: there is no broker to be down. */
    @Bean
    HealthIndicator queueHealthIndicator() {
        return () -> Health.up().withDetail("broker", "none (direct)").build();
    }
}
