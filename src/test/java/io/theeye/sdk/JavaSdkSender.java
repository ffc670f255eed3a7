package io.theeye.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.Log;
import com.segment.analytics.internal.AnalyticsClient;
import com.segment.analytics.internal.AnalyticsVersion;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment's published Java library pointed at the running application, as an application sets it up: {@code
 * Analytics.builder(writeKey).endpoint(host)}. Its {@link Callback} records what became of each message, so that a
 * test waits for the library's own verdict rather than for time to pass.
 */
final class JavaSdkSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JavaSdkSender.class);

    /**
     * What the library reported for one message: sent (no error), or given up on with the error it got. The library
     * retries a 5xx or an unreachable server with back-offs from 15 s, so a broken server shows up as no verdict.
     */
    record Outcome(Message message, Throwable error) {

        @Override
        public String toString() {
            return message.type() + " " + message.messageId() + ": " + (error == null ? "sent" : error);
        }
    }

    private final Analytics analytics;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    JavaSdkSender(String endpoint, String writeKey) {
        this(endpoint, writeKey, UnaryOperator.identity());
    }

    /** @param options what the application adds to the builder, such as its own HTTP client */
    JavaSdkSender(String endpoint, String writeKey, UnaryOperator<Analytics.Builder> options) {
        Analytics.Builder builder = Analytics.builder(writeKey)
                .endpoint(endpoint)
                .log(new Log() {
                    @Override
                    public void print(Level level, String format, Object... args) {
                        log.debug("analytics-java {}: {}", level, String.format(format, args));
                    }

                    @Override
                    public void print(Level level, Throwable error, String format, Object... args) {
                        log.debug("analytics-java {}: {}", level, String.format(format, args), error);
                    }
                })
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        outcomes.add(new Outcome(message, null));
                    }

                    @Override
                    public void failure(Message message, Throwable error) {
                        outcomes.add(new Outcome(message, error));
                    }
                });
        analytics = options.apply(builder).build();
    }

    /** Enqueues the messages, flushes, and waits until the library has a verdict on each: all must be sent. */
    void send(MessageBuilder<?, ?>... messages) {
        List<Outcome> verdicts = sendForVerdicts(messages);
        assertThat(verdicts)
                .as("what analytics-java reported: %s", verdicts)
                .allSatisfy(outcome -> assertThat(outcome.error()).isNull());
    }

    /** Enqueues the messages, flushes, and answers the library's verdict on each, whatever it is. */
    List<Outcome> sendForVerdicts(MessageBuilder<?, ?>... messages) {
        int before = outcomes.size();
        for (MessageBuilder<?, ?> message : messages) {
            analytics.enqueue(message);
        }
        analytics.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.size() >= before + messages.length);
        return List.copyOf(outcomes.subList(before, outcomes.size()));
    }

    /**
     * The {@code context} the library puts on each batch rather than on each message: its name and version, and the
     * id it draws once per JVM ({@code AnalyticsClient.instanceId}, private: read by reflection).
     */
    static Map<String, Object> batchContext() {
        try {
            Field instanceId = AnalyticsClient.class.getDeclaredField("instanceId");
            instanceId.setAccessible(true);
            return Map.of(
                    "library",
                    Map.of("name", "analytics-java", "version", AnalyticsVersion.get()),
                    "instanceId",
                    instanceId.get(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("analytics-java " + AnalyticsVersion.get() + " has no instanceId", e);
        }
    }

    @Override
    public void close() {
        analytics.shutdown();
    }
}
