package io.theeye.validation;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The checks of every event, for the API and for the commands that replay refused events. */
@Configuration(proxyBeanMethods = false)
class EventValidationConfiguration {

    @Bean
    EventValidation eventValidation(
            ValidationProperties limits, JsonMapper json, PayloadCheck schemas, MeterRegistry meters) {
        // Absolute: buckets need positive values; how far clocks drift matters more than which way.
        DistributionSummary skews = DistributionSummary.builder("theeye.ingest.clock.skew")
                .description("|receipt time - sent_at| of each event with a sent_at that passes the ingest rules"
                        + " (POST /events and replays): how far senders' clocks are off; beyond"
                        + " the-eye.ingest.skew-threshold its timestamp was corrected")
                .baseUnit("seconds")
                .serviceLevelObjectives(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400)
                .register(meters);
        return new EventValidation(limits, json, schemas, skew -> skews.record(seconds(skew.abs())));
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
