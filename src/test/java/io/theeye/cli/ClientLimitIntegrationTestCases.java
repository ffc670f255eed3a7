package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client's own rate limit, given with {@code clients limit} while the server runs: the server holds the client to
 * it, answering 429 beyond it as it does beyond the default, and to the default again after {@code --clear}. Each
 * subclass names the database the command line and the server share.
 */
@SpringBootTest(
        classes = TheEyeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            // 1 event a second: the seconds a test takes add next to nothing to what a client may send at once.
            "the-eye.rate-limit.events-per-second=1",
            "the-eye.rate-limit.burst=1000"
        })
abstract class ClientLimitIntegrationTestCases {

    @Autowired
    Environment environment;

    /** The command line's options that point it at the server's database. */
    abstract String[] databaseOptions();

    @Test
    void theServerHoldsAClientToItsOwnLimitAndToTheDefaultOnceItIsCleared() {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        JsonNode client = JsonMapper.shared().readTree(cli("clients", "create", "--name", "limited", "--json"));
        String clientId = client.get("client_id").stringValue();
        String token =
                Tokens.valid(UUID.fromString(clientId), client.get("secret_key").stringValue());

        cli("clients", "limit", clientId, "--events-per-second", "1", "--burst", "300");

        // Within a reload of the clients: a new bucket, of 300, full.
        HttpResponse<String> refused =
                await().atMost(Duration.ofSeconds(10)).until(() -> fillsItsBucket(api, token, 300), Objects::nonNull);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(ApiClient.json(refused).get("message").stringValue())
                .matches("Too many events: this client may send 1 event per second, up to 300 at once\\. Retry after"
                        + " \\d+ s\\.");

        cli("clients", "limit", clientId, "--clear");

        // The default's bucket, of 1000.
        await().atMost(Duration.ofSeconds(10)).until(() -> fillsItsBucket(api, token, 1000), Objects::nonNull);
    }

    /**
     * The 429 a client gets once it has sent what its bucket holds, if the bucket holds this many events: a request
     * of them is accepted, then the same again refused naming a bucket of that size; otherwise null. Takes what the
     * bucket holds, whatever the answer.
     */
    private static HttpResponse<String> fillsItsBucket(ApiClient api, String token, int size) {
        if (api.postEvents(token, events(size)).statusCode() != 202) {
            return null;
        }
        HttpResponse<String> next = api.postEvents(token, events(size));
        boolean refusedBySize = next.statusCode() == 429
                && ApiClient.json(next).get("message").stringValue().contains("up to " + size + " at once");
        return refusedBySize ? next : null;
    }

    /** Runs the command line against the server's database, in this JVM; returns what it printed. */
    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine =
                Cli.commandLine(new ContextLauncher(databaseOptions()), Map.<String, String>of()::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args))
                .as("exit code of the-eye %s: %s", String.join(" ", args), err)
                .isZero();
        return out.toString();
    }

    private static String events(int count) {
        String event = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";
        return "[" + String.join(",", Collections.nCopies(count, event)) + "]";
    }
}
