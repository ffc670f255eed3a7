package io.theeye.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExportPartitionTests {

    private static final UUID CLIENT = UUID.fromString("0b6f8a52-4f3e-4c43-9b3e-5b1f1f1f1f1f");

    @Test
    void anEventGoesToTheHourItWasReceivedIn() {
        ExportedEvent late = new ExportedEvent(
                UUID.randomUUID(),
                CLIENT,
                "s",
                "c",
                "n",
                Instant.parse("2026-12-01T08:00:00Z"),
                Instant.parse("2026-12-07T23:59:59.999999Z"),
                "{}",
                null);

        assertThat(ExportPartition.of(late).key("0-00000001"))
                .isEqualTo("client_id=" + CLIENT + "/date=2026-12-07/hour=23/0-00000001.parquet");
    }

    @Test
    void fileNamesCannotHideOrLeaveTheirFolder() {
        ExportPartition partition = new ExportPartition(CLIENT, Instant.parse("2026-12-07T05:00:00Z"));

        for (String name : new String[] {".hidden", "a/b", "..", "", "a b"}) {
            assertThatThrownBy(() -> partition.key(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPartitionStartsOnTheHour() {
        assertThatThrownBy(() -> new ExportPartition(CLIENT, Instant.parse("2026-12-07T05:00:01Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
