package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.theeye.queue.BrokerIntegrationTestCases;
import io.theeye.support.ApiClient;
import io.theeye.support.TcpProxy;
import io.theeye.support.TestBrokers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisBrokerIntegrationTests extends BrokerIntegrationTestCases {

    private final String stream = "the-eye-test:" + UUID.randomUUID();

    @Override
    protected List<String> brokerSettings() {
        return redis(TestBrokers.redis());
    }

    private List<String> redis(String url) {
        return List.of(
                "--the-eye.queue.type=redis",
                "--the-eye.queue.redis.url=" + url,
                "--the-eye.queue.redis.stream=" + stream);
    }

    @Override
    protected void publishRaw(byte[] payload) {
        RedisClient client = RedisClient.create(TestBrokers.redis());
        try (StatefulRedisConnection<String, byte[]> connection = client.connect(RedisStreams.CODEC)) {
            connection.sync().xadd(stream, Map.of(RedisStreams.FIELD, payload));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void answers503AndNever202WhileRedisIsAwayAnd202WhenItIsBack() {
        URI redis = URI.create(TestBrokers.redis());
        try (TcpProxy relay = new TcpProxy(redis.getHost(), redis.getPort())) {
            ApiClient viaRelay = new ApiClient(startApi(redis("redis://127.0.0.1:" + relay.port()))
                    .getEnvironment()
                    .getRequiredProperty("local.server.port", Integer.class));
            assertThat(viaRelay.postEvents(token, body("before")).statusCode()).isEqualTo(202);

            relay.cut();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = viaRelay.postEvents(token, body("while away"));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            HttpResponse<String> readiness = viaRelay.send("GET", "/actuator/health/readiness", null, Map.of());
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"queue\"");

            relay.restore();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> viaRelay.postEvents(token, body("back")).statusCode() == 202);
        }
    }
}
