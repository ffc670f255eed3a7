package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.TheEyeApplication;
import io.theeye.support.ContextRunners;
import io.theeye.support.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With a broker, {@code THE_EYE_QUEUE_SIGNING_KEY} is required, each of its keys at least 32 bytes of UTF-8: without
 * one, the start stops naming the setting (and never printing a key); the {@code direct} queue needs none.
 */
class SigningKeySettingsTests {

    /** Not a {@code @Configuration}: the application's component scan must not find it. */
    @EnableConfigurationProperties(QueueProperties.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            ContextRunners.withSettings().withUserConfiguration(Settings.class);

    @Test
    void refusesToStartWithABrokerAndNoKey() {
        for (String broker : new String[] {"redis", "kafka"}) {
            runner.withPropertyValues("the-eye.queue.type=" + broker).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("the-eye.queue.signing-key (THE_EYE_QUEUE_SIGNING_KEY) is required")
                        .hasStackTraceContaining("the-eye.queue.type=" + broker);
            });
        }
        runner.withPropertyValues("the-eye.queue.type=redis", "the-eye.queue.signing-key=")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void refusesToStartWithAKeyShorterThan32BytesWithoutPrintingIt() {
        String shortKey = "a-secret-of-31-bytes-0123456789";
        runner.withPropertyValues("the-eye.queue.type=kafka", "the-eye.queue.signing-key=" + shortKey)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("THE_EYE_QUEUE_SIGNING_KEY")
                            .hasStackTraceContaining("key 1 of 1 has 31 bytes")
                            .hasStackTraceContaining("at least 32");
                    assertThat(stackTrace(context.getStartupFailure())).doesNotContain(shortKey);
                });
    }

    @Test
    void refusesToStartWhenAnyKeyOfTheListIsShort() {
        runner.withPropertyValues(
                        "the-eye.queue.type=redis", "the-eye.queue.signing-key=" + TestCodecs.KEY + ",too-short")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("key 2 of 2 has 9 bytes");
                });
    }

    @Test
    void takesAListOfKeysAndTheDirectQueueNeedsNone() {
        runner.withPropertyValues("the-eye.queue.type=redis", "the-eye.queue.signing-key=" + TestCodecs.KEYS)
                .run(context -> {
                    QueueProperties settings = context.getBean(QueueProperties.class);
                    assertThat(settings.signingKey()).containsExactly(TestCodecs.KEY, TestCodecs.SECOND_KEY);
                    assertThat(settings.toString())
                            .doesNotContain(TestCodecs.KEY)
                            .doesNotContain(TestCodecs.SECOND_KEY);
                });
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theApplicationDoesNotStartWithABrokerAndNoKey() {
        Throwable failure = null;
        try (var context = new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--the-eye.queue.type=redis",
                        "--the-eye.worker.enabled=true",
                        "--the-eye.db.url=" + TestDatabases.newSqliteUrl())) {
            // started: the assertion below fails
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("the start's failure").isNotNull();
        assertThat(stackTrace(failure)).contains("THE_EYE_QUEUE_SIGNING_KEY");
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
