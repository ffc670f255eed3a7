package io.theeye.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the running application over real HTTP. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public ApiClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> postEvents(String token, String body) {
        return send(
                "POST",
                "/events",
                body,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    /** Posts bytes as they are, for bodies that are not well-formed UTF-8. */
    public HttpResponse<String> postEvents(String token, byte[] body) {
        return send(
                "POST",
                "/events",
                HttpRequest.BodyPublishers.ofByteArray(body),
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    /** Posts bytes with headers of the caller's besides the token, such as a {@code Content-Encoding}. */
    public HttpResponse<String> postEvents(String token, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + token);
        all.putIfAbsent("Content-Type", "application/json");
        return send("POST", "/events", HttpRequest.BodyPublishers.ofByteArray(body), all);
    }

    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        return send(
                method,
                path,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                headers);
    }

    private HttpResponse<String> send(
            String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method, body);
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
