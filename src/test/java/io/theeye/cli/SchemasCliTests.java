package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.SqlDialect;
import io.theeye.support.TestDatabases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code schemas ...}, {@code clients create --admin} and {@code rejected replay}, in-process on a SQLite file. */
class SchemasCliTests {

    private static final String SCHEMA = """
            {"type": "object", "properties": {"host": {"type": "string"}}, "required": ["host"]}""";

    /** When the refusals were received, in microseconds: after the events' own timestamps. */
    private static final long RECEIVED = 1_750_000_000_000_000L;

    private final String databaseUrl = TestDatabases.newSqliteUrl();
    private final ContextLauncher launcher = new ContextLauncher("--the-eye.db.url=" + databaseUrl);

    @TempDir
    Path folder;

    @Test
    void putsListsShowsAndDeletesSchemasKeepingEveryVersion() throws IOException {
        Path file = Files.writeString(folder.resolve("pageview.json"), SCHEMA);

        Result put = run(
                "schemas", "put", "--category", "page interaction", "--name", "pageview", "--file", file.toString());
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("Saved version 1");
        assertThat(run(
                                "schemas",
                                "put",
                                "--category",
                                "page interaction",
                                "--name",
                                "pageview",
                                "--file",
                                file.toString())
                        .out())
                .contains("Unchanged: version 1");
        Files.writeString(file, SCHEMA.replace("\"required\": [\"host\"]", "\"required\": []"));
        assertThat(run(
                                "schemas",
                                "put",
                                "--category",
                                "page interaction",
                                "--name",
                                "pageview",
                                "--file",
                                file.toString())
                        .out())
                .contains("Saved version 2");

        JsonNode list =
                JsonMapper.shared().readTree(run("schemas", "list", "--json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("version").intValue()).isEqualTo(2);
        assertThat(list.get(0).get("created_by").stringValue()).startsWith("cli:");
        assertThat(run("schemas", "show", "--category", "page interaction", "--name", "pageview", "--version", "1")
                        .out()
                        .strip())
                .isEqualTo(SCHEMA);

        assertThat(run("schemas", "delete", "--category", "page interaction", "--name", "pageview")
                        .exitCode())
                .isZero();
        assertThat(run("schemas", "list").out()).doesNotContain("pageview");
        assertThat(run("schemas", "show", "--category", "page interaction", "--name", "pageview")
                        .exitCode())
                .isEqualTo(1);
        assertThat(run("schemas", "history", "--category", "page interaction", "--name", "pageview")
                        .out())
                .containsPattern("3 +deleted")
                .containsPattern("2 +schema")
                .containsPattern("1 +schema");
        assertThat(run("schemas", "delete", "--category", "page interaction", "--name", "pageview")
                        .exitCode())
                .isEqualTo(1);
        assertThat(database()
                        .sql("select action from audit_log order by id")
                        .query(String.class)
                        .list())
                .containsExactly("schema_saved", "schema_saved", "schema_deleted");
    }

    @Test
    void refusesWhatIsNotAJsonSchemaWithTheValidatorsMessage() throws IOException {
        Path file = Files.writeString(folder.resolve("bad.json"), "{\"type\": \"text\"}");

        Result put = run("schemas", "put", "--category", "c", "--name", "n", "--file", file.toString());

        assertThat(put.exitCode()).isEqualTo(1);
        assertThat(put.err()).contains("schema.type: does not have a value in the enumeration");
        assertThat(run("schemas", "list", "--json").out().strip()).isEqualTo("[]");
    }

    @Test
    void createsAdminClients() {
        JsonNode admin = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "ops", "--admin", "--json")
                        .out());
        run("clients", "create", "--name", "shop");

        JsonNode list =
                JsonMapper.shared().readTree(run("clients", "list", "--json").out());
        assertThat(list)
                .extracting(
                        c -> c.get("name").stringValue() + ":" + c.get("admin").booleanValue())
                .containsExactly("ops:true", "shop:false");
        assertThat(admin.get("client_id").stringValue())
                .isEqualTo(list.get(0).get("client_id").stringValue());
    }

