package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The last reading of a broker's settings, as the metric, the dashboard and a required durability see it. */
@ExtendWith(OutputCaptureExtension.class)
class BrokerDurabilityTests {

    private static final BrokerDurability.Reading LOSES =
            new BrokerDurability.Reading(false, "Redis at here keeps no append-only file (appendonly=no)");
    private static final BrokerDurability.Reading KEEPS =
            new BrokerDurability.Reading(true, "Redis at here writes every event to disk (appendonly=yes)");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Object> next = new AtomicReference<>();
    private final BrokerDurability durability = new BrokerDurability(
            "redis",
            () -> {
                if (next.get() instanceof Exception e) {
                    throw e;
                }
                return (BrokerDurability.Reading) next.get();
            },
            meters);

    @Test
    void followsTheLastReadingAndKeepsItWhileTheBrokerCannotBeRead(CapturedOutput output) {
        assertThat(gauge()).as("before the first reading").isZero();
        assertThat(durability.warning()).isEmpty();

        next.set(LOSES);
        durability.readNow();
        assertThat(gauge()).isZero();
        assertThat(durability.warning()).contains(LOSES.summary());
        assertThat(output.getAll()).containsPattern("WARN .*keeps no append-only file");

        next.set(new ConnectException("refused"));
        durability.readNow();
        durability.readNow();
        assertThat(durability.warning()).contains(LOSES.summary());
        assertThat(output.getAll().split("Could not read Redis's persistence settings", -1))
                .as("an outage logged once")
                .hasSize(2);

        next.set(KEEPS);
        durability.readNow();
        assertThat(gauge()).isOne();
        assertThat(durability.warning()).isEmpty();
        assertThat(durability.durable()).isTrue();
    }

    @Test
    void aRequiredDurabilityRefusesABrokerThatLosesEventsOrCannotBeRead() {
        next.set(LOSES);
        assertThatThrownBy(() -> durability.require("THE_EYE_REDIS_REQUIRE_DURABLE"))
                .isInstanceOf(BrokerNotDurableException.class)
                .hasMessage("THE_EYE_REDIS_REQUIRE_DURABLE=true, but " + LOSES.summary());

        next.set(new ConnectException("refused"));
        assertThatThrownBy(() -> durability.require("THE_EYE_REDIS_REQUIRE_DURABLE"))
                .isInstanceOf(BrokerNotDurableException.class)
                .hasMessageContaining("Redis's persistence settings could not be read")
                .hasMessageContaining("refused");

        next.set(KEEPS);
        durability.require("THE_EYE_REDIS_REQUIRE_DURABLE");
        assertThat(gauge()).isOne();
    }

    private double gauge() {
        return meters.get("theeye.queue.durable").tag("broker", "redis").gauge().value();
    }
}
