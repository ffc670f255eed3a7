package io.theeye.ingest;

import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One {@code POST /events} request once its permit is taken: answered exactly once, its permit given back before the
 * answer is written. {@link InlineExchange} handles a request whose body had arrived with its head on the request's own
 * (virtual) thread; {@link AsyncExchange} one whose body is still on its way.
 */
sealed interface IngestExchange permits AsyncExchange, InlineExchange {

    HttpServletRequest request();

    HttpServletResponse response();

    IngestPermits.Permit permit();

    void refuse(ApiException refusal);

    void answer(int status, Object body);

    void failed(Throwable cause);

    /**
     * Calls {@code then} with the failure (null when none, unwrapped from the future's wrapping) once the events are
     * stored or could not be; never on the writer or broker thread that completed {@code stored}.
     */
    void whenStored(CompletableFuture<Void> stored, Consumer<Throwable> then);
}
