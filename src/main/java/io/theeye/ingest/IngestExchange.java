package io.theeye.ingest;

import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest request ({@code POST /events}, Segment's {@code /v1/*}) once its permit is taken: answered exactly once,
 * its permit given back before the answer is written. {@link InlineExchange} handles a request whose body had arrived
 * with its head on the request's own (virtual) thread; {@link AsyncExchange} one whose body is still on its way. What
 * differs is how an answer ends the request ({@link #finish}) and where the store's outcome is waited for.
 */
abstract sealed class IngestExchange permits AsyncExchange, InlineExchange {

    private static final Logger log = LoggerFactory.getLogger(IngestExchange.class);

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final IngestPermits.Permit permit;
    private final IngestAnswers answers;
    private final long started;

    IngestExchange(
            HttpServletRequest request,
            HttpServletResponse response,
            IngestPermits.Permit permit,
            IngestAnswers answers,
            long started) {
        this.request = request;
        this.response = response;
        this.permit = permit;
        this.answers = answers;
        this.started = started;
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    IngestPermits.Permit permit() {
        return permit;
    }

    void refuse(ApiException refusal) {
        finish(() -> answers.refuse(request, response, refusal, started));
    }

    void answer(int status, Object body) {
        finish(() -> answers.write(request, response, status, Map.of(), body, started));
    }

    void failed(Throwable cause) {
        log.error("Unexpected error while handling POST {}", request.getRequestURI(), cause);
        refuse(IngestAnswers.internalError());
    }

    /**
     * Calls {@code then} with the failure (null when none, unwrapped from the future's wrapping) once the events are
     * stored or could not be; never on the writer or broker thread that completed {@code stored}.
     */
    abstract void whenStored(CompletableFuture<Void> stored, Consumer<Throwable> then);

    /** Runs {@code answer} unless the request was answered already; gives the permit back first, whatever happens. */
    abstract void finish(Runnable answer);

    /** Gives the permit back, then writes the answer; a failure to write is logged, the client may be gone. */
    final void releaseAndWrite(Runnable answer) {
        // Given back before the answer is written: a complete answer reaches the client at once, and a client that
        // sends its next request the moment it has it must find its permit free.
        permit.release();
        try {
            answer.run();
        } catch (Throwable e) {
            log.error("Could not answer POST {}", request.getRequestURI(), e);
        }
    }
}
