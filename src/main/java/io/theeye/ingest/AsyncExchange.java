package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * One {@code POST /events} request from the moment it goes asynchronous: its body is read under a deadline, then its
 * events are handled, and it is answered exactly once, whichever comes first of the answer, the deadline, a failure or
 * the container's own timeout; once stored, from a virtual thread of the answering executor. Answering gives the
 * permit back and ends the request.
 */
final class AsyncExchange extends IngestExchange {

    private static final Logger log = LoggerFactory.getLogger(AsyncExchange.class);
    /** Past the body's and the store's deadlines, when the container ends a request nobody answered. */
    private static final Duration LAST_RESORT_MARGIN = Duration.ofSeconds(10);

    private enum State {
        READING,
        HANDLING,
        DONE
    }

    private final AsyncContext async;
    private final Executor answering;
    private final AtomicReference<State> state = new AtomicReference<>(State.READING);
    private volatile ScheduledFuture<?> bodyDeadline;

    private AsyncExchange(
            AsyncContext async, IngestPermits.Permit permit, IngestAnswers answers, long started, Executor answering) {
        super(
                (HttpServletRequest) async.getRequest(),
                (HttpServletResponse) async.getResponse(),
                permit,
                answers,
                started);
        this.async = async;
        this.answering = answering;
    }

    /**
     * Takes the request asynchronous and starts its body's deadline: a body not in by then is answered 408, from the
     * executor that answers, and its connection closed.
     */
    static AsyncExchange start(
            HttpServletRequest request,
            HttpServletResponse response,
            IngestPermits.Permit permit,
            IngestAnswers answers,
            IngestProperties limits,
            ScheduledExecutorService deadlines,
            Executor answering,
            long started) {
        AsyncContext async = request.startAsync(request, response);
        AsyncExchange exchange = new AsyncExchange(async, permit, answers, started, answering);
        async.setTimeout(limits.bodyTimeout()
                .plus(limits.storeTimeout())
                .plus(LAST_RESORT_MARGIN)
                .toMillis());
        async.addListener(exchange.lastResort());
        exchange.bodyDeadline = deadlines.schedule(
                () -> answering.execute(() -> exchange.bodyTimedOut(limits.bodyTimeout())),
                limits.bodyTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return exchange;
    }

    @Override
    void whenStored(CompletableFuture<Void> stored, Consumer<Throwable> then) {
        stored.whenCompleteAsync(
                (done, failure) -> then.accept(failure instanceof CompletionException ? failure.getCause() : failure),
                answering);
    }

    /** The body is in: its events may be handled, unless the deadline has answered already. */
    boolean bodyArrived() {
        boolean inTime = state.compareAndSet(State.READING, State.HANDLING);
        if (inTime) {
            bodyDeadline.cancel(false);
        }
        return inTime;
    }

    private void bodyTimedOut(Duration timeout) {
        if (state.compareAndSet(State.READING, State.HANDLING)) {
            // The client may still be sending: the connection is closed rather than the rest of its body read.
            refuse(new ApiException(
                    HttpStatus.REQUEST_TIMEOUT,
                    ApiError.of("body_timeout", "body", "must arrive within " + timeout.toSeconds() + "s"),
                    Map.of(HttpHeaders.CONNECTION, "close")));
        }
    }

    /** Answers once: a second answer, from a path that lost the race, is dropped. */
    @Override
    void finish(Runnable answer) {
        if (state.getAndSet(State.DONE) == State.DONE) {
            return;
        }
        if (bodyDeadline != null) {
            bodyDeadline.cancel(false);
        }
        try {
            releaseAndWrite(answer);
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // The container ended the request first (the client went away).
                log.debug("POST {} already ended: {}", request().getRequestURI(), e.toString());
            }
        }
    }

    /** The container's timeout, and its errors, end a request nobody else did; its permit is returned either way. */
    private AsyncListener lastResort() {
        return new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                refuse(IngestPermits.unavailable("the request took too long"));
            }

            @Override
            public void onError(AsyncEvent event) {
                finish(() -> {});
            }

            @Override
            public void onComplete(AsyncEvent event) {
                permit().release();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        };
    }
}
