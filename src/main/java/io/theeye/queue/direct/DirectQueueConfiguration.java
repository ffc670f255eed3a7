package io.theeye.queue.direct;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.QueueProperties;
import io.theeye.store.EventStore;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "the-eye.queue.type", havingValue = "direct", matchIfMissing = true)
class DirectQueueConfiguration {

    /** How long a writer that failed waits before it starts again. */
    static final Duration WRITER_RESTART_DELAY = Duration.ofSeconds(1);

    @Bean
    DirectEventQueue directEventQueue(EventStore store, QueueProperties properties, MeterRegistry meters) {
        return new DirectEventQueue(store, properties.direct(), meters, WRITER_RESTART_DELAY);
    }

    /** {@code /actuator/health} is down while no writer runs. */
    @Bean
    WritersHealthIndicator eventWritersHealthIndicator(DirectEventQueue queue) {
        return new WritersHealthIndicator(queue);
    }
}
