package io.theeye.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.EventConsumers;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueBackendBeans;
import io.theeye.queue.QueueBacklog;
import io.theeye.queue.TestCodecs;
import io.theeye.support.ContextRunners;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class KafkaQueueConfigurationTests {

    private final WebApplicationContextRunner api = ContextRunners.webWithSettings()
            .withUserConfiguration(QueueBackendBeans.class, KafkaQueueConfiguration.class)
            .withPropertyValues("the-eye.queue.type=kafka", "the-eye.queue.signing-key=" + TestCodecs.KEY);

    @Test
    void givesTheApiItsProducerAndServeItsWorkersConsumers() {
        api.run(context -> {
            assertThat(context.getBean(EventQueue.class)).isInstanceOf(KafkaEventQueue.class);
            assertThat(context.getBean(EventConsumers.class)).isInstanceOf(KafkaEventConsumers.class);
            assertThat(context).hasBean("queueHealthIndicator");
            // Every API process reads the backlog, for the dashboard and the metrics.
            assertThat(context).hasSingleBean(QueueBacklog.class);
        });
    }

    @Test
    void givesAWorkerNoProducer() {
        ContextRunners.withSettings()
                .withUserConfiguration(QueueBackendBeans.class, KafkaQueueConfiguration.class)
                .withPropertyValues("the-eye.queue.type=kafka", "the-eye.queue.signing-key=" + TestCodecs.KEY)
                .run(context -> assertThat(context)
                        .hasSingleBean(EventConsumers.class)
                        .doesNotHaveBean(EventQueue.class)
                        .doesNotHaveBean(QueueBacklog.class));
    }

    @Test
    void isAbsentWhenAnotherQueueIsChosen() {
        api.withPropertyValues("the-eye.queue.type=direct")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaTopic.class));
    }
}
