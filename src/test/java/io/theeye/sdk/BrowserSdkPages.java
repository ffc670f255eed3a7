package io.theeye.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shop's web server and its own copy of Segment's CDN, on one port of the loopback: the shop's pages
 * ({@code /NAME.html}, each sending with a write key of its own), the browser SDK's bundle and chunks as npm publishes
 * them ({@code /analytics-next/bundles/}, the path the bundle asks its CDN for), and the settings Segment's CDN would
 * answer for a write key ({@code /v1/projects/KEY/settings}). Nothing the pages need comes from anywhere else.
 */
final class BrowserSdkPages implements AutoCloseable {

    private static final String BUNDLES = "/analytics-next/bundles/";
    private static final Pattern SETTINGS = Pattern.compile("/v1/projects/([^/]+)/settings");

    private final HttpServer server;
    private final Path bundles;
    private final ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    private BrowserSdkPages(HttpServer server, Path bundles) {
        this.server = server;
        this.bundles = bundles.toAbsolutePath().normalize();
    }

    /**
     * Serves the page, the bundles of {@code dist/umd} and the settings.
     *
     * @param bundles the package's {@code dist/umd} folder
     */
    static BrowserSdkPages start(Path bundles) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            BrowserSdkPages pages = new BrowserSdkPages(server, bundles);
            server.createContext("/", pages::handle);
            server.start();
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The origin of the pages reached by that host name: {@code localhost} and {@code 127.0.0.1} are two. */
    String origin(String host) {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    /**
     * Serves the shop's page at {@code /NAME.html}: it loads the SDK and sends a page, a track and an identify with
     * that key.
     *
     * @param segmentIo the page's settings of the SDK's Segment.io integration, a JSON object: where The Eye is
     *     ({@code apiHost}, {@code protocol}) and how to send ({@code deliveryStrategy})
     */
    void page(String name, String writeKey, String segmentIo) {
        try (InputStream template = BrowserSdkPages.class.getResourceAsStream("shop.html")) {
            String page = new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__WRITE_KEY__", writeKey)
                    .replace("__SEGMENT_IO__", segmentIo);
            pages.put("/" + name + ".html", page.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths served so far, in order. */
    List<String> served() {
        return List.copyOf(served);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            served.add(path);
            Matcher settings = SETTINGS.matcher(path);
            if (pages.containsKey(path)) {
                answer(exchange, 200, "text/html; charset=utf-8", pages.get(path));
            } else if (path.startsWith(BUNDLES) && path.endsWith(".js")) {
                Path file = bundles.resolve(path.substring(BUNDLES.length())).normalize();
                if (file.startsWith(bundles) && Files.isRegularFile(file)) {
                    answer(exchange, 200, "text/javascript; charset=utf-8", Files.readAllBytes(file));
                } else {
                    answer(exchange, 404, "text/plain", "no such bundle".getBytes(StandardCharsets.UTF_8));
                }
            } else if (settings.matches()) {
                answer(
                        exchange,
                        200,
                        "application/json",
                        settings(settings.group(1)).getBytes(StandardCharsets.UTF_8));
            } else {
                answer(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * What Segment's CDN answers for a source of the browser library with no destinations: the Segment.io
     * integration holding the key (its {@code apiHost} is Segment's until the page overrides it) and no plugins nor
     * middleware to load. Remote metrics are off: sampled (Segment's settings say 0.1), the SDK posts them to
     * {@code /v1/m} of its API host, which The Eye does not serve (401), and logs that.
     */
    private static String settings(String writeKey) {
        return """
                {
                  "integrations": {
                    "Segment.io": {
                      "apiKey": "%s",
                      "unbundledIntegrations": [],
                      "addBundledMetadata": true,
                      "maybeBundledConfigIds": {},
                      "versionSettings": {"version": "4.4.7", "componentTypes": ["browser"]},
                      "apiHost": "api.segment.io/v1"
                    }
                  },
                  "plan": {"track": {"__default": {"enabled": true, "integrations": {}}},
                           "identify": {"__default": {"enabled": true}},
                           "group": {"__default": {"enabled": true}}},
                  "edgeFunction": {},
                  "analyticsNextEnabled": true,
                  "middlewareSettings": {},
                  "enabledMiddleware": {},
                  "metrics": {"sampleRate": 0},
                  "legacyVideoPluginsEnabled": false,
                  "remotePlugins": []
                }
                """.formatted(writeKey);
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
