package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;
import tools.jackson.databind.json.JsonMapper;

/** Writes {@code POST /events}'s answers: JSON, with the API's security headers, each counted with its latency. */
final class IngestAnswers {

    private static final Logger log = LoggerFactory.getLogger(IngestAnswers.class);

    private final JsonMapper json;
    private final HeaderWriter securityHeaders;
    private final IngestMetrics metrics;

    IngestAnswers(JsonMapper json, HeaderWriter securityHeaders, IngestMetrics metrics) {
        this.json = json;
        this.securityHeaders = securityHeaders;
        this.metrics = metrics;
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, ApiException refusal, long started) {
        write(request, response, refusal.status().value(), refusal.headers(), refusal.body(), started);
    }

    void write(
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
        } catch (IOException | IllegalStateException e) {
            // The client has gone, or the container has already ended the request: nobody is left to answer.
            log.debug("Could not answer POST /events: {}", e.toString());
        }
    }

    static ApiException internalError() {
        return new ApiException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                new ApiError("internal_error", "The server failed to handle the request.", List.of()));
    }
}
