package io.theeye.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BackfillRangeTests {

    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void namesItsFilesAfterItsTimesAndReadsThemBack() {
        BackfillRange range = new BackfillRange(UUID.randomUUID(), MARCH, Instant.parse("2026-03-01T10:15:30.1234Z"));

        assertThat(range.fileName()).isEqualTo("backfill-20260301T000000Z-20260301T101530.1234Z");
        assertThat(BackfillRange.ofFile(range.fileName() + ".parquet"))
                .isEqualTo(new BackfillRange(null, range.from(), range.to()));
        assertThat(new BackfillRange(null, null, null).fileName()).isEqualTo("backfill-start-end");
        assertThat(BackfillRange.ofFile("backfill-start-end.parquet")).isEqualTo(new BackfillRange(null, null, null));
        assertThat(BackfillRange.ofFile("part-000000000001.parquet")).isNull();
        assertThat(BackfillRange.ofFile("backfill-20260401T000000Z-20260301T000000Z.parquet"))
                .isNull();
    }

    @Test
    void rangesOverlapWhenSomeInstantIsInBoth() {
        BackfillRange march = new BackfillRange(null, MARCH, APRIL);

        assertThat(march.overlapsInTime(new BackfillRange(null, APRIL, null))).isFalse();
        assertThat(march.overlapsInTime(new BackfillRange(null, null, MARCH))).isFalse();
        assertThat(march.overlapsInTime(new BackfillRange(null, APRIL.minusNanos(1000), null)))
                .isTrue();
        assertThat(march.overlapsInTime(new BackfillRange(null, null, null))).isTrue();
        assertThat(march.sameTimes(new BackfillRange(UUID.randomUUID(), MARCH, APRIL)))
                .isTrue();
    }

    @Test
    void startsBeforeItEnds() {
        assertThatThrownBy(() -> new BackfillRange(null, APRIL, MARCH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackfillRange(null, MARCH, MARCH)).isInstanceOf(IllegalArgumentException.class);
    }
}
