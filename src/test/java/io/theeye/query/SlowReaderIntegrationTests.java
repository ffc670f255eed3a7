package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reader that does not take its answer is cut off: a page after the write timeout from its first byte, an export
 * after the export timeout from its start. The answers here are larger than what the sockets buffer, so the server
 * is still writing when the reader stalls; the connection then ends without the chunked answer's last chunk.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.query.write-timeout=2s",
            "the-eye.query.export-timeout=2s"
        })
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowReaderIntegrationTests {

    /** About 12 MB of events: more than the loopback's socket buffers hold. */
    private static final int EVENTS = 200;

    /** The write and export timeouts set above. */
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private static final String LAST_CHUNK = "\r\n0\r\n\r\n";

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    private ApiClient api;
    private String token;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @BeforeAll
    void storeLargeEvents() {
        api = new ApiClient(port());
        ClientStore.Client client = clients.create("slow reader");
        token = Tokens.valid(client.clientId(), client.secretKey());
        String event = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\", \"data\": {\"text\": \"%s\"}}"
                .formatted("x".repeat(60_000));
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            batch.add(event);
            if (batch.size() == 15 || i == EVENTS - 1) {
                String body = "[" + String.join(",", batch) + "]";
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> api.postEvents(token, body).statusCode() == 202);
                batch.clear();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events?limit=" + EVENTS, "/events/export"})
    void aReaderThatStallsIsCutOffAndTheNextReadIsServed(String path) throws Exception {
        String received = readStalling(path);

        assertThat(received).startsWith("HTTP/1.1 200");
        assertThat(received).doesNotEndWith(LAST_CHUNK);
        assertThat(received.length()).isLessThan(EVENTS * 60_000);
        // The export's slot (one per client) was given back.
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        assertThat(api.send("GET", path, null, auth).statusCode()).isEqualTo(200);
    }

    @Test
    void aReaderThatKeepsUpGetsTheWholeExport() {
        var response = api.send("GET", "/events/export", null, Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().lines()).hasSize(EVENTS);
    }

    /**
     * Sends the request, reads the head, stops reading until the deadline (2 s) is well past, then reads whatever else
     * comes. The server notices on its next write, which the reader's stall holds back.
     */
    private String readStalling(String path) throws IOException {
        Instant sent = Instant.now();
        try (Socket socket = new Socket()) {
            // A small window, so that the server's writes wait for this reader soon.
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port()));
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            received.write(buffer, 0, in.read(buffer));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Instant.now().isAfter(sent.plus(DEADLINE).plus(DEADLINE)));
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    received.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // reset by the server: what arrived before is what the reader got
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private int port() {
        return environment.getRequiredProperty("local.server.port", Integer.class);
    }
}
