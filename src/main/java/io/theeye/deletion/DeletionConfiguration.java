package io.theeye.deletion;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.store.SuppressionStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Suppressions are checked at the door: only API processes keep a copy. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class DeletionConfiguration {

    @Bean
    Suppressions suppressions(
            SuppressionStore store, SuppressionProperties properties, MeterRegistry meters, Clock clock) {
        return new Suppressions(store, properties.refreshInterval(), meters, clock);
    }
}
