package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** How a request ends: answered once, its permit given back. */
class AsyncExchangeTests {

    private static final IngestProperties LIMITS = TestIngestLimits.defaults();

    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        deadlines.shutdownNow();
    }

    @Test
    void givesThePermitBackBeforeTheAnswerCanReachTheClient() {
        // A client holding its whole share, one request per connection, sends its next request the moment it reads an
        // answer: by the time the answer is written, its permit must be free.
        IngestPermits permits = new IngestPermits(4, 1);
        UUID client = UUID.randomUUID();
        IngestPermits.Permit permit = permits.acquire(client);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/events");
        request.setAsyncSupported(true);
        int[] inUseWhenWritten = {-1};
        HttpServletResponseWrapper response = new HttpServletResponseWrapper(new MockHttpServletResponse()) {
            @Override
            public ServletOutputStream getOutputStream() throws java.io.IOException {
                inUseWhenWritten[0] = permits.inUse();
                return super.getOutputStream();
            }
        };
        IngestAnswers answers =
                new IngestAnswers(JsonMapper.shared(), (rq, rs) -> {}, new IngestMetrics(new SimpleMeterRegistry()));
        AsyncExchange exchange =
                AsyncExchange.start(request, response, permit, answers, LIMITS, deadlines, Runnable::run, 0);
        exchange.bodyArrived();

        exchange.answer(202, java.util.Map.of("accepted", 1));

        assertThat(inUseWhenWritten[0]).isZero();
        assertThat(permits.acquire(client)).isNotNull();
    }
}
