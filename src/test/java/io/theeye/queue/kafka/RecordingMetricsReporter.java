package io.theeye.queue.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A metrics reporter that keeps the configuration each Kafka client gives it, by client id: every client (producer,
 * consumer, admin) configures its reporters with all the properties it was given.
 */
public class RecordingMetricsReporter implements MetricsReporter {

    static final Map<String, Map<String, Object>> CONFIGS = new ConcurrentHashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        CONFIGS.put(String.valueOf(configs.get("client.id")), new HashMap<>(configs));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
