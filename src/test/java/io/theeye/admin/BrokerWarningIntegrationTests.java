package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.auth.PasswordHashing;
import io.theeye.queue.TestCodecs;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.RedisServerProcess;
import io.theeye.support.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An API process on a Redis of the test's own says whether events it answers 202 survive a crash of Redis: in the
 * log, in the metric {@code theeye_queue_durable} and on the admin dashboard, never to anonymous callers.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokerWarningIntegrationTests {

    private static final String PASSWORD = "correct horse battery";

    private RedisServerProcess redis;
    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRedisWithoutAppendOnlyFileIsShownOnTheDashboardInTheMetricAndTheLog(CapturedOutput output) {
        redis = RedisServerProcess.start("--appendonly", "no");
        int port = startApi();
        ApiClient anonymous = new ApiClient(port);
        AdminSession admin = signedIn(port);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(metrics(anonymous)).contains("theeye_queue_durable{broker=\"redis\"} 0.0"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(admin.get("/admin").body()).contains("id=\"broker-warning\""));

        String dashboard = admin.get("/admin").body();
        assertThat(dashboard)
                .contains("Redis at 127.0.0.1:" + redis.port() + " keeps no append-only file")
                .contains("appendonly=no");
        assertThat(admin.get("/admin/dashboard.json").body()).contains("\"brokerWarning\":\"Redis at 127.0.0.1:");
        assertThat(output.getAll())
                .containsPattern("WARN .*Redis at 127\\.0\\.0\\.1:" + redis.port() + " keeps no append-only file");
        // Health shows which parts are up, no details: the warning is for admins.
        HttpResponse<String> health = anonymous.send("GET", "/actuator/health", null, Map.of());
        assertThat(health.body()).doesNotContain("appendonly").doesNotContain("append-only");
        assertThat(anonymous
                        .send("GET", "/admin/dashboard.json", null, Map.of())
                        .body())
                .doesNotContain("append-only");
    }

    @Test
    void aRedisThatWritesEveryEventToDiskBeforeAnsweringShowsNoWarning() {
        redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always");
        int port = startApi();
        ApiClient anonymous = new ApiClient(port);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(metrics(anonymous)).contains("theeye_queue_durable{broker=\"redis\"} 1.0"));

        AdminSession admin = signedIn(port);
        assertThat(admin.get("/admin").body()).contains("Dashboard").doesNotContain("broker-warning");
        assertThat(admin.get("/admin/dashboard.json").body()).contains("\"brokerWarning\":null");
    }

    private int startApi() {
        context = new SpringApplicationBuilder(TheEyeApplication.class)
                .run(
                        "--the-eye.db.url=" + TestDatabases.newSqliteUrl(),
                        "--the-eye.queue.type=redis",
                        "--the-eye.queue.signing-key=" + TestCodecs.KEY,
                        "--the-eye.queue.redis.url=" + redis.url(),
                        "--the-eye.worker.enabled=false",
                        "--server.port=0");
        context.getBean(UserStore.class)
                .createSuperuser("admin", PasswordHashing.encoder().encode(PASSWORD));
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static AdminSession signedIn(int port) {
        AdminSession admin = new AdminSession(port);
        assertThat(admin.signIn("admin", PASSWORD).statusCode()).isEqualTo(302);
        return admin;
    }

    private static String metrics(ApiClient client) {
        return client.send("GET", "/actuator/prometheus", null, Map.of()).body();
    }
}