    @Test
    void replaysRefusedEventsThatNowPassOnceAndLeavesTheRest() throws IOException {
        UUID client = UUID.fromString(JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue());
        UUID other = UUID.randomUUID();
        Path file = Files.writeString(folder.resolve("pageview.json"), SCHEMA);
        run("schemas", "put", "--category", "web", "--name", "pageview", "--file", file.toString());
        UUID ownId = UUID.randomUUID();
        refused(
                1,
                client,
                RECEIVED + 1,
                "{\"id\": \"" + ownId + "\", \"session_id\": \"s\", \"category\": \"web\","
                        + " \"name\": \"pageview\", \"data\": {\"host\": \"h\"}, \"timestamp\": \"2024-01-01T00:00:00Z\"}");
        refused(
                2,
                client,
                RECEIVED + 2,
                "{\"session_id\": \"s\", \"category\": \"web\", \"name\": \"pageview\","
                        + " \"data\": {\"host\": \"h\"}}");
        refused(
                3,
                client,
                RECEIVED + 3,
                "{\"session_id\": \"s\", \"category\": \"web\", \"name\": \"pageview\"," + " \"data\": {}}");
        refused(4, client, RECEIVED + 4, "{\"session_id\": \"s\", \"category\": \"web\", \"name\": \"pagev");
        refused(
                5,
                other,
                RECEIVED + 5,
                "{\"session_id\": \"s\", \"category\": \"web\", \"name\": \"pageview\","
                        + " \"data\": {\"host\": \"h\"}}");

        Result replay = run("rejected", "replay", "--client-id", client.toString(), "--category", "web", "--json");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        JsonNode report = JsonMapper.shared().readTree(replay.out());
        assertThat(report.get("stored").intValue())
                .as(() -> replay.out()
                        + database()
                                .sql("select id, errors from rejected_events")
                                .query()
                                .listOfRows())
                .isEqualTo(2);
        assertThat(report.get("still_refused").intValue()).isEqualTo(1);
        assertThat(report.get("not_replayable")
                        .get("not JSON (a malformed request body)")
                        .intValue())
                .isEqualTo(1);
        // The event that had its own id and timestamp keeps them; the other gets its refusal's receipt time.
        assertThat(database()
                        .sql("select id, \"timestamp\", schema_version from events order by \"timestamp\"")
                        .query((rs, n) -> SqlDialect.SQLITE.uuid(rs, 1) + "@" + rs.getLong(2) + " v" + rs.getInt(3))
                        .list())
                .hasSize(2)
                .first()
                .isEqualTo(ownId + "@1704067200000000 v1");
        assertThat(database()
                        .sql("select \"timestamp\" from events where id <> ?")
                        .param(SqlDialect.SQLITE.uuid(ownId))
                        .query(Long.class)
                        .single())
                .isEqualTo(RECEIVED + 2);
        assertThat(database()
                        .sql("select errors from rejected_events where id = 3")
                        .query(String.class)
                        .single())
                .contains("data.host", "required property 'host' not found");
        assertThat(database()
                        .sql("select id from rejected_events order by id")
                        .query(Long.class)
                        .list())
                .containsExactly(3L, 4L, 5L);

        // Again, with the refusals put back as they were: the events are stored once.
        refused(
                1,
                client,
                RECEIVED + 1,
                "{\"id\": \"" + ownId + "\", \"session_id\": \"s\", \"category\": \"web\","
                        + " \"name\": \"pageview\", \"data\": {\"host\": \"h\"}, \"timestamp\": \"2024-01-01T00:00:00Z\"}");
        refused(
                2,
                client,
                RECEIVED + 2,
                "{\"session_id\": \"s\", \"category\": \"web\", \"name\": \"pageview\","
                        + " \"data\": {\"host\": \"h\"}}");
        assertThat(run("rejected", "replay", "--client-id", client.toString()).out())
                .contains("2 stored");
        assertThat(database()
                        .sql("select count(*) from events")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(database()
                        .sql("select details from audit_log where action = 'replayed' order by id")
                        .query(String.class)
                        .list())
                .first()
                .asString()
                .contains("client: " + client, "category: web", "2 stored, 1 still refused, 1 not replayable");
    }

    private void refused(long id, UUID client, long receivedAtMicros, String raw) {
        database()
                .sql("insert into rejected_events (id, rejection_id, client_id, received_at, raw, errors) values (?,"
                        + " ?, ?, ?, ?, '[]')")
                .params(
                        id,
                        SqlDialect.SQLITE.uuid(new UUID(0, id)),
                        SqlDialect.SQLITE.uuid(client),
                        receivedAtMicros,
                        raw)
                .update();
    }

    private JdbcClient database() {
        return JdbcClient.create(new SimpleDriverDataSource(new org.sqlite.JDBC(), databaseUrl));
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
