package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** THE_EYE_METRICS_TOKEN is empty (open metrics) or a bearer token long enough not to be guessed. */
class MetricsPropertiesTests {

    /** Not a {@code @Configuration}: the application's component scan must not find it. */
    @EnableConfigurationProperties(MetricsProperties.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void leavesTheMetricsOpenWhenTheTokenIsEmpty() {
        runner.withPropertyValues("the-eye.metrics.token=")
                .run(context -> assertThat(
                                context.getBean(MetricsProperties.class).tokenRequired())
                        .isFalse());
    }

    @Test
    void requiresATokenWhenOneIsSet() {
        runner.withPropertyValues("the-eye.metrics.token=0123456789abcdef0123456789abcdef")
                .run(context -> assertThat(
                                context.getBean(MetricsProperties.class).tokenRequired())
                        .isTrue());
    }

    @Test
    void failsToStartNamingThePropertyButNotTheTokenWhenItIsShortOrNotABearerToken() {
        for (String token : new String[] {"short-token", "0123456789abcdef 0123", "0123456789abcdef\""}) {
            runner.withPropertyValues("the-eye.metrics.token=" + token).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("the-eye.metrics.token");
                // A mistyped secret is still a secret: the report that ends up in the log does not show it.
                StringWriter trace = new StringWriter();
                context.getStartupFailure().printStackTrace(new PrintWriter(trace));
                assertThat(trace.toString()).doesNotContain(token);
            });
        }
    }
}
