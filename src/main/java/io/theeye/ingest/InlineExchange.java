package io.theeye.ingest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * An ingest request whose body had arrived whole with its head: handled and answered on the request's own virtual
 * thread, which parks while its events are stored. No asynchronous request, no hand-over to another thread, no second
 * dispatch to end the request: those were most of what the container did per single-event request. Used from that one
 * thread only.
 */
final class InlineExchange extends IngestExchange {

    private boolean done;

    InlineExchange(
            HttpServletRequest request,
            HttpServletResponse response,
            IngestPermits.Permit permit,
            IngestAnswers answers,
            long started) {
        super(request, response, permit, answers, started);
    }

    /** Waits on this thread: a virtual thread parks, and the writer that completes {@code stored} only unparks it. */
    @Override
    void whenStored(CompletableFuture<Void> stored, Consumer<Throwable> then) {
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

    @Override
    void finish(Runnable answer) {
        if (done) {
            return;
        }
        done = true;
        releaseAndWrite(answer);
    }
}
