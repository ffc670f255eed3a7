package io.theeye.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.auth.BearerTokenCheck;
import io.theeye.deletion.Suppressions;
import io.theeye.queue.EventQueue;
import io.theeye.validation.EventValidation;
import io.theeye.validation.ValidationProperties;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.CompositeHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.web.filter.CorsFilter;
import tools.jackson.databind.json.JsonMapper;

/** The ingest path: {@link IngestEndpoint} registered ahead of every other filter, for its two paths only. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class IngestConfiguration {

    /** The bound on requests handled at once, shared by {@code POST /events} and Segment's paths. */
    @Bean
    IngestPermits ingestPermits(IngestProperties limits, MeterRegistry meters) {
        IngestPermits permits =
                new IngestPermits(limits.maxConcurrentRequests(), limits.maxConcurrentRequestsPerClient());
        Gauge.builder("theeye.ingest.requests.in.flight", permits, IngestPermits::inUse)
                .description("POST /events requests being read, checked or stored")
                .register(meters);
        return permits;
    }

    @Bean
    FilterRegistrationBean<IngestEndpoint> ingestEndpoint(IngestPaths paths) {
        return paths.register("ingestEndpoint", List.of("/events", "/events/"), IngestProtocol::events);
    }

    /** Segment's tracking API: the same path, permits and limits as {@code POST /events}, its own body and answer. */
    @Bean
    FilterRegistrationBean<IngestEndpoint> segmentEndpoint(
            IngestPaths paths, JsonMapper json, IngestProperties limits) {
        return paths.register(
                "segmentEndpoint",
                SegmentProtocol.servedPatterns(),
                intake -> new SegmentProtocol(intake, json, limits));
    }

    /**
     * Registers an {@link IngestEndpoint} for a protocol's paths. Only the protocol is the path's own: every path shares
     * one {@link EventIntake} (the checks, the rate limit, the queue and the record of refusals) and all else.
     */
    @FunctionalInterface
    interface IngestPaths {

        FilterRegistrationBean<IngestEndpoint> register(
                String name, List<String> paths, Function<EventIntake, IngestProtocol> protocol);
    }

    @Bean
    IngestPaths ingestPaths(
            EventQueue queue,
            EventValidation validation,
            ValidationProperties rules,
            BearerTokenCheck tokens,
            CorsFilter cors,
            IngestProperties limits,
            EventRateLimiter rateLimiter,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            ExecutorService ingestAnswers,
            ScheduledExecutorService ingestDeadlines,
            IngestPermits permits,
            Suppressions suppressions) {
        EventIntake intake = new EventIntake(queue, validation, limits, rules, rateLimiter, suppressions, json);
        HeaderWriter securityHeaders = securityHeaders();
        IngestMetrics metrics = new IngestMetrics(meters);
        IngestAnswers answers = new IngestAnswers(json, securityHeaders, metrics);
        return (name, paths, protocol) -> {
            IngestEndpoint endpoint = new IngestEndpoint(
                    tokens,
                    cors,
                    securityHeaders,
                    protocol.apply(intake),
                    rateLimiter,
                    limits,
                    clock,
                    metrics,
                    permits,
                    answers,
                    ingestDeadlines,
                    ingestAnswers);
            FilterRegistrationBean<IngestEndpoint> registration = new FilterRegistrationBean<>(endpoint);
            registration.setName(name);
            registration.setUrlPatterns(paths);
            registration.setAsyncSupported(true);
            // Ahead of Spring's request observation and security filters, which these paths replace.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        };
    }

    /**
     * Requests that went asynchronous (their body was not in with their head) are answered on virtual threads, never on
     * the writer or broker thread that completed their batch.
     */
    @Bean(destroyMethod = "close")
    ExecutorService ingestAnswers() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("ingest-answer-", 0).factory());
    }

    /**
     * Ends bodies that do not arrive in time. One thread is enough: it only hands each late request to {@link
     * #ingestAnswers}; a deadline met is cancelled and removed at once.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService ingestDeadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("ingest-deadlines").daemon().factory());
        deadlines.setRemoveOnCancelPolicy(true);
        return deadlines;
    }

    /** The headers Spring Security writes on every other answer of the API, by the same writers. */
    private static HeaderWriter securityHeaders() {
        return new CompositeHeaderWriter(List.of(
                new XContentTypeOptionsHeaderWriter(),
                new XXssProtectionHeaderWriter(),
                new CacheControlHeadersWriter(),
                new HstsHeaderWriter(),
                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY)));
    }
}
