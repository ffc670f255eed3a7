package io.theeye.queue.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health contributor {@code queue}: whether the Kafka cluster answers. */
final class KafkaHealthIndicator implements HealthIndicator {

    private final KafkaTopic topic;

    KafkaHealthIndicator(KafkaTopic topic) {
        this.topic = topic;
    }

    @Override
    public Health health() {
        try {
            return Health.up()
                    .withDetail("broker", "kafka")
                    .withDetail("cluster", topic.clusterId())
                    .withDetail("topic", topic.name())
                    .build();
        } catch (Exception e) {
            return Health.down(e).withDetail("broker", "kafka").build();
        }
    }
}
