package io.theeye.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and JSON body to answer it with. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final ApiError body;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, ApiError body) {
        this(status, body, Map.of());
    }

    public ApiException(HttpStatus status, ApiError body, Map<String, String> headers) {
        super(body.message(), null, false, false);
        this.status = status;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
