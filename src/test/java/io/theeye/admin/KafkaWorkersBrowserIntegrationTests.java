package io.theeye.admin;

import io.theeye.support.TestBrokers;
import java.util.Map;
import java.util.UUID;

/**
 * On the test's own Kafka broker, in this JVM, which the processes reach over its port. A killed worker's partitions
 * move to the next one once its session times out: 6 s here (the broker's least), 45 s by default.
 */
class KafkaWorkersBrowserIntegrationTests extends WorkersBrowserIntegrationTestCases {

    @Override
    Map<String, String> brokerEnvironment() {
        String id = UUID.randomUUID().toString();
        return Map.of(
                "THE_EYE_QUEUE",
                "kafka",
                "THE_EYE_KAFKA_BOOTSTRAP_SERVERS",
                TestBrokers.kafka(),
                "THE_EYE_KAFKA_TOPIC",
                "the-eye-test-" + id,
                "THE_EYE_KAFKA_PARTITIONS",
                "2",
                "THE_EYE_KAFKA_GROUP",
                "workers-" + id,
                "THE_EYE_KAFKA_CLIENT_PROPERTIES",
                "session.timeout.ms=6000,heartbeat.interval.ms=1000");
    }

    @Override
    String waitingDetailPattern() {
        return "records, the workers' lag summed over partitions";
    }
}
