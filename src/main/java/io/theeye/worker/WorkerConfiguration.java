package io.theeye.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.EventConsumers;
import io.theeye.store.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The workers, in every process that runs them and has a queue to consume ({@code serve}, {@code worker}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("the-eye.worker.enabled")
class WorkerConfiguration {

    @Bean
    BatchWriter batchWriter(EventStore store, MeterRegistry meters) {
        return new BatchWriter(store, meters);
    }

    /** Health contributor {@code worker}: DOWN while any worker is not running. */
    @Bean
    WorkerState workerHealthIndicator(
            WorkerProperties settings, ObjectProvider<EventConsumers> consumers, MeterRegistry meters) {
        return new WorkerState(count(settings, consumers.getIfAvailable()), meters);
    }

    @Bean
    Workers workers(
            ObjectProvider<EventConsumers> consumers,
            BatchWriter writer,
            JsonMapper json,
            WorkerProperties settings,
            WorkerState workerHealthIndicator) {
        EventConsumers available = consumers.getIfAvailable();
        return new Workers(
                count(settings, available),
                available,
                writer,
                new PoisonBatches(json),
                settings,
                workerHealthIndicator);
    }

    /** No queue to consume (a command, or {@code direct} outside the API process): no workers. */
    private static int count(WorkerProperties settings, EventConsumers consumers) {
        if (consumers == null) {
            return 0;
        }
        return settings.concurrency() > 0 ? settings.concurrency() : consumers.suggestedConcurrency();
    }
}
