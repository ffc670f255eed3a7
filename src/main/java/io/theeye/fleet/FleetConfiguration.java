package io.theeye.fleet;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.store.ProcessStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry in every process; a heartbeat in {@code serve} (role {@code api}), in {@code worker} (role
 * {@code worker}) and in {@code exporter} (role {@code exporter}), none in the other commands, which only read it.
 */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    Fleet fleet(ProcessStore store, Clock clock, HeartbeatProperties settings) {
        return new Fleet(store, clock, settings.timeout());
    }

    @Bean
    @ConditionalOnWebApplication
    FleetMetrics fleetMetrics(Fleet fleet, MeterRegistry meters) {
        return new FleetMetrics(fleet, meters);
    }

    @Bean
    @ConditionalOnWebApplication
    Heartbeat apiHeartbeat(
            ProcessStore store,
            MeterRegistry meters,
            Clock clock,
            HeartbeatProperties settings,
            FleetMetrics fleetMetrics) {
        return new Heartbeat(
                ProcessIdentity.of(Role.API, clock.instant()),
                store,
                new ProcessCounters(meters),
                clock,
                settings.interval(),
                fleetMetrics::refresh);
    }

    @Bean
    @ConditionalOnNotWebApplication
    @ConditionalOnBooleanProperty("the-eye.worker.enabled")
    Heartbeat workerHeartbeat(ProcessStore store, MeterRegistry meters, Clock clock, HeartbeatProperties settings) {
        return new Heartbeat(
                ProcessIdentity.of(Role.WORKER, clock.instant()),
                store,
                new ProcessCounters(meters),
                clock,
                settings.interval(),
                () -> {});
    }

    /** Set by {@code the-eye exporter} for its own process only. */
    @Bean
    @ConditionalOnNotWebApplication
    @ConditionalOnBooleanProperty("the-eye.exporter.enabled")
    Heartbeat exporterHeartbeat(ProcessStore store, MeterRegistry meters, Clock clock, HeartbeatProperties settings) {
        return new Heartbeat(
                ProcessIdentity.of(Role.EXPORTER, clock.instant()),
                store,
                new ProcessCounters(meters),
                clock,
                settings.interval(),
                () -> {});
    }
}
