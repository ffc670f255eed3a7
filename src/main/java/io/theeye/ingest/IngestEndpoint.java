package io.theeye.ingest;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.auth.BearerTokenCheck;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.CorsFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /events} (and {@code /events/}) with its CORS preflight, served by a servlet filter ahead of Spring
 * Security and Spring MVC, which this one endpoint does not need and which cost most of its CPU. It does what the
 * endpoint needs and no more: the same CORS processing and security headers as the rest of the API, the bearer token
 * (the same decoder and verified-token cache), the content type, the rate limit, a bounded body read, the check of
 * every event, and the hand-over to the queue. The request then waits asynchronously for its events to be durable,
 * holding no thread, and is answered from a virtual thread: never from the writer or broker thread that completed it.
 */
final class IngestEndpoint implements Filter {

    private static final Logger log = LoggerFactory.getLogger(IngestEndpoint.class);
    private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");

    private final BearerTokenCheck tokens;
    private final CorsFilter cors;
    private final HeaderWriter securityHeaders;
    private final HeaderWriterFilter preflightHeaders;
    private final EventIntake intake;
    private final EventRateLimiter rateLimiter;
    private final IngestProperties limits;
    private final Clock clock;
    private final JsonMapper json;
    private final IngestMetrics metrics;
    /** Requests being handled: each holds its body, then its parsed events, until it is answered. */
    private final Semaphore inFlight;

    private final Executor answers;

    IngestEndpoint(
            BearerTokenCheck tokens,
            CorsFilter cors,
            HeaderWriter securityHeaders,
            EventIntake intake,
            EventRateLimiter rateLimiter,
            IngestProperties limits,
            Clock clock,
            JsonMapper json,
            IngestMetrics metrics,
            Semaphore inFlight,
            Executor answers) {
        this.tokens = tokens;
        this.cors = cors;
        this.securityHeaders = securityHeaders;
        this.preflightHeaders = new HeaderWriterFilter(List.of(securityHeaders));
        this.intake = intake;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.clock = clock;
        this.json = json;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.answers = answers;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        boolean post = HttpMethod.POST.matches(request.getMethod());
        if (!post && !CorsUtils.isPreFlightRequest(request)) {
            // Other methods on /events (GET is the query API) go through Spring Security and MVC.
            chain.doFilter(request, response);
            return;
        }
        if (!post) {
            // Spring Security's own header filter, around the CORS filter, as in the API's security filter chain.
            preflightHeaders.doFilter(request, response, (rq, rs) -> cors.doFilter(rq, rs, (q, r) -> {}));
            return;
        }
        // The CORS filter passes an actual request on with its CORS headers set.
        cors.doFilter(request, response, (rq, rs) -> ingest((HttpServletRequest) rq, (HttpServletResponse) rs));
    }

    private void ingest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        try {
            AuthenticatedClient client = tokens.authenticate(request);
            requireJson(request.getContentType());
            // A client with nothing left in its bucket is refused before its body is read.
            rateLimiter.requireAny(client.clientId());
            // Refused before the body is read: a request waiting for a slot would hold its connection anyway.
            if (!inFlight.tryAcquire()) {
                throw unavailable("too many requests are being handled");
            }
            boolean handedOver = false;
            try {
                byte[] body = readBody(request);
                AsyncContext async = request.startAsync(request, response);
                // The store timeout bounds the wait; the container's own must not answer first.
                async.setTimeout(0);
                handedOver = true;
                accept(async, request, response, body, client.clientId(), started);
            } finally {
                if (!handedOver) {
                    inFlight.release();
                }
            }
        } catch (ApiException e) {
            answer(request, response, e, started);
        } catch (RuntimeException e) {
            log.error("Unexpected error", e);
            answer(request, response, internalError(), started);
        }
    }

    /**
     * Checks the body's events, hands them to the queue and answers once they are durable, then releases the permit
     * and completes the request.
     */
    private void accept(
            AsyncContext async,
            HttpServletRequest request,
            HttpServletResponse response,
            byte[] body,
            UUID clientId,
            long started) {
        EventIntake.Intake accepted;
        try {
            // Received once the body is in: a slow upload must not make its events look older, or in the future.
            Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            accepted = intake.accept(body, clientId, receivedAt);
        } catch (ApiException e) {
            finish(async, () -> answer(request, response, e, started));
            return;
        } catch (RuntimeException e) {
            log.error("Unexpected error", e);
            finish(async, () -> answer(request, response, internalError(), started));
            return;
        }
        accepted.stored()
                // Times out the queue's future itself, which withdraws the batch if no writer has taken it yet.
                .orTimeout(limits.storeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync(
                        (stored, failure) ->
                                finish(async, () -> answerStored(request, response, accepted, failure, started)),
                        answers);
    }

    /** Answers, then gives back the request's permit and ends it, whatever happened while answering. */
    private void finish(AsyncContext async, Runnable answer) {
        try {
            answer.run();
        } catch (RuntimeException e) {
            log.error("Could not answer POST /events", e);
        } finally {
            inFlight.release();
            async.complete();
        }
    }

    private void answerStored(
            HttpServletRequest request,
            HttpServletResponse response,
            EventIntake.Intake accepted,
            Throwable failure,
            long started) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause != null && accepted.storeRequired()) {
            answer(request, response, unavailable(reason(cause)), started);
            return;
        }
        if (cause != null) {
            // The client's answer is 400 either way: a refusal that could not be kept is only logged.
            log.warn("Could not record {} rejected events: {}", accepted.events() - accepted.accepted(), reason(cause));
        }
        metrics.stored(accepted.accepted(), accepted.events() - accepted.accepted());
        write(request, response, accepted.status().value(), Map.of(), accepted.body(), started);
    }

    private static String reason(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "storing the events took too long";
        }
        if (cause instanceof CancellationException) {
            return "the request was withdrawn";
        }
        return cause.getMessage();
    }

    private static void requireJson(String contentType) {
        MediaType type = null;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            // refused below
        }
        // Exact types only: a wildcard such as */* says nothing about the body.
        if (type == null
                || type.isWildcardType()
                || type.isWildcardSubtype()
                || !(MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || JSON_SUFFIX.includes(type))) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    ApiError.of("unsupported_media_type", "Content-Type", "must be application/json"));
        }
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long max = limits.maxBodySize().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            if (declared >= 0) {
                // Read into an array of the body's size: no growing buffer, no copy.
                return in.readNBytes((int) declared);
            }
            byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                ApiError.of("body_too_large", "body", "must be at most " + max + " bytes"));
    }

    private static ApiException unavailable(String reason) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                new ApiError("unavailable", "The events were not stored: " + reason + ". Retry later.", List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }

    private static ApiException internalError() {
        return new ApiException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                new ApiError("internal_error", "The server failed to handle the request.", List.of()));
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, ApiException refusal, long started) {
        write(request, response, refusal.status().value(), refusal.headers(), refusal.body(), started);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            Map<String, String> headers,
            Object body,
            long started) {
        metrics.answered(status, System.nanoTime() - started);
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            response.setStatus(status);
            headers.forEach(response::setHeader);
            // Written last, as Spring Security's header filter writes them when a response is committed.
            securityHeaders.writeHeaders(request, response);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (IOException e) {
            // The client has gone: nobody is left to answer.
            log.debug("Could not answer POST /events: {}", e.toString());
        }
    }
}
