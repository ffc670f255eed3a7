package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.BrokerDurability;
import io.theeye.queue.EventConsumers;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueBackendBeans;
import io.theeye.queue.QueueBacklog;
import io.theeye.queue.TestCodecs;
import io.theeye.support.ContextRunners;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class RedisQueueConfigurationTests {

    private final WebApplicationContextRunner api = ContextRunners.webWithSettings()
            .withUserConfiguration(QueueBackendBeans.class, RedisQueueConfiguration.class)
            .withPropertyValues("the-eye.queue.type=redis", "the-eye.queue.signing-key=" + TestCodecs.KEY);

    @Test
    void givesTheApiItsPublisherAndServeItsWorkersConsumers() {
        api.run(context -> {
            assertThat(context.getBean(EventQueue.class)).isInstanceOf(RedisEventQueue.class);
            assertThat(context.getBean(EventConsumers.class)).isInstanceOf(RedisEventConsumers.class);
            assertThat(context).hasBean("queueHealthIndicator");
            // Every API process reads the backlog, for the dashboard and the metrics.
            assertThat(context).hasSingleBean(QueueBacklog.class);
            // An API process answers 202 once Redis has the events: it checks whether Redis keeps them.
            assertThat(context).hasSingleBean(BrokerDurability.class);
        });
    }

    @Test
    void givesAnApiWithoutWorkersNoConsumersAndAWorkerNoPublisher() {
        api.withPropertyValues("the-eye.worker.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(EventQueue.class).doesNotHaveBean(EventConsumers.class);
        });
        ContextRunners.withSettings()
                .withUserConfiguration(QueueBackendBeans.class, RedisQueueConfiguration.class)
                .withPropertyValues("the-eye.queue.type=redis", "the-eye.queue.signing-key=" + TestCodecs.KEY)
                .run(context -> assertThat(context)
                        .hasSingleBean(EventConsumers.class)
                        .doesNotHaveBean(EventQueue.class)
                        .doesNotHaveBean(QueueBacklog.class)
                        .doesNotHaveBean(BrokerDurability.class));
    }

    @Test
    void isAbsentWhenAnotherQueueIsChosen() {
        api.withPropertyValues("the-eye.queue.type=kafka", "the-eye.queue.signing-key=" + TestCodecs.KEY)
                .run(context -> assertThat(context).doesNotHaveBean(RedisStreams.class));
    }
}
