package io.theeye.ingest;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.auth.BearerTokenCheck;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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

/**
 * {@code POST /events} (and {@code /events/}) with its CORS preflight, served by a servlet filter ahead of Spring
 * Security and Spring MVC, which this one endpoint does not need and which cost most of its CPU. It does what the
 * endpoint needs and no more: the same CORS processing and security headers as the rest of the API, the bearer token
 * (the same decoder and verified-token cache), the content type, the rate limit, a bounded body read, the check of
 * every event, and the hand-over to the queue, within the client's share of the requests handled at once. A body that
 * arrived whole with the request's head is handled on the request's own virtual thread, which waits there for its
 * events to be durable ({@link InlineExchange}). Any other body is read with the request asynchronous, under a deadline,
 * holding no thread while it trickles in; the request is then answered from a virtual thread once its events are
 * durable ({@link AsyncExchange}). Never from the writer or broker thread that stored them. Whatever is thrown, the
 * request is answered and its permit returned.
 */
final class IngestEndpoint implements Filter {

    private static final Logger log = LoggerFactory.getLogger(IngestEndpoint.class);
    private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");
    /** What SDKs label JSON as besides JSON: see {@link IngestProtocol#readsSdkContentTypes()}. */
    private static final List<MediaType> ALSO_JSON =
            List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED);

    private final BearerTokenCheck tokens;
    private final CorsFilter cors;
    private final HeaderWriterFilter preflightHeaders;
    private final IngestProtocol protocol;
    private final EventRateLimiter rateLimiter;
    private final IngestProperties limits;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final IngestPermits permits;
    private final IngestAnswers answers;
    private final ScheduledExecutorService deadlines;
    private final Executor answering;

    IngestEndpoint(
            BearerTokenCheck tokens,
            CorsFilter cors,
            HeaderWriter securityHeaders,
            IngestProtocol protocol,
            EventRateLimiter rateLimiter,
            IngestProperties limits,
            Clock clock,
            IngestMetrics metrics,
            IngestPermits permits,
            IngestAnswers answers,
            ScheduledExecutorService deadlines,
            Executor answering) {
        this.tokens = tokens;
        this.cors = cors;
        this.preflightHeaders = new HeaderWriterFilter(List.of(securityHeaders));
        this.protocol = protocol;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.permits = permits;
        this.answers = answers;
        this.deadlines = deadlines;
        this.answering = answering;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        boolean post = HttpMethod.POST.matches(request.getMethod());
        if (!post && !CorsUtils.isPreFlightRequest(request)) {
            if (protocol.pathsServeOtherMethods()) {
                // Other methods on /events (GET is the query API) go through Spring Security and MVC.
                chain.doFilter(request, response);
            } else {
                long started = System.nanoTime();
                cors.doFilter(
                        request,
                        response,
                        (rq, rs) -> answers.refuse(
                                (HttpServletRequest) rq, (HttpServletResponse) rs, methodNotAllowed(request), started));
            }
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

    private static ApiException methodNotAllowed(HttpServletRequest request) {
        return new ApiException(
                HttpStatus.METHOD_NOT_ALLOWED,
                new ApiError(
                        "method_not_allowed",
                        request.getMethod() + " is not served on " + request.getRequestURI()
                                + ": this path takes events by POST (read them with GET /events)",
                        List.of()),
                Map.of(HttpHeaders.ALLOW, "POST, OPTIONS"));
    }

    private void ingest(HttpServletRequest request, HttpServletResponse response) {
        long started = System.nanoTime();
        try {
            // A body that names its own write key is authenticated once read (the key is in it).
            boolean keyInBody = protocol.keyInBody() && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
            EventRateLimiter.Sender sender = keyInBody ? null : sender(tokens.authenticate(request, response));
            UUID clientId = sender == null ? null : sender.clientId();
            requireJson(request.getContentType(), protocol.readsSdkContentTypes());
            ContentEncoding encoding = ContentEncoding.of(request.getHeader(HttpHeaders.CONTENT_ENCODING));
            // A client (or write key) with nothing left in its bucket is refused before its body is read.
            if (sender != null) {
                rateLimiter.requireAny(sender);
            }
            long max = limits.maxBodySize().toBytes();
            long declared = request.getContentLengthLong();
            if (declared > max) {
                throw tooLarge(max);
            }
            // Refused before the body is read: a request waiting for a slot would hold its connection anyway. A body
            // naming its own key takes a permit within the whole bound now, its client's share once it is read.
            IngestPermits.Permit permit = clientId == null ? permits.acquireUnclaimed() : permits.acquire(clientId);
            try {
                handle(request, response, permit, encoding, declared, max, sender, started);
            } catch (Throwable e) {
                // Thrown before an exchange took the request over: the permit is given back (once, however often).
                permit.release();
                throw e;
            }
        } catch (ApiException e) {
            answers.refuse(request, response, e, started);
        } catch (Throwable e) {
            log.error("Unexpected error while handling POST {}", request.getRequestURI(), e);
            answers.refuse(request, response, IngestAnswers.internalError(), started);
        }
    }

    /**
     * A body that came whole with its request's head (a small one usually does) is handled on the request's own
     * virtual thread; any other is read as it arrives, the request asynchronous, holding no thread while it trickles
     * in. A platform thread (virtual threads turned off) never waits for the store: its requests go asynchronous.
     */
    private void handle(
            HttpServletRequest request,
            HttpServletResponse response,
            IngestPermits.Permit permit,
            ContentEncoding encoding,
            long declared,
            long max,
            EventRateLimiter.Sender sender,
            long started)
            throws IOException {
        BodyReader body = new BodyReader(request.getInputStream(), declared, max);
        if (Thread.currentThread().isVirtual()) {
            InlineExchange exchange = new InlineExchange(request, response, permit, answers, started);
            boolean arrived;
            try {
                arrived = body.readArrived();
            } catch (IOException e) {
                exchange.refuse(unreadable(e));
                return;
            }
            if (arrived) {
                accept(exchange, () -> encoding.decode(body.body(), max), sender);
                return;
            }
        }
        AsyncExchange exchange =
                AsyncExchange.start(request, response, permit, answers, limits, deadlines, answering, started);
        receive(exchange, body, encoding, max, sender);
    }

    /** Reads the body as it arrives, holding no thread while the client is slow, then handles its events. */
    private void receive(
            AsyncExchange exchange,
            BodyReader body,
            ContentEncoding encoding,
            long max,
            EventRateLimiter.Sender sender) {
        try {
            body.readRest(new BodyReader.Receiver() {
                @Override
                public void received(byte[] bytes) {
                    if (exchange.bodyArrived()) {
                        accept(exchange, () -> encoding.decode(bytes, max), sender);
                    }
                }

                @Override
                public void tooLarge() {
                    exchange.refuse(IngestEndpoint.tooLarge(max));
                }

                @Override
                public void failed(Throwable cause) {
                    // The client went away or sent a broken body: nobody is left to answer, but the permit is freed.
                    log.debug("Could not read the body of POST /events: {}", cause.toString());
                    exchange.refuse(unreadable(cause));
                }
            });
        } catch (Throwable e) {
            exchange.failed(e);
        }
    }

    /** Inflates the body if it came compressed, checks its events, hands them to the queue and answers once durable. */
    private void accept(IngestExchange exchange, Supplier<byte[]> decoded, EventRateLimiter.Sender sender) {
        EventIntake.Intake accepted;
        try {
            byte[] body = decoded.get();
            // Received once the body is in: a slow upload must not make its events look older, or in the future.
            Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            IngestProtocol.Body read = protocol.read(exchange.request(), body, receivedAt);
            EventRateLimiter.Sender from = sender;
            if (from == null) {
                from = sender(tokens.authenticateWriteKey(read.writeKey(), exchange.request(), exchange.response()));
                exchange.permit().claim(from.clientId());
            }
            accepted = read.accept(from, receivedAt);
        } catch (ApiException e) {
            exchange.refuse(e);
            return;
        } catch (Throwable e) {
            // An Error too (a validator's stack overflow, say): the request is answered and its permit returned.
            exchange.failed(e);
            return;
        }
        exchange.whenStored(
                // Times out the queue's future itself, which withdraws the batch if no writer has taken it yet.
                accepted.stored().orTimeout(limits.storeTimeout().toMillis(), TimeUnit.MILLISECONDS),
                failure -> answerStored(exchange, accepted, failure));
    }

    private void answerStored(IngestExchange exchange, EventIntake.Intake accepted, Throwable cause) {
        if (cause != null && accepted.storeRequired()) {
            exchange.refuse(IngestPermits.unavailable(reason(cause)));
            return;
        }
        if (cause != null) {
            // The client's answer is 400 either way: a refusal that could not be kept is only logged.
            log.warn("Could not record {} rejected events: {}", accepted.events() - accepted.accepted(), reason(cause));
        }
        metrics.stored(accepted.accepted(), accepted.events() - accepted.accepted());
        exchange.answer(accepted.status().value(), accepted.body());
    }

    private static String reason(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "storing the events took too long";
        }
        if (cause instanceof CancellationException) {
            return "the request was withdrawn";
        }
        if (cause instanceof InterruptedException) {
            return "the server is stopping";
        }
        return cause.getMessage();
    }

    /** Whose buckets the request's events count against: its client's, and its write key's. */
    private static EventRateLimiter.Sender sender(AuthenticatedClient client) {
        return new EventRateLimiter.Sender(client.clientId(), client.keyId());
    }

    private static void requireJson(String contentType, boolean sdkContentTypes) {
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
                || !(MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                        || JSON_SUFFIX.includes(type)
                        || (sdkContentTypes && ALSO_JSON.stream().anyMatch(type::equalsTypeAndSubtype)))) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    ApiError.of(
                            "unsupported_media_type",
                            "Content-Type",
                            sdkContentTypes
                                    ? "must be application/json, text/plain or application/x-www-form-urlencoded"
                                    : "must be application/json"));
        }
    }

    private static ApiException unreadable(Throwable cause) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                ApiError.of("malformed_body", "body", "could not be read: " + cause.getMessage()));
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                ApiError.of("body_too_large", "body", "must be at most " + max + " bytes"));
    }
}
