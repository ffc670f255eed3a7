package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RollupsKeyOrderTests {

    @Test
    void ordersClientsAsTheirCanonicalTextDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            // Both signs of both halves, and halves that differ only in their low bits.
            long high = random.nextLong();
            UUID a = new UUID(high, random.nextLong());
            UUID b = new UUID(random.nextBoolean() ? high : random.nextLong(), random.nextLong());
            assertThat(Integer.signum(Rollups.byText(a, b)))
                    .as("%s against %s", a, b)
                    .isEqualTo(Integer.signum(a.toString().compareTo(b.toString())));
        }
        UUID max = new UUID(-1, -1);
        UUID zero = new UUID(0, 0);
        assertThat(Rollups.byText(max, zero)).isPositive();
        assertThat(Rollups.byText(zero, zero)).isZero();
    }
}
