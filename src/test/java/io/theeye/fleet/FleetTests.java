package io.theeye.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.fleet.Member.State;
import io.theeye.store.ProcessStore;
import io.theeye.store.ProcessStore.StoredProcess;
import io.theeye.store.TestStores;
import io.theeye.support.SettableClock;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The registry's rules (live, lost, forgotten) and the heartbeat, with a clock the test moves, on a SQLite file. */
class FleetTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private HikariDataSource database;
    private ProcessStore store;

    @BeforeEach
    void newDatabase() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        store = TestStores.processStore(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void aProcessIsLiveUntilSilentForLongerThanTheTimeoutThenLostUntilForgottenAfterADay() {
        assertThat(Fleet.state(START, START, TIMEOUT)).contains(State.LIVE);
        assertThat(Fleet.state(START, START.plus(TIMEOUT), TIMEOUT)).contains(State.LIVE);
        assertThat(Fleet.state(START, START.plus(TIMEOUT).plusMillis(1), TIMEOUT))
                .contains(State.LOST);
        assertThat(Fleet.state(START, START.plus(Duration.ofDays(1)), TIMEOUT)).contains(State.LOST);
        assertThat(Fleet.state(START, START.plus(Duration.ofDays(1)).plusMillis(1), TIMEOUT))
                .isEmpty();
        // Its clock a little ahead of the reader's: just seen.
        assertThat(Fleet.state(START.plusSeconds(5), START, TIMEOUT)).contains(State.LIVE);
    }

    @Test
    void theFleetShowsAProcessLiveThenLostAsTimePassesAndForgetsItAfterADay() {
        Heartbeat worker = heartbeat(Role.WORKER, new SimpleMeterRegistry());
        Fleet fleet = new Fleet(store, clock, TIMEOUT);

        worker.beat();

        assertThat(fleet.members()).singleElement().satisfies(member -> {
            assertThat(member.id()).isEqualTo(worker.identity().id());
            assertThat(member.role()).isEqualTo("worker");
            assertThat(member.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(member.host()).isNotBlank();
            assertThat(member.version()).isNotBlank();
            assertThat(member.startedAt()).isEqualTo(START);
            assertThat(member.lastSeen()).isEqualTo(START);
            assertThat(member.state()).isEqualTo(State.LIVE);
        });

        clock.advance(TIMEOUT);
        assertThat(fleet.members()).extracting(Member::state).containsExactly(State.LIVE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(fleet.members()).extracting(Member::state).containsExactly(State.LOST);

        clock.advance(Duration.ofDays(1));
        assertThat(fleet.members()).isEmpty();
        // The next heartbeat of any process removes the forgotten row.
        heartbeat(Role.API, new SimpleMeterRegistry()).beat();
        assertThat(store.findAll()).extracting(StoredProcess::role).containsExactly("api");
    }

    @Test
    void eachHeartbeatWritesTheWorkersCountsAndTheEventsStoredPerSecondSinceTheLastOne() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Heartbeat api = heartbeat(Role.API, meters);
        meters.counter(ProcessCounters.EVENTS_STORED).increment(100);

        api.beat();

        assertThat(store.findAll()).singleElement().satisfies(row -> {
            assertThat(row.eventsStored()).isEqualTo(100);
            assertThat(row.eventsPerSecond()).isZero();
        });

        clock.advance(Duration.ofSeconds(10));
        meters.counter(ProcessCounters.EVENTS_STORED).increment(50);
        meters.counter(ProcessCounters.BATCHES_STORED).increment(5);
        meters.counter(ProcessCounters.FAILURES).increment(2);
        meters.counter(ProcessCounters.RESTARTS).increment();
        api.beat();

        assertThat(store.findAll()).singleElement().satisfies(row -> {
            assertThat(row.startedAt()).isEqualTo(START);
            assertThat(row.lastSeen()).isEqualTo(START.plusSeconds(10));
            assertThat(row.eventsStored()).isEqualTo(150);
            assertThat(row.batchesStored()).isEqualTo(5);
            assertThat(row.failures()).isEqualTo(2);
            assertThat(row.restarts()).isEqualTo(1);
            assertThat(row.eventsPerSecond()).isEqualTo(5.0);
        });
    }

    @Test
    void aProcessWithoutWorkersCountsZeros() {
        heartbeat(Role.API, new SimpleMeterRegistry()).beat();

        assertThat(store.findAll()).singleElement().satisfies(row -> {
            assertThat(row.batchesStored()).isZero();
            assertThat(row.eventsStored()).isZero();
            assertThat(row.failures()).isZero();
            assertThat(row.restarts()).isZero();
        });
    }

    @Test
    void aStartedHeartbeatRegistersAtOnceAndACleanStopRemovesTheProcess() {
        Heartbeat worker = heartbeat(Role.WORKER, new SimpleMeterRegistry());

        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.findAll().size() == 1);
        worker.stop();

        assertThat(store.findAll()).isEmpty();
        assertThat(worker.isRunning()).isFalse();
    }

    @Test
    void aHeartbeatTheDatabaseRefusesIsNotThrownAndTheProcessGoesOn() {
        Heartbeat api = heartbeat(Role.API, new SimpleMeterRegistry());
        database.close();

        assertThatCode(api::beat).doesNotThrowAnyException();
    }

    @Test
    void theGaugesCountLiveAndLostProcessesByRoleWhenRead() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FleetMetrics metrics = new FleetMetrics(new Fleet(store, clock, TIMEOUT), meters);
        heartbeat(Role.WORKER, meters).beat();
        heartbeat(Role.WORKER, meters).beat();
        clock.advance(Duration.ofSeconds(20));
        heartbeat(Role.API, meters).beat();
        metrics.refresh();

        assertThat(gauge(meters, FleetMetrics.LIVE, "worker")).isEqualTo(2);
        assertThat(gauge(meters, FleetMetrics.LIVE, "api")).isEqualTo(1);

        // Read later, without another heartbeat: the workers have been silent for 35 s, the API process for 15.
        clock.advance(Duration.ofSeconds(15));
        assertThat(gauge(meters, FleetMetrics.LIVE, "worker")).isZero();
        assertThat(gauge(meters, FleetMetrics.LOST, "worker")).isEqualTo(2);
        assertThat(gauge(meters, FleetMetrics.LIVE, "api")).isEqualTo(1);
        assertThat(gauge(meters, FleetMetrics.LOST, "api")).isZero();
    }

    @Test
    void aProcessThatTellsOfAProblemIsFailingWithItsReasonUntilItTellsItIsHealthyAgain() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Fleet fleet = new Fleet(store, clock, TIMEOUT);
        FleetMetrics metrics = new FleetMetrics(fleet, meters);
        ProcessStatus status = new ProcessStatus();
        Heartbeat exporter = heartbeat(Role.EXPORTER, meters, status);

        status.failing("cannot write to file:///exports: Not a directory");
        exporter.beat();
        metrics.refresh();

        assertThat(fleet.members()).singleElement().satisfies(member -> {
            assertThat(member.state()).isEqualTo(State.FAILING);
            assertThat(member.problem()).isEqualTo("cannot write to file:///exports: Not a directory");
        });
        assertThat(gauge(meters, FleetMetrics.FAILING, "exporter")).isEqualTo(1);
        assertThat(gauge(meters, FleetMetrics.LIVE, "exporter")).isZero();

        // Silent past the timeout, it is lost, whatever it last told.
        clock.advance(TIMEOUT.plusSeconds(1));
        assertThat(fleet.members()).extracting(Member::state).containsExactly(State.LOST);

        status.healthy();
        exporter.beat();
        metrics.refresh();
        assertThat(fleet.members()).singleElement().satisfies(member -> {
            assertThat(member.state()).isEqualTo(State.LIVE);
            assertThat(member.problem()).isNull();
        });
        assertThat(gauge(meters, FleetMetrics.FAILING, "exporter")).isZero();
        assertThat(gauge(meters, FleetMetrics.LIVE, "exporter")).isEqualTo(1);
    }

    @Test
    void aLongReasonIsCutAndABlankOneStillMarksTheProcessFailing() {
        ProcessStatus status = new ProcessStatus();
        status.failing("x".repeat(2000));
        assertThat(status.problem()).hasSize(ProcessStatus.MOST_CHARACTERS);
        status.failing(" ");
        assertThat(status.problem()).isEqualTo("failing");
    }

    @Test
    void aTimeoutNoLongerThanTheIntervalStopsTheStartNamingBothSettings() {
        new ApplicationContextRunner()
                .withUserConfiguration(Settings.class)
                .withPropertyValues("the-eye.worker.heartbeat.interval=30s", "the-eye.worker.heartbeat.timeout=30s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("the-eye.worker.heartbeat.timeout (THE_EYE_WORKER_HEARTBEAT_TIMEOUT)")
                        .hasMessageContaining("THE_EYE_WORKER_HEARTBEAT_INTERVAL"));
        new ApplicationContextRunner()
                .withUserConfiguration(Settings.class)
                .withPropertyValues("the-eye.worker.heartbeat.interval=1s", "the-eye.worker.heartbeat.timeout=3s")
                .run(context -> assertThat(context.getBean(HeartbeatProperties.class))
                        .isEqualTo(new HeartbeatProperties(Duration.ofSeconds(1), Duration.ofSeconds(3))));
    }

    @EnableConfigurationProperties(HeartbeatProperties.class)
    static class Settings {}

    private Heartbeat heartbeat(Role role, MeterRegistry meters) {
        return heartbeat(role, meters, new ProcessStatus());
    }

    private Heartbeat heartbeat(Role role, MeterRegistry meters, ProcessStatus status) {
        return new Heartbeat(
                ProcessIdentity.of(role, clock.instant()),
                store,
                new ProcessCounters(meters),
                status,
                clock,
                Duration.ofSeconds(10),
                () -> {});
    }

    private static double gauge(MeterRegistry meters, String name, String role) {
        return meters.get(name).tag("role", role).gauge().value();
    }
}
