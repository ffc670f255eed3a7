package io.theeye.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Brokers for tests: the Redis server at {@code THE_EYE_TEST_REDIS_URL} (default the local one), skipped with the
 * reason when unreachable unless {@code THE_EYE_REQUIRE_SERVICES=true}; and a real Kafka broker (KRaft) started in
 * this JVM once, for every test that needs one.
 */
public final class TestBrokers {

    public static final String REDIS_URL = env("THE_EYE_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private static EmbeddedKafkaKraftBroker kafka;

    private TestBrokers() {}

    /** The Redis URL, once Redis has answered a PING. */
    public static String redis() {
        RedisClient client = RedisClient.create(REDIS_URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
        } catch (RuntimeException e) {
            TestDatabases.unavailable("Redis at " + REDIS_URL, e);
        } finally {
            client.shutdown();
        }
        return REDIS_URL;
    }

    /** The bootstrap servers of the shared in-JVM Kafka broker, started on first use. */
    public static synchronized String kafka() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 1);
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
        }
        return kafka.getBrokersAsString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
