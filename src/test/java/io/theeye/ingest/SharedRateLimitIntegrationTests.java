package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.TheEyeApplication;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.WriteKeyChanges;
import io.theeye.store.WriteKeyStore;
import io.theeye.support.ApiClient;
import io.theeye.support.RedisServerProcess;
import io.theeye.support.TestBrokers;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several API processes (here, applications in one JVM) on one database: with a Redis for limits they hold a client
 * to one limit between them, and a write key to its own besides; without one that answers, each counts on its own and still answers every request.
 */
class SharedRateLimitIntegrationTests {

    /** 1 event a second, so that the seconds a test takes add next to nothing to the 1000 a client may send at once. */
    private static final List<String> LIMIT =
            List.of("--the-eye.rate-limit.events-per-second=1", "--the-eye.rate-limit.burst=1000");

    private final String databaseUrl = TestDatabases.newSqliteUrl();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void stopAll() {
        contexts.reversed().forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoApiProcessesSharingARedisHoldAClientToOneLimit() {
        String redis = TestBrokers.redis();
        ConfigurableApplicationContext one = start("--the-eye.rate-limit.redis-url=" + redis);
        ConfigurableApplicationContext other = start("--the-eye.rate-limit.redis-url=" + redis);
        String token = tokenOfNewClient(one);

        assertThat(api(one).postEvents(token, events(600)).statusCode()).isEqualTo(202);

        HttpResponse<String> refused = api(other).postEvents(token, events(600));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(ApiClient.json(refused).get("message").stringValue()).contains("up to 1000 at once");
        assertThat(api(other).postEvents(token, events(400)).statusCode()).isEqualTo(202);
        assertThat(api(one).postEvents(token, events(100)).statusCode()).isEqualTo(429);
        assertThat(shared(one)).isEqualTo(1.0);
        assertThat(shared(other)).isEqualTo(1.0);
    }

    @Test
    void twoApiProcessesSharingARedisHoldAWriteKeyToItsOwnLimitBesidesItsClients() {
        String redis = TestBrokers.redis();
        ConfigurableApplicationContext one = start("--the-eye.rate-limit.redis-url=" + redis);
        ConfigurableApplicationContext other = start("--the-eye.rate-limit.redis-url=" + redis);
        ClientStore.Client client = one.getBean(ClientStore.class).create("shared key limit");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        WriteKeyStore.NewKey key = one.getBean(WriteKeyChanges.class)
                .create("test", client.clientId(), "shop", List.of(), new RateLimit(1, 500))
                .orElseThrow();

        assertThat(sendWithKey(one, key, 300).statusCode()).isEqualTo(202);

        HttpResponse<String> refused = sendWithKey(other, key, 300);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(ApiClient.json(refused).get("message").stringValue())
                .contains("write key " + key.writeKey().keyId() + " may send 1 event per second, up to 500 at once");
        assertThat(sendWithKey(other, key, 200).statusCode()).isEqualTo(202);
        // Of the client's 1000, the key took 500: the refused 300 took none of the 500 left.
        assertThat(api(other).postEvents(token, events(450)).statusCode()).isEqualTo(202);
    }

    @Test
    void withoutARedisThatAnswersEachProcessCountsOnItsOwnAndRefusesNoRequestForIt() {
        ConfigurableApplicationContext one =
                start("--the-eye.rate-limit.redis-url=redis://127.0.0.1:" + RedisServerProcess.freePort());
        ConfigurableApplicationContext other = start();
        String token = tokenOfNewClient(one);

        assertThat(api(one).postEvents(token, events(600)).statusCode()).isEqualTo(202);
        assertThat(api(other).postEvents(token, events(600)).statusCode()).isEqualTo(202);
        assertThat(api(one).postEvents(token, events(600)).statusCode()).isEqualTo(429);
        assertThat(shared(one)).isZero();
        assertThat(shared(other)).isZero();
    }

    private ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--the-eye.db.url=" + databaseUrl, "--the-eye.auth.client-refresh-interval=100ms"));
        args.addAll(LIMIT);
        args.addAll(List.of(settings));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(TheEyeApplication.class).run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return new ApiClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static String tokenOfNewClient(ConfigurableApplicationContext context) {
        ClientStore.Client client = context.getBean(ClientStore.class).create("shared limit");
        return Tokens.valid(client.clientId(), client.secretKey());
    }

    private static HttpResponse<String> sendWithKey(
            ConfigurableApplicationContext context, WriteKeyStore.NewKey key, int events) {
        String basic = Base64.getEncoder().encodeToString((key.key() + ":").getBytes(StandardCharsets.UTF_8));
        return api(context)
                .send(
                        "POST",
                        "/events",
                        events(events),
                        Map.of("Authorization", "Basic " + basic, "Content-Type", "application/json"));
    }

    private static double shared(ConfigurableApplicationContext context) {
        return context.getBean(MeterRegistry.class)
                .get("theeye.rate.limit.shared")
                .gauge()
                .value();
    }

    private static String events(int count) {
        return "[" + String.join(",", Collections.nCopies(count, IngestIntegrationTestCases.README_EVENT)) + "]";
    }
}
