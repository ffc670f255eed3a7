package io.theeye.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.ClientStore;
import io.theeye.store.WriteKeyChanges;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * What an SDK's test class sends as: a client of its own, with a token to read its events back through the API and a
 * write key for the SDK, on the running application.
 *
 * @param host where the application listens, as an SDK is pointed at it: {@code http://127.0.0.1:PORT}
 */
record SdkClient(ApiClient api, String host, UUID clientId, String token, String writeKey) {

    /** The namespace docs/api.md gives for ids derived from a {@code messageId} that is not a UUID. */
    private static final UUID MESSAGE_ID_NAMESPACE = UUID.fromString("9714db3c-7b01-4101-8405-ace0068e8edb");

    /** A new client, named so, and a write key of it with no origin rule. */
    static SdkClient create(
            Environment environment, ClientStore clients, WriteKeyChanges keys, String clientName, String keyName) {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        ClientStore.Client client = clients.create(clientName);
        String writeKey = keys.create("test", client.clientId(), keyName, List.of())
                .orElseThrow()
                .key();
        return new SdkClient(
                new ApiClient(port),
                "http://127.0.0.1:" + port,
                client.clientId(),
                Tokens.valid(client.clientId(), client.secretKey()),
                writeKey);
    }

    Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** The client's events of that session, as {@code GET /events?session_id=} lists them. */
    List<JsonNode> session(String session) {
        return session(api, token, session);
    }

    /** A client's events of that session, read with its token. */
    static List<JsonNode> session(ApiClient api, String token, String session) {
        HttpResponse<String> response =
                api.send("GET", "/events?session_id=" + session, null, Map.of("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        ApiClient.json(response).get("results").forEach(events::add);
        return events;
    }

    /** The id this client's event gets from a {@code messageId} that is not a UUID. */
    UUID derivedId(String messageId) {
        return derivedId(clientId, messageId);
    }

    /**
     * docs/api.md: the UUID v5 of the namespace over {@code <client_id>:<messageId>}, written here from RFC 9562 rather
     * than computed as the server does.
     */
    static UUID derivedId(UUID clientId, String messageId) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(MESSAGE_ID_NAMESPACE.getMostSignificantBits())
                    .putLong(MESSAGE_ID_NAMESPACE.getLeastSignificantBits())
                    .array());
            ByteBuffer hash =
                    ByteBuffer.wrap(sha1.digest((clientId + ":" + messageId).getBytes(StandardCharsets.UTF_8)));
            long high = (hash.getLong() & ~0xf000L) | 0x5000L;
            long low = (hash.getLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
            return new UUID(high, low);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
