package io.theeye.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.TestCodecs;
import io.theeye.support.ContextRunners;
import io.theeye.support.TestBrokers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Any Kafka client property (for SASL and TLS, say) reaches the producer, the consumers and the admin client, given
 * as {@code the-eye.queue.kafka.properties.*} or as the list {@code THE_EYE_KAFKA_CLIENT_PROPERTIES}; those The
 * Eye's guarantees rest on are refused at start.
 */
class KafkaClientPropertiesTests {

    /** Not a {@code @Configuration}: the application's component scan must not find it. */
    @EnableConfigurationProperties(QueueProperties.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            ContextRunners.withSettings().withUserConfiguration(Settings.class);

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"the-eye\" password=\"pass=word\";";

    @Test
    void takesPropertiesByNameAndAsAListWhoseValuesMayHoldCommas() {
        runner.withPropertyValues(
                        "the-eye.queue.kafka.properties.security.protocol=SASL_SSL",
                        "the-eye.queue.kafka.properties.sasl.mechanism=PLAIN",
                        "the-eye.queue.kafka.client-properties=sasl.mechanism=SCRAM-SHA-512,"
                                + " ssl.enabled.protocols=TLSv1.3,TLSv1.2,sasl.jaas.config=" + JAAS)
                .run(context -> {
                    QueueProperties.Kafka kafka =
                            context.getBean(QueueProperties.class).kafka();
                    assertThat(kafka.properties())
                            .containsOnly(
                                    Map.entry("security.protocol", "SASL_SSL"),
                                    Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                                    Map.entry("ssl.enabled.protocols", "TLSv1.3,TLSv1.2"),
                                    Map.entry("sasl.jaas.config", JAAS));
                    assertThat(kafka.toString()).doesNotContain("pass=word");
                });
    }

    @Test
    void refusesToStartWhenAPropertyWouldChangeWhatTheEyeSetsItself() {
        runner.withPropertyValues("the-eye.queue.kafka.client-properties=acks=1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("THE_EYE_KAFKA_CLIENT_PROPERTIES")
                            .hasStackTraceContaining("may not set acks");
                });
        runner.withPropertyValues("the-eye.queue.kafka.properties.enable.auto.commit=true")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("may not set enable.auto.commit"));
    }

    @Test
    void refusesToStartOnAnEntryThatIsNoKeyValueWithoutPrintingIt() {
        runner.withPropertyValues("the-eye.queue.kafka.client-properties=a-secret-without-key,security.protocol=SSL")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("THE_EYE_KAFKA_CLIENT_PROPERTIES): entry 1 is not key=value");
                    StringWriter trace = new StringWriter();
                    context.getStartupFailure().printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain("a-secret-without-key");
                });
        runner.withPropertyValues("the-eye.queue.kafka.client-properties==value")
                .run(context ->
                        assertThat(context.getStartupFailure()).hasStackTraceContaining("entry 1 is not key=value"));
    }

    @Test
    void reachTheProducerTheConsumerAndTheAdminClient() {
        String id = UUID.randomUUID().toString();
        QueueProperties.Kafka settings = new QueueProperties.Kafka(
                TestBrokers.kafka(),
                "the-eye-test-" + id,
                1,
                0,
                "workers-" + id,
                Map.of("metric.reporters", RecordingMetricsReporter.class.getName()),
                "security.protocol=PLAINTEXT,sasl.mechanism=SCRAM-SHA-512,sasl.jaas.config=" + JAAS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String consumerName = "consumer-" + id;

        try (KafkaTopic topic = new KafkaTopic(settings, Duration.ofSeconds(10));
                KafkaEventQueue producer = new KafkaEventQueue(topic, TestCodecs.signed(), Duration.ofSeconds(10));
                KafkaEventConsumer consumer = new KafkaEventConsumer(
                        topic,
                        consumerName,
                        TestCodecs.signed(),
                        Clock.systemUTC(),
                        meters,
                        new KafkaQueueMetrics(meters))) {
            for (String client : new String[] {"the-eye-admin", "the-eye-api", consumerName}) {
                assertThat(RecordingMetricsReporter.CONFIGS.get(client))
                        .as(client)
                        .containsEntry("security.protocol", "PLAINTEXT")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("sasl.jaas.config", JAAS);
            }
        }
    }
}
