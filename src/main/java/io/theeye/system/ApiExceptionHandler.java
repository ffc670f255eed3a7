package io.theeye.system;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns what Spring MVC refuses (unknown path, wrong method, missing parameter ...) into the API's JSON error body,
 * and anything unexpected into a 500 that says nothing of the server's insides.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> apiException(ApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        e.headers().forEach(response::header);
        return response.body(e.body());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> otherException(Exception e) {
        if (e instanceof ErrorResponse errorResponse) {
            // Spring MVC's own refusals (404, 405, 406 ...) carry their status and a safe description.
            HttpStatusCode status = errorResponse.getStatusCode();
            String detail = errorResponse.getBody().getDetail();
            return ResponseEntity.status(status)
                    .headers(errorResponse.getHeaders())
                    .body(new ApiError(code(status), detail == null ? status.toString() : detail, List.of()));
        }
        log.error("Unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("internal_error", "The server failed to handle the request.", List.of()));
    }

    private static String code(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.name().toLowerCase();
    }
}
