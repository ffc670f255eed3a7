package io.theeye.ingest;

import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code POST /events} request whose body had arrived whole with its head: handled and answered on the request's own
 * virtual thread, which parks while its events are stored. No asynchronous request, no hand-over to another thread,
 * no second dispatch to end the request: those were most of what the container did per single-event request. Used
 * from that one thread only.
 */
final class InlineExchange implements IngestExchange {

    private static final Logger log = LoggerFactory.getLogger(InlineExchange.class);

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final IngestPermits.Permit permit;
    private final IngestAnswers answers;
    private final long started;
    private boolean done;

    InlineExchange(
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

    @Override
    public HttpServletRequest request() {
        return request;
    }

    @Override
    public HttpServletResponse response() {
        return response;
    }

    @Override
    public IngestPermits.Permit permit() {
        return permit;
    }

    @Override
    public void refuse(ApiException refusal) {
        finish(() -> answers.refuse(request, response, refusal, started));
    }

    @Override
    public void answer(int status, Object body) {
        finish(() -> answers.write(request, response, status, Map.of(), body, started));
    }

    @Override
    public void failed(Throwable cause) {
        log.error("Unexpected error while handling POST /events", cause);
        refuse(IngestAnswers.internalError());
    }

    /** Waits on this thread: a virtual thread parks, and the writer that completes {@code stored} only unparks it. */
    @Override
    public void whenStored(CompletableFuture<Void> stored, Consumer<Throwable> then) {
        Throwable failure = null;
        try {
            stored.get();
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (CancellationException e) {
            failure = e;
        } catch (InterruptedException e) {
            // The server is stopping: the events may or may not be stored, so the answer cannot be 202.
            Thread.currentThread().interrupt();
            failure = e;
        }
        then.accept(failure);
    }

    /** Answers once; the permit is given back first, as {@link AsyncExchange} does, and whatever happens. */
    private void finish(Runnable answer) {
        if (done) {
            return;
        }
        done = true;
        permit.release();
        try {
            answer.run();
        } catch (Throwable e) {
            log.error("Could not answer POST /events", e);
        }
    }
}
