package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.SqlDialect;
import io.theeye.support.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code keys create}, {@code keys list}, {@code keys limit} and {@code keys revoke}, in-process on a SQLite file. */
class KeysCliTests {

    private final String databaseUrl = TestDatabases.newSqliteUrl();
    private final ContextLauncher launcher = new ContextLauncher("--the-eye.db.url=" + databaseUrl);

    @Test
    void createsAKeyShownOnceAndListsItByItsId() {
        String clientId = client();

        Result created = run(
                "keys",
                "create",
                "--client-id",
                clientId,
                "--name",
                " shop ",
                "--origin",
                "HTTPS://Shop.Example:443",
                "--origin",
                "http://localhost:8080",
                "--json");

        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode key = JsonMapper.shared().readTree(created.out());
        assertThat(key.propertyNames())
                .containsExactly(
                        "write_key",
                        "key_id",
                        "client_id",
                        "name",
                        "origins",
                        "created_at",
                        "revoked_at",
                        "rate_limit");
        assertThat(key.get("rate_limit").isNull()).isTrue();
        assertThat(key.get("write_key").stringValue()).matches("wk_[A-Za-z0-9_-]{43}");
        assertThat(key.get("key_id").stringValue())
                .isEqualTo(key.get("write_key").stringValue().substring(0, 11));
        assertThat(key.get("client_id").stringValue()).isEqualTo(clientId);
        assertThat(key.get("name").stringValue()).isEqualTo("shop");
        assertThat(key.get("origins").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("https://shop.example", "http://localhost:8080");

        JsonNode list =
                JsonMapper.shared().readTree(run("keys", "list", "--json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("key_id").stringValue())
                .isEqualTo(key.get("key_id").stringValue());
        assertThat(list.get(0).has("write_key")).isFalse();
        assertThat(list.toString()).doesNotContain(key.get("write_key").stringValue());
        assertThat(run("keys", "list").out())
                .contains(key.get("key_id").stringValue(), "active", "shop", "https://shop.example")
                .doesNotContain(key.get("write_key").stringValue());
    }

    @Test
    void listsOneClientsKeys() {
        String shop = client();
        String blog = client();
        run("keys", "create", "--client-id", shop, "--name", "shop");
        run("keys", "create", "--client-id", blog, "--name", "blog");

        JsonNode list = JsonMapper.shared()
                .readTree(run("keys", "list", "--client-id", blog, "--json").out());

        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").stringValue()).isEqualTo("blog");
        assertThat(list.get(0).get("origins")).isEmpty();
    }

    @Test
    void revokesAKeyByItsIdOrByItselfAndAuditsEachChange() {
        String clientId = client();
        JsonNode first = JsonMapper.shared()
                .readTree(
                        run("keys", "create", "--client-id", clientId, "--json").out());
        JsonNode second = JsonMapper.shared()
                .readTree(run("keys", "create", "--client-id", clientId, "--name", "app", "--json")
                        .out());

        Result byId = run("keys", "revoke", first.get("key_id").stringValue());
        Result byKey = run("keys", "revoke", second.get("write_key").stringValue());
        Result again = run("keys", "revoke", first.get("key_id").stringValue());

        assertThat(byId.exitCode()).isZero();
        assertThat(byId.out()).contains("Write key " + first.get("key_id").stringValue() + " revoked.");
        assertThat(byKey.exitCode()).isZero();
        assertThat(byKey.out()).contains("Write key " + second.get("key_id").stringValue() + " revoked.");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err())
                .contains("No active write key " + first.get("key_id").stringValue());
        JsonNode list =
                JsonMapper.shared().readTree(run("keys", "list", "--json").out());
        assertThat(list.values())
                .allSatisfy(key -> assertThat(key.get("revoked_at").isNull()).isFalse());
        assertThat(database()
                        .sql("select action, client_id, details from audit_log where action like 'key%' order by id")
                        .query((rs, n) -> rs.getString(1) + " " + SqlDialect.SQLITE.uuid(rs, 2) + " " + rs.getString(3))
                        .list())
                .containsExactly(
                        "key_created " + clientId + " key "
                                + first.get("key_id").stringValue() + ", origins: any",
                        "key_created " + clientId + " key "
                                + second.get("key_id").stringValue() + ", name: app, origins: any",
                        "key_revoked " + clientId + " key "
                                + first.get("key_id").stringValue() + ", origins: any",
                        "key_revoked " + clientId + " key "
                                + second.get("key_id").stringValue() + ", name: app, origins: any");
        assertThat(database()
                        .sql("select actor from audit_log where action like 'key%'")
                        .query(String.class)
                        .list())
                .allSatisfy(actor -> assertThat(actor).startsWith("cli:"));
    }

    @Test
    void givesAKeyARateLimitOfItsOwnAtCreationChangesAndClearsItListsItAndAuditsEachChange() {
        String clientId = client();
        JsonNode key = JsonMapper.shared()
                .readTree(run(
                                "keys",
                                "create",
                                "--client-id",
                                clientId,
                                "--name",
                                "shop",
                                "--events-per-second",
                                "5",
                                "--burst",
                                "10",
                                "--json")
                        .out());
        String keyId = key.get("key_id").stringValue();
        assertThat(key.get("rate_limit").toString()).isEqualTo("{\"events_per_second\":5,\"burst\":10}");

        Result limited = run("keys", "limit", keyId, "--events-per-second", "7", "--json");
        Result byKey =
                run("keys", "limit", key.get("write_key").stringValue(), "--events-per-second", "1", "--burst", "3");

        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(JsonMapper.shared().readTree(limited.out()).toString())
                .isEqualTo("{\"key_id\":\"" + keyId + "\",\"client_id\":\"" + clientId
                        + "\",\"rate_limit\":{\"events_per_second\":7,\"burst\":0}}");
        assertThat(byKey.exitCode()).as(byKey.err()).isZero();
        assertThat(byKey.out())
                .isEqualToIgnoringNewLines(
                        "Write key " + keyId + ": 1 event per second, up to 3 at once (besides its client's).");
        JsonNode listed =
                JsonMapper.shared().readTree(run("keys", "list", "--json").out());
        assertThat(listed.get(0).get("rate_limit").toString()).isEqualTo("{\"events_per_second\":1,\"burst\":3}");
        assertThat(run("keys", "list").out()).contains("RATE_LIMIT", "1/s up to 3");

        Result cleared = run("keys", "limit", keyId, "--clear", "--json");

        assertThat(cleared.exitCode()).as(cleared.err()).isZero();
        assertThat(JsonMapper.shared().readTree(cleared.out()).get("rate_limit").isNull())
                .isTrue();
        assertThat(JsonMapper.shared()
                        .readTree(run("keys", "list", "--json").out())
                        .get(0)
                        .get("rate_limit")
                        .isNull())
                .isTrue();
        assertThat(database()
                        .sql("select action, client_id, details from audit_log where action like 'key%' order by id")
                        .query((rs, n) -> rs.getString(1) + " " + SqlDialect.SQLITE.uuid(rs, 2) + " " + rs.getString(3))
                        .list())
                .containsExactly(
                        "key_created " + clientId + " key " + keyId
                                + ", name: shop, origins: any, rate limit: 5 events per second, up to 10 at once",
                        "key_rate_limit_set " + clientId + " key " + keyId + ": 7 events per second, up to 7 at once",
                        "key_rate_limit_set " + clientId + " key " + keyId + ": 1 event per second, up to 3 at once",
                        "key_rate_limit_cleared " + clientId + " key " + keyId + ": the client's limit only");
    }

    @Test
    void refusesALimitForAnUnknownOrRevokedKeyOrOutOfRange() {
        String clientId = client();
        JsonNode key = JsonMapper.shared()
                .readTree(
                        run("keys", "create", "--client-id", clientId, "--json").out());
        String keyId = key.get("key_id").stringValue();
        run("keys", "revoke", keyId);

        Result revoked = run("keys", "limit", keyId, "--events-per-second", "5");
        Result unknown = run("keys", "limit", "wk_" + "C".repeat(43), "--clear");
        Result tooMany = run("keys", "limit", keyId, "--events-per-second", "1000001");
        Result burstAlone = run("keys", "limit", keyId, "--burst", "5");
        Result both = run("keys", "limit", keyId, "--events-per-second", "5", "--clear");
        Result neither = run("keys", "limit", keyId);
        Result createdOutOfRange =
                run("keys", "create", "--client-id", clientId, "--events-per-second", "0", "--burst", "5");

        assertThat(revoked.exitCode()).isEqualTo(1);
        assertThat(revoked.err()).contains("No active write key " + keyId + ".");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No active write key wk_CCCCCCCC...");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--events-per-second: a whole number from 0 (no limit) to 1000000");
        assertThat(burstAlone.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(createdOutOfRange.exitCode()).isEqualTo(2);
        assertThat(createdOutOfRange.err()).contains("--burst: only with events-per-second above 0");
        assertThat(run("keys", "list", "--json").out()).doesNotContain("events_per_second");
        assertThat(database()
                        .sql("select count(*) from audit_log where action like 'key_rate_limit%'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void refusesAKeyForAnUnknownOrRevokedClient() {
        String revoked = client();
        run("clients", "revoke", revoked);
        String unknown = UUID.randomUUID().toString();

        Result forUnknown = run("keys", "create", "--client-id", unknown);
        Result forRevoked = run("keys", "create", "--client-id", revoked);

        assertThat(forUnknown.exitCode()).isEqualTo(1);
        assertThat(forUnknown.err()).contains("No active client " + unknown + ".");
        assertThat(forRevoked.exitCode()).isEqualTo(1);
        assertThat(run("keys", "list", "--json").out().strip()).isEqualTo("[]");
    }

    @Test
    void refusesBadArgumentsAsBadUsage() {
        String clientId = client();

        Result path = run("keys", "create", "--client-id", clientId, "--origin", "https://shop.example/cart");
        Result scheme = run("keys", "create", "--client-id", clientId, "--origin", "ftp://shop.example");
        Result longName = run("keys", "create", "--client-id", clientId, "--name", "x".repeat(201));
        Result notAnId = run("keys", "create", "--client-id", "shop");
        Result noClient = run("keys", "create");
        Result noKey = run("keys", "revoke");

        assertThat(path.exitCode()).isEqualTo(2);
        assertThat(path.err()).contains("--origin: an origin such as https://shop.example");
        assertThat(scheme.exitCode()).isEqualTo(2);
        assertThat(longName.exitCode()).isEqualTo(2);
        assertThat(longName.err()).contains("--name: at most 200 characters");
        assertThat(notAnId.exitCode()).isEqualTo(2);
        assertThat(noClient.exitCode()).isEqualTo(2);
        assertThat(noClient.err()).contains("--client-id");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(run("keys").exitCode()).isEqualTo(2);
        assertThat(run("keys", "list", "--json").out().strip()).isEqualTo("[]");
    }

    @Test
    void revokingAnUnknownKeyFailsWithoutShowingIt() {
        client();
        String key = "wk_" + "B".repeat(43);

        Result result = run("keys", "revoke", key);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No active write key wk_BBBBBBBB...").doesNotContain(key);
    }

    private String client() {
        return JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();
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
