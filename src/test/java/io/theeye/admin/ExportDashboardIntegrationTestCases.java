package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.auth.PasswordHashing;
import io.theeye.store.ClientStore;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The continuous export as an API process's dashboard shows it, read from the database it shares with an exporter
 * run beside it (in a context of its own, as {@code the-eye exporter} runs): no export section before any export has
 * run; then each destination's lag; the exporter failing, with the reason, while its folder cannot be written, and
 * live again, its lag back to nothing, once it can. Each subclass names the database.
 */
@SpringBootTest(
        classes = TheEyeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.worker.heartbeat.interval=200ms",
            "the-eye.worker.heartbeat.timeout=3s"
        })
abstract class ExportDashboardIntegrationTestCases {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    UserStore users;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path temporary;

    private ConfigurableApplicationContext exporter;

    @AfterEach
    void stopExporter() {
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void theDashboardShowsEachExportsLagAndAnExporterThatCannotWriteFailingUntilItWritesAgain() throws Exception {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        users.createSuperuser("admin", PasswordHashing.encoder().encode(PASSWORD));
        AdminSession admin = new AdminSession(port);
        assertThat(admin.signIn("admin", PASSWORD).statusCode()).isEqualTo(302);
        assertThat(dashboard(admin).get("exports").isEmpty())
                .as("no export has run")
                .isTrue();
        assertThat(admin.get("/admin").body()).doesNotContain("id=\"exports\"", "Parquet export");

        ClientStore.Client client = clients.create("exported");
        ApiClient api = new ApiClient(port);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        String events = "["
                + String.join(
                        ",",
                        java.util.Collections.nCopies(
                                20, "{\"session_id\": \"s\"," + " \"category\": \"c\", \"name\": \"n\"}"))
                + "]";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, events).statusCode() == 202);
        long stored = jdbc.sql("select count(*) from events").query(Long.class).single();

        // A file where the folder should be: nothing can be written under it.
        Path folder = temporary.resolve("export");
        Files.writeString(folder, "not a folder");
        String destination = folder.toUri().toString();
        exporter = exporter(destination);

        // On PostgreSQL a long transaction elsewhere on the server holds the feed back: nothing to write until it ends.
        JsonNode failing = await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> exporterProcess(dashboard(admin)),
                        p -> p != null && p.get("state").stringValue().equals("failing"));
        assertThat(failing.get("problem").stringValue()).startsWith("cannot write to " + destination + ": ");
        JsonNode behind = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> export(dashboard(admin), destination),
                        e -> e != null && e.get("holder").isString());
        assertThat(behind.get("events").longValue()).isEqualTo(stored);
        assertThat(behind.get("counted").booleanValue()).isTrue();
        assertThat(behind.get("seconds").longValue()).isNotNegative();
        String page = admin.get("/admin").body();
        assertThat(page)
                .contains("id=\"exports\"", "data-destination=\"" + destination + "\"")
                .contains("<span class=\"hint problem\">cannot write to " + destination);
        assertThat(dashboard(admin).get("processes").get("failing").longValue()).isEqualTo(1);

        Files.delete(folder);

        JsonNode live = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> exporterProcess(dashboard(admin)),
                        p -> p != null && p.get("state").stringValue().equals("live"));
        assertThat(live.get("problem").isNull()).isTrue();
        JsonNode caughtUp = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> export(dashboard(admin), destination),
                        e -> e.get("events").longValue() == 0);
        assertThat(caughtUp.get("seconds").longValue()).isZero();
        assertThat(dashboard(admin).get("processes").get("failing").longValue()).isZero();
    }

    private ConfigurableApplicationContext exporter(String destination) {
        List<String> args = List.of(
                "--the-eye.db.url=" + environment.getRequiredProperty("the-eye.db.url"),
                "--the-eye.db.user=" + environment.getProperty("the-eye.db.user", ""),
                "--the-eye.db.password=" + environment.getProperty("the-eye.db.password", ""),
                "--the-eye.worker.enabled=false",
                "--the-eye.exporter.enabled=true",
                "--the-eye.export.to=" + destination,
                "--the-eye.export.interval=200ms",
                "--the-eye.worker.heartbeat.interval=200ms",
                "--the-eye.worker.heartbeat.timeout=3s");
        return new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(args.toArray(String[]::new));
    }

    private static JsonNode dashboard(AdminSession admin) {
        return JsonMapper.shared().readTree(admin.get("/admin/dashboard.json").body());
    }

    /** The one exporter the dashboard lists, or null. */
    private static JsonNode exporterProcess(JsonNode dashboard) {
        return StreamSupport.stream(dashboard.get("processes").get("members").spliterator(), false)
                .filter(m -> m.get("role").stringValue().equals("exporter"))
                .findFirst()
                .orElse(null);
    }

    private static JsonNode export(JsonNode dashboard, String destination) {
        return StreamSupport.stream(dashboard.get("exports").spliterator(), false)
                .filter(e -> e.get("destination").stringValue().equals(destination))
                .findFirst()
                .orElse(null);
    }
}
