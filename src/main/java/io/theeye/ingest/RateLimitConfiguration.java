package io.theeye.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.auth.ClientRateLimits;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiter of {@code POST /events}: its buckets in Redis when there is one for limits (its own setting, or
 * the queue's with {@code THE_EYE_QUEUE=redis}), so that every API process counts against one limit, else in this
 * process.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class RateLimitConfiguration {

    /** How long a process counts on its own after Redis failed to answer, before it tries Redis again. */
    static final Duration RETRY_SHARED = Duration.ofSeconds(5);

    @Bean(destroyMethod = "close")
    TokenBuckets rateLimitBuckets(RateLimitProperties limits, QueueProperties queue, MeterRegistry meters) {
        TokenBuckets buckets = buckets(limits, queue);
        Gauge.builder("theeye.rate.limit.shared", buckets, b -> b.shared() ? 1 : 0)
                .description("1 while clients' rate limits are counted in Redis for every API process, 0 while this"
                        + " process counts them on its own")
                .register(meters);
        return buckets;
    }

    private static TokenBuckets buckets(RateLimitProperties limits, QueueProperties queue) {
        LocalTokenBuckets local = new LocalTokenBuckets(System::nanoTime);
        String url = redisUrl(limits, queue.type(), queue.redis().url());
        if (url == null) {
            return local;
        }
        FailOpenTokenBuckets buckets = new FailOpenTokenBuckets(
                new RedisTokenBuckets(url, limits.redisTimeout(), null), local, RETRY_SHARED, System::nanoTime);
        buckets.start();
        return buckets;
    }

    @Bean
    EventRateLimiter eventRateLimiter(RateLimitProperties limits, ClientRateLimits clients, TokenBuckets buckets) {
        return new EventRateLimiter(
                limits.defaults(),
                clientId -> limit(clients.of(clientId)),
                keyId -> limit(clients.ofKey(keyId)),
                buckets);
    }

    private static RateLimit limit(ClientRateLimits.Limit own) {
        return own == null ? null : new RateLimit(own.eventsPerSecond(), own.burst());
    }

    /** The Redis that holds the buckets, or null when each process keeps its own. */
    static String redisUrl(RateLimitProperties limits, QueueType queue, URI queueRedis) {
        if (limits.redisUrl() != null && !limits.redisUrl().isBlank()) {
            return limits.redisUrl().strip();
        }
        return queue == QueueType.REDIS ? queueRedis.toString() : null;
    }
}
