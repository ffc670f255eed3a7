package io.theeye.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for the admin pages: keeps cookies, never follows redirects, finds CSRF tokens. */
final class AdminSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http =
            HttpClient.newBuilder().cookieHandler(cookies).build();
    private final String baseUrl;
    private final Map<String, String> headers;

    AdminSession(int port) {
        this(port, Map.of());
    }

    /** A session whose every request carries these headers (X-Forwarded-For from a trusted proxy, say). */
    AdminSession(int port, Map<String, String> headers) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.headers = Map.copyOf(headers);
    }

    /** Signs in through the form; returns the answer to the form's post. */
    HttpResponse<String> signIn(String username, String password) {
        return post("/admin/login", Map.of("username", username, "password", password), true);
    }

    /** Signs in through the form with a CSRF token fetched before, so that only the post is sent. */
    HttpResponse<String> signIn(String username, String password, String csrfToken) {
        return post("/admin/login", Map.of("username", username, "password", password, "_csrf", csrfToken), false);
    }

    HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        this.headers.forEach(request::header);
        headers.forEach(request::header);
        return send(request.GET().build());
    }

    /** A GET whose body is read as it comes: a stream of server-sent events. */
    HttpResponse<java.io.InputStream> open(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        headers.forEach(request::header);
        try {
            return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form, with the CSRF token of a page fetched just before if {@code withCsrf}. */
    HttpResponse<String> post(String path, Map<String, String> form, boolean withCsrf) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (withCsrf) {
            fields.put("_csrf", csrfToken());
        }
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        headers.forEach(request::header);
        return send(request.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A CSRF token of this session, from a page that has a form. */
    String csrfToken() {
        HttpResponse<String> page = get("/admin/login");
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        return m.group(1);
    }

    /** The admin session cookie's value, or null before there is one. */
    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(AdminWebConfiguration.SESSION_COOKIE))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
