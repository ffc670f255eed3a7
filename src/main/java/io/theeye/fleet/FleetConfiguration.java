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

    /** What this process tells of itself besides being alive; only the exporter sets it. */
    @Bean
    ProcessStatus processStatus() {
        return new ProcessStatus();
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
            ProcessStatus status,
            FleetMetrics fleetMetrics) {
        return new Heartbeat(
                ProcessIdentity.of(Role.API, clock.instant()),
                store,
                new ProcessCounters(meters),
                status,
                clock,
                settings.interval(),
                fleetMetrics::refresh);
    }

    @Bean
    @ConditionalOnNotWebApplication
    @ConditionalOnBooleanProperty("the-eye.worker.enabled")
    Heartbeat workerHeartbeat(
            ProcessStore store, MeterRegistry meters, ProcessStatus status, Clock clock, HeartbeatProperties settings) {
        return processHeartbeat(Role.WORKER, store, meters, status, clock, settings);
    }

    /** Set by {@code the-eye exporter} for its own process only. */
    @Bean
    @ConditionalOnNotWebApplication
    @ConditionalOnBooleanProperty("the-eye.exporter.enabled")
    Heartbeat exporterHeartbeat(
            ProcessStore store, MeterRegistry meters, ProcessStatus status, Clock clock, HeartbeatProperties settings) {
        return processHeartbeat(Role.EXPORTER, store, meters, status, clock, settings);
    }

    /** The heartbeat of a process without a web server, which reads no gauges of the fleet. */
    private static Heartbeat processHeartbeat(
            Role role,
            ProcessStore store,
            MeterRegistry meters,
            ProcessStatus status,
            Clock clock,
            HeartbeatProperties settings) {
        return new Heartbeat(
                ProcessIdentity.of(role, clock.instant()),
                store,
                new ProcessCounters(meters),
                status,
                clock,
                settings.interval(),
                () -> {});
    }
}
