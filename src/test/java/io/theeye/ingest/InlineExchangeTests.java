package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** A request answered on its own thread: answered once, its permit given back first, its store's outcome awaited. */
class InlineExchangeTests {

    private final IngestAnswers answers =
            new IngestAnswers(JsonMapper.shared(), (rq, rs) -> {}, new IngestMetrics(new SimpleMeterRegistry()));

    @Test
    void givesThePermitBackBeforeTheAnswerCanReachTheClient() {
        IngestPermits permits = new IngestPermits(4, 1);
        UUID client = UUID.randomUUID();
        IngestPermits.Permit permit = permits.acquire(client);
        int[] inUseWhenWritten = {-1};
        HttpServletResponseWrapper response = new HttpServletResponseWrapper(new MockHttpServletResponse()) {
            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                inUseWhenWritten[0] = permits.inUse();
                return super.getOutputStream();
            }
        };
        InlineExchange exchange =
                new InlineExchange(new MockHttpServletRequest("POST", "/events"), response, permit, answers, 0);

        exchange.answer(202, Map.of("accepted", 1));

        assertThat(inUseWhenWritten[0]).isZero();
        assertThat(permits.acquire(client)).isNotNull();
    }

    @Test
    void answersOnce() {
        IngestPermits permits = new IngestPermits(4, 4);
        MockHttpServletResponse response = new MockHttpServletResponse();
        InlineExchange exchange = new InlineExchange(
                new MockHttpServletRequest("POST", "/events"),
                response,
                permits.acquire(UUID.randomUUID()),
                answers,
                0);

        exchange.answer(202, Map.of("accepted", 1));
        exchange.refuse(IngestAnswers.internalError());

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void waitsForTheStoreAndHandsOnItsFailureUnwrapped() {
        InlineExchange exchange = new InlineExchange(
                new MockHttpServletRequest("POST", "/events"),
                new MockHttpServletResponse(),
                new IngestPermits(1, 1).acquireUnclaimed(),
                answers,
                0);
        Throwable[] seen = {new AssertionError("not called")};

        exchange.whenStored(new CompletableFuture<Void>().orTimeout(1, TimeUnit.MILLISECONDS), f -> seen[0] = f);
        assertThat(seen[0]).isInstanceOf(TimeoutException.class);

        CompletableFuture<Void> stored = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> stored.complete(null));
        exchange.whenStored(stored, f -> seen[0] = f);
        assertThat(seen[0]).isNull();
    }
}
