package io.theeye.queue.direct;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.QueueProperties;
import io.theeye.store.EventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "the-eye.queue.type", havingValue = "direct", matchIfMissing = true)
class DirectQueueConfiguration {

    @Bean
    DirectEventQueue directEventQueue(EventStore store, QueueProperties properties, MeterRegistry meters) {
        return new DirectEventQueue(store, properties.direct(), meters);
    }
}
