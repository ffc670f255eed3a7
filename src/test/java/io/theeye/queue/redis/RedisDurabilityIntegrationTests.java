package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.queue.BrokerNotDurableException;
import io.theeye.queue.TestCodecs;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.RedisServerProcess;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An API process on a Redis of the test's own: refusing to start on a Redis that answers before its writes are on
 * disk when a durable one is required, and answering 202 only once the replicas it must wait for have the events.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisDurabilityIntegrationTests {

    private static final String STREAM = "the-eye-test:durability";

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
    }

    @Test
    void refusesToStartWhenADurableRedisIsRequiredAndItKeepsNoAppendOnlyFile(CapturedOutput output) {
        RedisServerProcess redis = redis("--appendonly", "no");

        assertThatThrownBy(() -> startApi(redis, "--the-eye.queue.redis.require-durable=true"))
                .rootCause()
                .isInstanceOf(BrokerNotDurableException.class)
                .hasMessageContaining("THE_EYE_REDIS_REQUIRE_DURABLE=true, but Redis at 127.0.0.1:" + redis.port())
                .hasMessageContaining("appendonly=no");
        // Spring Boot's start-up failure report says why, not only that the web server did not start.
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("THE_EYE_REDIS_REQUIRE_DURABLE=true, but Redis at 127.0.0.1:" + redis.port())
                .contains("set THE_EYE_REDIS_REQUIRE_DURABLE=false to start anyway");
    }

    @Test
    void refusesToStartWhenADurableRedisIsRequiredAndItFsyncsOnceASecond() {
        RedisServerProcess redis = redis("--appendonly", "yes", "--appendfsync", "everysec");

        assertThatThrownBy(() -> startApi(redis, "--the-eye.queue.redis.require-durable=true"))
                .rootCause()
                .hasMessageContaining("THE_EYE_REDIS_REQUIRE_DURABLE=true")
                .hasMessageContaining("appendfsync=everysec");
    }

    @Test
    void startsAndAnswers202WhenADurableRedisIsRequiredAndItFsyncsEveryWrite() {
        RedisServerProcess redis = redis("--appendonly", "yes", "--appendfsync", "always");

        Api api = startApi(redis, "--the-eye.queue.redis.require-durable=true");

        HttpResponse<String> answer = api.post();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    @Test
    void answers503WhenTheReplicaItMustWaitForIsMissing() {
        RedisServerProcess redis = redis("--appendonly", "yes", "--appendfsync", "always");
        Api api = startApi(redis, "--the-eye.queue.redis.wait-replicas=1");

        HttpResponse<String> answer = api.post();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.body()).contains("only 0 of the 1 broker replicas required confirmed the events");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void answers202OnlyOnceTheReplicaHasTheEvents() {
        RedisServerProcess primary = redis("--appendonly", "yes", "--appendfsync", "always");
        RedisServerProcess replica = redis("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> primary.call(c -> c.sync().info("replication")).contains("state=online"));
        Api api = startApi(primary, "--the-eye.queue.redis.wait-replicas=1");

        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> answer = api.post();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            // WAIT returned: the replica has every entry answered 202 so far.
            long onTheReplica = replica.call(c -> c.sync().xlen(STREAM));
            assertThat(onTheReplica).isEqualTo(i);
        }
    }

    private RedisServerProcess redis(String... options) {
        RedisServerProcess redis = RedisServerProcess.start(options);
        started.add(redis);
        return redis;
    }

    private Api startApi(RedisServerProcess redis, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--the-eye.db.url=" + TestDatabases.newSqliteUrl(),
                "--the-eye.queue.type=redis",
                "--the-eye.queue.signing-key=" + TestCodecs.KEY,
                "--the-eye.queue.redis.url=" + redis.url(),
                "--the-eye.queue.redis.stream=" + STREAM,
                "--the-eye.queue.publish-timeout=2s",
                "--the-eye.worker.enabled=false",
                "--server.port=0"));
        args.addAll(List.of(settings));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(TheEyeApplication.class).run(args.toArray(String[]::new));
        started.add(context);
        ClientStore.Client client = context.getBean(ClientStore.class).create("durability test");
        return new Api(
                new ApiClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class)),
                Tokens.valid(client.clientId(), client.secretKey()));
    }

    private record Api(ApiClient client, String token) {
        HttpResponse<String> post() {
            return client.postEvents(
                    token,
                    "{\"session_id\": \"" + UUID.randomUUID() + "\", \"category\": \"c\", \"name\": \"durable\"}");
        }
    }
}
