package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore.Client;
import io.theeye.store.InMemoryClientStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The cache of clients: what it loads, when it looks a client up, and what it never lets through. */
@ExtendWith(OutputCaptureExtension.class)
class ClientRegistryTests {

    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);
    private static final Duration LOOKUP_INTERVAL = Duration.ofMillis(100);
    private static final String SECRET = "a secret of at least 32 bytes, as HS256 needs";

    private final InMemoryClientStore store = new InMemoryClientStore(Clock.systemUTC());
    /** The registry's time, in nanoseconds, moved by the tests only. */
    private final AtomicLong nanos = new AtomicLong();

    private final ClientRegistry registry = registry(LOOKUP_INTERVAL);

    private ClientRegistry registry(Duration lookupInterval) {
        return new ClientRegistry(
                store,
                new AuthProperties(
                        Duration.ofSeconds(30),
                        REFRESH_INTERVAL,
                        lookupInterval,
                        100,
                        Duration.ofHours(24),
                        Duration.ofMinutes(1)),
                nanos::get);
    }

    private void pass(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** A client with this id, as if another process had just created it. */
    private Client created(UUID clientId) {
        return store.put(
                new Client(clientId, "late", SECRET, false, Clock.systemUTC().instant(), null));
    }

    private Client malformed() {
        return store.put(new Client(
                UUID.randomUUID(),
                "too short",
                "short",
                false,
                Clock.systemUTC().instant(),
                null));
    }

    @Test
    void loadsActiveClientsWithoutLookingThemUp() {
        Client reader = store.create("dashboards", true);
        Client writer = store.create("shop", false);

        registry.refresh();

        assertThat(registry.knows(reader.clientId())).isTrue();
        assertThat(registry.readsAll(reader.clientId())).isTrue();
        assertThat(registry.readsAll(writer.clientId())).isFalse();
        assertThat(registry.verifierFor(writer.clientId())).isPresent();
        assertThat(store.findByIdCalls()).isZero();
    }

    @Test
    void looksUpAClientCreatedSinceTheLastRefreshAndKeepsIt() {
        registry.refresh();
        Client client = store.create("dashboards", true);

        assertThat(registry.verifierFor(client.clientId())).isPresent();
        assertThat(registry.readsAll(client.clientId())).isTrue();
        assertThat(registry.verifierFor(client.clientId())).isPresent();
        assertThat(store.findByIdCalls()).isEqualTo(1);
    }

    @Test
    void looksUpAtMostOneUnknownClientPerInterval() {
        registry.refresh();
        registry.verifierFor(UUID.randomUUID());
        Client client = store.create("new");

        assertThat(registry.verifierFor(client.clientId())).isEmpty();
        assertThat(store.findByIdCalls()).isEqualTo(1);

        pass(LOOKUP_INTERVAL);
        assertThat(registry.verifierFor(client.clientId())).isPresent();
        assertThat(store.findByIdCalls()).isEqualTo(2);
    }

    @Test
    void refusesTokensOfRandomClientsWithoutLookingEachUp() {
        registry.refresh();

        for (int i = 0; i < 1000; i++) {
            assertThat(registry.verifierFor(UUID.randomUUID())).isEmpty();
        }

        assertThat(store.findByIdCalls()).isEqualTo(1);
    }

    @Test
    void remembersAnUnknownClientRatherThanLookItUpAgain() {
        registry.refresh();
        UUID clientId = UUID.randomUUID();
        registry.verifierFor(clientId);
        created(clientId);
        pass(LOOKUP_INTERVAL);

        assertThat(registry.verifierFor(clientId)).isEmpty();
        assertThat(store.findByIdCalls()).isEqualTo(1);
    }

    @Test
    void looksUpAnUnknownClientAgainAfterARefresh() {
        UUID clientId = UUID.randomUUID();
        registry.verifierFor(clientId);
        // Created after the refresh read the rows: only a look-up finds it.
        store.onNextRead(() -> created(clientId));
        registry.refresh();
        pass(LOOKUP_INTERVAL);

        assertThat(registry.knows(clientId)).isFalse();
        assertThat(registry.verifierFor(clientId)).isPresent();
        assertThat(store.findByIdCalls()).isEqualTo(2);
    }

    @Test
    void looksUpAnUnknownClientAgainAfterTheRefreshIntervalEvenWhenRefreshesFail() {
        registry.refresh();
        UUID clientId = UUID.randomUUID();
        registry.verifierFor(clientId);
        created(clientId);

        pass(REFRESH_INTERVAL.minus(Duration.ofMillis(1)));
        assertThat(registry.verifierFor(clientId)).isEmpty();

        pass(Duration.ofMillis(1));
        assertThat(registry.verifierFor(clientId)).isPresent();
        assertThat(store.findByIdCalls()).isEqualTo(2);
    }

    @Test
    void sharesOneLookUpBetweenConcurrentRequestsForTheSameClient() throws Exception {
        ClientRegistry unlimited = registry(Duration.ZERO);
        unlimited.refresh();
        Client client = store.create("new");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        store.onNextRead(() -> {
            reading.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        CompletableFuture<Boolean> second = new CompletableFuture<>();
        Thread.ofPlatform()
                .start(() ->
                        first.complete(unlimited.verifierFor(client.clientId()).isPresent()));
        reading.await();
        Thread waiting = Thread.ofPlatform()
                .start(() ->
                        second.complete(unlimited.verifierFor(client.clientId()).isPresent()));

        await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.WAITING);
        answer.countDown();

        assertThat(first.get()).isTrue();
        assertThat(second.get()).isTrue();
        assertThat(store.findByIdCalls()).isEqualTo(1);
    }

    @Test
    void refusesARevokedClientWithoutLookingItUp() {
        Client client = store.create("doomed");
        registry.refresh();
        assertThat(registry.verifierFor(client.clientId())).isPresent();

        store.revoke(client.clientId());
        registry.refresh();

        assertThat(registry.verifierFor(client.clientId())).isEmpty();
        assertThat(store.findByIdCalls()).isZero();
    }

    @Test
    void neverBringsBackAClientARefreshSawRevoked() {
        registry.refresh();
        Client client = store.create("doomed");
        // The look-up reads the client active; before it answers, the client is revoked and a refresh sees it.
        store.onNextRead(() -> {
            store.revoke(client.clientId());
            registry.refresh();
        });

        assertThat(registry.verifierFor(client.clientId())).isEmpty();
        assertThat(registry.knows(client.clientId())).isFalse();
        pass(REFRESH_INTERVAL);
        assertThat(registry.verifierFor(client.clientId())).isEmpty();
        assertThat(store.findByIdCalls()).isEqualTo(1);
    }

    @Test
    void keepsAClientFoundWhileARefreshReadTheRowsBeforeIt() {
        registry.refresh();
        AtomicReference<Client> late = new AtomicReference<>();
        store.onNextRead(() -> {
            late.set(store.create("dashboards", true));
            registry.verifierFor(late.get().clientId());
        });

        registry.refresh();

        assertThat(registry.knows(late.get().clientId())).isTrue();
        assertThat(registry.readsAll(late.get().clientId())).isTrue();
        assertThat(store.findByIdCalls()).isEqualTo(1);
    }

    @Test
    void refusesButDoesNotRememberAClientItCouldNotLookUp() {
        registry.refresh();
        Client client = store.create("new");
        store.unavailable(true);

        assertThat(registry.verifierFor(client.clientId())).isEmpty();

        store.unavailable(false);
        pass(LOOKUP_INTERVAL);
        assertThat(registry.verifierFor(client.clientId())).isPresent();
    }

    @Test
    void keepsTheClientsLastLoadedWhileTheDatabaseIsAway() {
        Client client = store.create("shop");
        registry.refresh();
        store.unavailable(true);

        registry.refresh();

        assertThat(registry.knows(client.clientId())).isTrue();
    }

    @Test
    void skipsAMalformedClientAndLoadsTheOthers() {
        Client before = store.create("before");
        Client bad = malformed();
        Client after = store.create("after");

        registry.refresh();

        assertThat(registry.knows(before.clientId())).isTrue();
        assertThat(registry.knows(after.clientId())).isTrue();
        assertThat(registry.knows(bad.clientId())).isFalse();
    }

    @Test
    void logsAMalformedClientOnceNotAtEveryRefresh(CapturedOutput output) {
        Client bad = malformed();

        registry.refresh();
        registry.refresh();
        registry.verifierFor(bad.clientId());

        assertThat(output.getOut().split(bad.clientId().toString(), -1)).hasSize(2);
    }

    @Test
    void refusesAMalformedClientItLooksUpAndRemembersIt() {
        registry.refresh();
        Client bad = malformed();

        assertThat(registry.verifierFor(bad.clientId())).isEmpty();
        pass(LOOKUP_INTERVAL);
        assertThat(registry.verifierFor(bad.clientId())).isEmpty();
        assertThat(store.findByIdCalls()).isEqualTo(1);
    }
}
