package io.theeye.queue.redis;

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

/** The {@code redis} queue: the publisher in API processes, the consumers in processes that run workers. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnQueue(QueueType.REDIS)
@Import(BrokerBatchCodec.class)
class RedisQueueConfiguration {

    @Bean
    RedisStreams redisStreams(QueueProperties properties) {
        return new RedisStreams(properties.redis(), properties.publishTimeout());
    }

    /** API processes answer 202 once Redis has the events: whether Redis keeps them is checked there. */
    @Bean
    @ConditionalOnWebApplication
    BrokerDurability brokerDurability(RedisStreams streams, MeterRegistry meters) {
        BrokerDurability durability = new BrokerDurability("redis", new RedisPersistence(streams), meters);
        if (streams.settings().requireDurable()) {
            durability.require("THE_EYE_REDIS_REQUIRE_DURABLE");
        }
        return durability;
    }

    @Bean
    @ConditionalOnWebApplication
    RedisEventQueue redisEventQueue(
            RedisStreams streams, BatchCodec codec, QueueProperties properties, BrokerDurability durability) {
        RedisAcknowledgements acknowledgements = new RedisAcknowledgements(
                properties.redis().waitReplicas(),
                properties.publishTimeout().dividedBy(2),
                durability,
                properties.redis().requireDurable());
        return new RedisEventQueue(streams, codec, properties.publishTimeout(), acknowledgements);
    }

    @Bean
    @ConditionalOnBooleanProperty("the-eye.worker.enabled")
    RedisEventConsumers redisEventConsumers(
            RedisStreams streams, BatchCodec codec, Clock clock, MeterRegistry meters, SqlDialect dialect) {
        return new RedisEventConsumers(
                streams, codec, clock, new RedisQueueMetrics(meters), dialect.suggestedWriters());
    }

    @Bean
    @ConditionalOnWebApplication
    RedisBacklog redisBacklog(RedisStreams streams, MeterRegistry meters) {
        return new RedisBacklog(streams, meters);
    }

    /** API processes show the stream's backlog (on the dashboard, in metrics); workers need not read it. */
    @Bean
    @ConditionalOnWebApplication
    QueueBacklog queueBacklog(RedisBacklog backlog, Clock clock, MeterRegistry meters) {
        return new QueueBacklog("redis", backlog, clock, meters);
    }

    @Bean
    RedisHealthIndicator queueHealthIndicator(RedisStreams streams) {
        return new RedisHealthIndicator(streams);
    }
}
