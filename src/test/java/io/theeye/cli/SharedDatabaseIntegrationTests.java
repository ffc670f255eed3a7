package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server and the command line as two processes on the embedded default, a SQLite file: a client created by the
 * command line while the server runs can send events at once, and once revoked is refused within seconds.
 */
@SpringBootTest(classes = TheEyeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SharedDatabaseIntegrationTests {

    private static final String DATABASE_URL =
            "jdbc:sqlite:" + temporaryDirectory().resolve("data/the-eye.db");

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("the-eye.db.url", () -> DATABASE_URL);
    }

    @Test
    void aClientCreatedByTheCommandLineWhileServingCanSendEventsUntilRevoked() {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));

        JsonNode client = JsonMapper.shared().readTree(cli("clients", "create", "--name", "two processes", "--json"));
        String token = Tokens.valid(
                UUID.fromString(client.get("client_id").stringValue()),
                client.get("secret_key").stringValue());
        String event = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";
        // At once: the server looks up a client it does not know yet rather than refusing it.
        assertThat(api.postEvents(token, event).statusCode()).isEqualTo(202);

        cli("clients", "revoke", client.get("client_id").stringValue());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, event).statusCode() == 401);
        assertThat(cli("clients", "list")).containsPattern("revoked +own +\\S+ +two processes");
    }

    /** Runs the command line in a process of its own, as a user would, and returns what it printed. */
    private static String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("THE_EYE_DB_URL", DATABASE_URL);
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("exit code of the-eye %s", String.join(" ", args))
                    .isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("the-eye-shared-db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
