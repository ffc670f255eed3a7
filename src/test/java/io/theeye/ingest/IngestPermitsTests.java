package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.system.ApiException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestPermitsTests {

    private final UUID client = UUID.randomUUID();

    @Test
    void anUnclaimedPermitCountsInTheWholeBoundOnly() {
        IngestPermits permits = new IngestPermits(2, 1);

        permits.acquireUnclaimed();
        permits.acquireUnclaimed();

        assertThat(permits.inUse()).isEqualTo(2);
        assertThatThrownBy(permits::acquireUnclaimed).isInstanceOf(ApiException.class);
    }

    @Test
    void claimingTakesTheClientsShareAndRefusesBeyondIt() {
        IngestPermits permits = new IngestPermits(10, 1);
        IngestPermits.Permit first = permits.acquireUnclaimed();
        IngestPermits.Permit second = permits.acquireUnclaimed();

        first.claim(client);

        assertThatThrownBy(() -> second.claim(client)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> permits.acquire(client)).isInstanceOf(ApiException.class);
        first.release();
        second.release();
        assertThat(permits.inUse()).isZero();
        permits.acquire(client).release();
    }

    @Test
    void aReleasedPermitClaimsNothing() {
        IngestPermits permits = new IngestPermits(10, 1);
        IngestPermits.Permit permit = permits.acquireUnclaimed();
        permit.release();

        permit.claim(client);

        permits.acquire(client).release();
        assertThat(permits.inUse()).isZero();
    }
}
