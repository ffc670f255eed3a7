package io.theeye.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theeye.system.BearerTokens;
import io.theeye.system.LifecyclePhases;
import io.theeye.system.MetricsProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.context.SmartLifecycle;

/**
 * The exporter's metrics in Prometheus' text format at {@code /actuator/prometheus} on a port of their own: the
 * exporter runs no web server, and a scrape needs one. Guarded by {@code THE_EYE_METRICS_TOKEN} as {@code serve}'s
 * are. The JDK's own HTTP server: a page a scrape, nothing else.
 */
final class MetricsServer implements SmartLifecycle {

    static final String PATH = "/actuator/prometheus";

    private final PrometheusMeterRegistry registry;
    private final MetricsProperties access;
    private final int port;
    private HttpServer server;

    MetricsServer(PrometheusMeterRegistry registry, MetricsProperties access, int port) {
        this.registry = registry;
        this.access = access;
        this.port = port;
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (access.tokenRequired()
                    && !tokenGiven(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] page = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        }
    }

    private boolean tokenGiven(String authorization) {
        String given = BearerTokens.of(authorization);
        return given != null && BearerTokens.same(access.token(), given);
    }

    @Override
    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the export metrics port " + port, e);
        }
        server.createContext("/", this::scrape);
        server.start();
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.WEB_SERVER;
    }
}
