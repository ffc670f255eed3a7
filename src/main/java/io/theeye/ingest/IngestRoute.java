package io.theeye.ingest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Declares {@code POST /events} to Spring MVC, so that its answers about the path (the {@code Allow} header of an
 * {@code OPTIONS} or a 405) name POST. {@link IngestEndpoint} answers every POST before Spring MVC sees it.
 */
@RestController
@ConditionalOnWebApplication
class IngestRoute {

    @PostMapping({"/events", "/events/"})
    void ingest() {
        throw new IllegalStateException("POST /events is served by IngestEndpoint, which is not registered");
    }
}
