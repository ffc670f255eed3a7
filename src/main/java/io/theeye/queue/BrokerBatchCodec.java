package io.theeye.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.validation.ValidationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch codec every broker's configuration imports: batches are signed and read alike on Redis and on Kafka. Not
 * a {@code @Configuration}, so that component scanning leaves it to the broker that imports it.
 */
public class BrokerBatchCodec {

    @Bean
    BatchCodec batchCodec(
            JsonMapper json, QueueProperties properties, ValidationProperties refusals, MeterRegistry meters) {
        return new BatchCodec(
                json, properties.signingKey(), properties.acceptUnsigned(), refusals.rejectedRawMaxChars(), meters);
    }
}
