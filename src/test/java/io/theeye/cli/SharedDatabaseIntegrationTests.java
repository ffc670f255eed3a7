package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.support.ApiClient;
import io.theeye.support.CliProcess;
import io.theeye.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
        return CliProcess.run(Map.of("THE_EYE_DB_URL", DATABASE_URL), args);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("the-eye-shared-db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
