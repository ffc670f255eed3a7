package io.theeye.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;

/**
 * What differs between the ingest paths {@link IngestEndpoint} serves ({@code POST /events}, Segment's {@code /v1/*}):
 * the content types they take, whether a body may name its own write key, and what becomes of a body.
 */
interface IngestProtocol {

    /**
     * Whether {@code text/plain} (browsers send it to avoid a CORS preflight) and {@code
     * application/x-www-form-urlencoded} (RudderStack's Node.js SDK labels its gzipped batches so: axios's default for a
     * body of bytes) are taken as JSON.
     */
    boolean readsSdkContentTypes();

    /** Whether a request without an {@code Authorization} header may bring its write key in its body. */
    boolean keyInBody();

    /**
     * Whether the paths serve other methods elsewhere ({@code GET /events} is the query API). If not, another method
     * is answered 405 here, rather than by the API's security, which would ask for a bearer token that a Segment
     * path does not take.
     */
    boolean pathsServeOtherMethods();

    /**
     * The body, read.
     *
     * @throws io.theeye.system.ApiException 400 for a body that cannot be read
     */
    Body read(HttpServletRequest request, byte[] body, Instant receivedAt);

    interface Body {

        /** The write key the body names, or null. */
        String writeKey();

        /**
         * The body's events, checked and handed to the queue.
         *
         * @throws io.theeye.system.ApiException 429 over the client's rate limit
         */
        EventIntake.Intake accept(EventRateLimiter.Sender sender, Instant receivedAt);
    }

    /** {@code POST /events}: JSON only, credentials in the headers. */
    static IngestProtocol events(EventIntake intake) {
        return new IngestProtocol() {
            @Override
            public boolean readsSdkContentTypes() {
                return false;
            }

            @Override
            public boolean keyInBody() {
                return false;
            }

            @Override
            public boolean pathsServeOtherMethods() {
                return true;
            }

            @Override
            public Body read(HttpServletRequest request, byte[] body, Instant receivedAt) {
                return new Body() {
                    @Override
                    public String writeKey() {
                        return null;
                    }

                    @Override
                    public EventIntake.Intake accept(EventRateLimiter.Sender sender, Instant at) {
                        return intake.accept(body, sender, at);
                    }
                };
            }
        };
    }
}
