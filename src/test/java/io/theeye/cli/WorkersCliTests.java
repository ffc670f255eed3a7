package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.ProcessStore;
import io.theeye.store.ProcessStore.StoredProcess;
import io.theeye.support.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code workers list}, in-process on a SQLite file whose registry the test writes as processes would: the command
 * registers nothing itself, and shows each process live or lost by the heartbeat timeout.
 */
class WorkersCliTests {

    private final String databaseUrl = TestDatabases.newSqliteUrl();
    private final ContextLauncher launcher = new ContextLauncher("--the-eye.db.url=" + databaseUrl);

    @Test
    void listsNothingWhereNoProcessHasRegisteredAndRegistersNothingItself() {
        Result json = run("workers", "list", "--json");

        assertThat(json.exitCode()).isZero();
        assertThat(JsonMapper.shared().readTree(json.out()).isEmpty()).isTrue();
        assertThat(run("workers", "list").out().strip().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("ID ");
    }

    @Test
    void listsEachProcessLiveFailingOrLostByTheHeartbeatTimeoutAndWhatItTells() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        beat(new StoredProcess(
                "11111111-1111-1111-1111-111111111111",
                "worker",
                "box-1",
                101,
                "1.2.3",
                now.minus(Duration.ofHours(1)),
                now,
                12,
                120,
                1,
                2,
                4.5));
        beat(new StoredProcess(
                "22222222-2222-2222-2222-222222222222",
                "api",
                "box-2",
                202,
                "1.2.3",
                now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofSeconds(31)),
                0,
                0,
                0,
                0,
                0));
        beat(new StoredProcess(
                "33333333-3333-3333-3333-333333333333",
                "exporter",
                "box-3",
                303,
                "1.2.3",
                now.minus(Duration.ofHours(1)),
                now,
                0,
                0,
                0,
                0,
                0,
                "cannot write to s3://analytics/the-eye: connection refused"));

        Result table = run("workers", "list");
        JsonNode listed =
                JsonMapper.shared().readTree(run("workers", "list", "--json").out());

        assertThat(table.out())
                .containsPattern(
                        "11111111-1111-1111-1111-111111111111 +worker +box-1 +101 +1\\.2\\.3 .* live +12 +120 +1 +2")
                .containsPattern("22222222-2222-2222-2222-222222222222 +api +box-2 +202 .* lost ")
                .containsPattern("33333333-3333-3333-3333-333333333333 +exporter +box-3 +303 .* failing .*"
                        + " cannot write to s3://analytics/the-eye: connection refused");
        // By role, then host.
        assertThat(listed).extracting(p -> p.get("role").stringValue()).containsExactly("api", "exporter", "worker");
        JsonNode exporter = listed.get(1);
        assertThat(exporter.get("state").stringValue()).isEqualTo("failing");
        assertThat(exporter.get("problem").stringValue())
                .isEqualTo("cannot write to s3://analytics/the-eye: connection refused");
        JsonNode worker = listed.get(2);
        assertThat(worker.get("problem").isNull()).isTrue();
        assertThat(worker.get("state").stringValue()).isEqualTo("live");
        assertThat(worker.get("pid").longValue()).isEqualTo(101);
        assertThat(worker.get("batches_stored").longValue()).isEqualTo(12);
        assertThat(worker.get("events_stored").longValue()).isEqualTo(120);
        assertThat(worker.get("failures").longValue()).isEqualTo(1);
        assertThat(worker.get("restarts").longValue()).isEqualTo(2);
        assertThat(worker.get("events_per_second").doubleValue()).isEqualTo(4.5);
        assertThat(Instant.parse(worker.get("last_seen").stringValue())).isEqualTo(now);
        assertThat(listed.get(0).get("state").stringValue()).isEqualTo("lost");
    }

    @Test
    void refusesWorkersWithoutASubcommandAsBadUsage() {
        Result result = run("workers");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("name a subcommand: list");
    }

    private void beat(StoredProcess process) {
        try (ConfigurableApplicationContext context = launcher.tool()) {
            context.getBean(ProcessStore.class).beat(process);
        }
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(launcher, Map.<String, String>of()::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Result(commandLine.execute(args), out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
