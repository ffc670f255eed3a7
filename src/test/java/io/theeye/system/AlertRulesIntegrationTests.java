package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.queue.TestCodecs;
import io.theeye.support.ApiClient;
import io.theeye.support.TestBrokers;
import io.theeye.support.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Prometheus rules docs/operations.md gives operators name metrics, and labels, that an API process on a broker
 * exposes at /actuator/prometheus: a rule on a metric that does not exist would never fire.
 */
@SpringBootTest(
        classes = TheEyeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.queue.type=redis",
            "the-eye.queue.signing-key=" + TestCodecs.KEY,
            "the-eye.worker.enabled=false"
        })
class AlertRulesIntegrationTests {

    private static final Path OPERATIONS = Path.of("docs", "operations.md");
    /** A metric's name, with the label matchers that follow it if any: {@code theeye_x{role="worker"}}. */
    private static final Pattern SELECTOR = Pattern.compile("\\b(theeye_[a-z0-9_]+)(?:\\{([^}]*)})?");

    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
        registry.add("the-eye.queue.redis.url", TestBrokers::redis);
        registry.add("the-eye.queue.redis.stream", () -> "the-eye-test:" + UUID.randomUUID());
    }

    @Autowired
    Environment environment;

    @Test
    void everyMetricAndLabelTheDocumentedAlertRulesUseIsExposed() throws IOException {
        List<String> expressions = expressions(Files.readString(OPERATIONS));
        assertThat(expressions)
                .as("the rules' expressions in %s", OPERATIONS)
                .hasSize(4)
                .anyMatch(e -> e.contains("theeye_workers_live"))
                .anyMatch(e -> e.contains("theeye_workers_failing"))
                .anyMatch(e -> e.contains("theeye_queue_depth"))
                .anyMatch(e -> e.contains("theeye_queue_oldest_age_seconds"));
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));

        for (String expression : expressions) {
            Matcher selector = SELECTOR.matcher(expression);
            assertThat(selector.find()).as("a metric of ours in %s", expression).isTrue();
            do {
                String name = selector.group(1);
                String labels = selector.group(2) == null ? "" : selector.group(2);
                // The backlog is read a moment after the start: wait for its first figure, not NaN.
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(samples(api, name))
                                .as("samples of %s (in %s)", name, expression)
                                .anyMatch(sample -> hasLabels(sample, labels) && !sample.endsWith("NaN")));
            } while (selector.find());
        }
    }

    /** The {@code expr:} of every rule in the document's {@code yaml} blocks. */
    private static List<String> expressions(String markdown) {
        List<String> expressions = new ArrayList<>();
        boolean inYaml = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                inYaml = !inYaml && line.equals("```yaml");
            } else if (inYaml && line.strip().startsWith("expr:")) {
                expressions.add(line.strip().substring("expr:".length()).strip());
            }
        }
        return expressions;
    }

    private static List<String> samples(ApiClient api, String name) {
        return api.send("GET", "/actuator/prometheus", null, Map.of())
                .body()
                .lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .toList();
    }

    private static boolean hasLabels(String sample, String labels) {
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            if (!sample.contains(label.group(1) + "=\"" + label.group(2) + "\"")) {
                return false;
            }
        }
        return true;
    }
}
