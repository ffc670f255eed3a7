package io.theeye.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.BrokerIntegrationTestCases;
import io.theeye.support.ApiClient;
import io.theeye.support.TestBrokers;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIntegrationTests extends BrokerIntegrationTestCases {

    private final String id = UUID.randomUUID().toString();

    @Override
    protected List<String> brokerSettings() {
        return kafka(TestBrokers.kafka());
    }

    private List<String> kafka(String bootstrapServers) {
        return List.of(
                "--the-eye.queue.type=kafka",
                "--the-eye.queue.kafka.bootstrap-servers=" + bootstrapServers,
                "--the-eye.queue.kafka.topic=the-eye-test-" + id,
                "--the-eye.queue.kafka.partitions=2",
                "--the-eye.queue.kafka.group=workers-" + id);
    }

    @Override
    protected void publishRaw(byte[] payload) {
        apiContext.getBean(KafkaTopic.class).ensure();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafka()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("the-eye-test-" + id, payload)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void answers503AndNever202WhenNoKafkaBrokerAnswers() throws Exception {
        int nobody;
        try (ServerSocket probe = new ServerSocket(0)) {
            nobody = probe.getLocalPort();
        }
        ApiClient withoutBroker = new ApiClient(startApi(kafka("127.0.0.1:" + nobody))
                .getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> refused = withoutBroker.postEvents(token, body("no broker"));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
