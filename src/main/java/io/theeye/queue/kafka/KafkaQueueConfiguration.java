package io.theeye.queue.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.BrokerBatchCodec;
import io.theeye.queue.BrokerDurability;
import io.theeye.queue.ConditionalOnQueue;
import io.theeye.queue.QueueBacklog;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import io.theeye.store.SqlDialect;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The {@code kafka} queue: the producer in API processes, the consumers in processes that run workers. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnQueue(QueueType.KAFKA)
@Import(BrokerBatchCodec.class)
class KafkaQueueConfiguration {

    @Bean
    KafkaTopic kafkaTopic(QueueProperties properties) {
        return new KafkaTopic(properties.kafka(), properties.publishTimeout());
    }

    /** API processes answer 202 once Kafka has the events: whether the topic keeps them is checked there. */
    @Bean
    @ConditionalOnWebApplication
    BrokerDurability brokerDurability(KafkaTopic topic, MeterRegistry meters) {
        return new BrokerDurability("kafka", new KafkaReplication(topic), meters);
    }

    @Bean
    @ConditionalOnWebApplication
    KafkaEventQueue kafkaEventQueue(KafkaTopic topic, BatchCodec codec, QueueProperties properties) {
        return new KafkaEventQueue(topic, codec, properties.publishTimeout());
    }

    @Bean
    @ConditionalOnBooleanProperty("the-eye.worker.enabled")
    KafkaEventConsumers kafkaEventConsumers(
            KafkaTopic topic, BatchCodec codec, Clock clock, MeterRegistry meters, SqlDialect dialect) {
        return new KafkaEventConsumers(topic, codec, clock, meters, dialect.suggestedWriters());
    }

    @Bean
    @ConditionalOnWebApplication
    KafkaBacklog kafkaBacklog(KafkaTopic topic, QueueProperties properties) {
        return new KafkaBacklog(topic, properties.publishTimeout());
    }

    /** API processes show the topic's backlog (on the dashboard, in metrics); workers need not read it. */
    @Bean
    @ConditionalOnWebApplication
    QueueBacklog queueBacklog(KafkaBacklog backlog, Clock clock, MeterRegistry meters) {
        return new QueueBacklog("kafka", backlog, clock, meters);
    }

    @Bean
    KafkaHealthIndicator queueHealthIndicator(KafkaTopic topic) {
        return new KafkaHealthIndicator(topic);
    }
}
