package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.theeye.auth.PasswordHashing;
import io.theeye.queue.EventQueue;
import io.theeye.store.SqlDialect;
import io.theeye.support.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line, run in-process against an in-memory database. */
class CliTests {

    private final String databaseUrl = TestDatabases.newSqliteUrl();
    private final ContextLauncher launcher = new ContextLauncher("--the-eye.db.url=" + databaseUrl);

    @Test
    void clientsCreateWithJsonPrintsExactlyOneJsonObject() {
        Result result = run("clients", "create", "--name", "shop", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode client = JsonMapper.shared().readTree(result.out());
        assertThat(client.propertyNames()).containsExactly("client_id", "secret_key", "name");
        // A random UUID in its canonical form, and the id the stored client has.
        String clientId = client.get("client_id").stringValue();
        assertThat(UUID.fromString(clientId))
                .hasToString(clientId)
                .extracting(UUID::version)
                .isEqualTo(4);
        assertThat(JsonMapper.shared()
                        .readTree(run("clients", "list", "--json").out())
                        .get(0)
                        .get("client_id")
                        .stringValue())
                .isEqualTo(clientId);
        assertThat(client.get("name").stringValue()).isEqualTo("shop");
        String secret = client.get("secret_key").stringValue();
        assertThat(secret).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(result.out().strip().lines()).hasSize(1);
    }

    @Test
    void clientsCreatePrintsTheCredentialsAsText() {
        Result result = run("clients", "create", "--name", "shop");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("client_id: +[0-9a-f-]{36}").containsPattern("secret_key: +\\S{43}");
    }

    @Test
    void clientsListShowsActiveAndRevokedClientsWithoutSecrets() {
        JsonNode kept = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "kept", "--json").out());
        JsonNode gone = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "gone", "--json").out());
        assertThat(run("clients", "revoke", gone.get("client_id").stringValue()).exitCode())
                .isZero();

        Result list = run("clients", "list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).containsPattern(kept.get("client_id").stringValue() + " +active +own +\\S+ +kept");
        assertThat(list.out()).containsPattern(gone.get("client_id").stringValue() + " +revoked +own +\\S+ +gone");
        assertThat(list.out()).doesNotContain(kept.get("secret_key").stringValue());
    }

    @Test
    void clientsCreateWithReadAllMakesAClientThatReadsAll() {
        JsonNode reader = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "dashboards", "--read-all", "--json")
                        .out());

        Result list = run("clients", "list", "--json");

        JsonNode listed = JsonMapper.shared().readTree(list.out()).get(0);
        assertThat(listed.get("client_id")).isEqualTo(reader.get("client_id"));
        assertThat(listed.get("read_all").booleanValue()).isTrue();
        assertThat(run("clients", "list").out()).containsPattern(" +active +all +\\S+ +dashboards");
    }

    @Test
    void clientsRevokeOfAnUnknownClientFails() {
        Result result = run("clients", "revoke", UUID.randomUUID().toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No active client");
    }

    @Test
    void clientsRotatePrintsANewSecretAndKeepsTheOldOneForTheGracePeriod() {
        JsonNode created = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out());
        String clientId = created.get("client_id").stringValue();

        Result result = run("clients", "rotate", clientId, "--grace", "2h", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode rotated = JsonMapper.shared().readTree(result.out());
        assertThat(rotated.propertyNames()).containsExactly("client_id", "secret_key", "previous_secret_expires_at");
        assertThat(rotated.get("secret_key").stringValue())
                .hasSize(43)
                .isNotEqualTo(created.get("secret_key").stringValue());
        Instant until = Instant.parse(rotated.get("previous_secret_expires_at").stringValue());
        assertThat(until)
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(119)),
                        Instant.now().plus(Duration.ofHours(2)));
        JsonNode listed = JsonMapper.shared()
                .readTree(run("clients", "list", "--json").out())
                .get(0);
        assertThat(listed.get("previous_secret_expires_at").stringValue()).isEqualTo(until.toString());
        assertThat(listed.get("last_used_at").isNull()).isTrue();
        assertThat(database()
                        .sql("select previous_secret_key from clients where client_id = ?")
                        .param(SqlDialect.SQLITE.uuid(UUID.fromString(clientId)))
                        .query(String.class)
                        .single())
                .isEqualTo(created.get("secret_key").stringValue());
    }

    @Test
    void clientsRotateWithoutGraceKeepsTheOldSecretForADay() {
        String clientId = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();

        Result result = run("clients", "rotate", clientId);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("secret_key: +\\S{43}").contains("old secret: accepted until");
        String until = result.out().replaceAll("(?s).*accepted until (\\S+).*", "$1");
        assertThat(Instant.parse(until))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(1439)),
                        Instant.now().plus(Duration.ofDays(1)));
    }

    @Test
    void clientsRotateOfAnUnknownClientFails() {
        Result result = run("clients", "rotate", UUID.randomUUID().toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No client");
    }

    @Test
    void clientsRotateRefusesAnUnreadableGrace() {
        Result result = run("clients", "rotate", UUID.randomUUID().toString(), "--grace", "-1h");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--grace");
    }

    @Test
    void clientsRotateRefusesAGraceLongerThanAYearAsTheAdminPageDoes() {
        String clientId = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();

        Result refused = run("clients", "rotate", clientId, "--grace", "366d");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--grace: from 0s to 365d");
        assertThat(database()
                        .sql("select count(*) from clients where previous_secret_key is not null")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(run("clients", "rotate", clientId, "--grace", "365d").exitCode())
                .isZero();
    }

    @Test
    void clientsRotateReadsAGraceAsTheAdminPageDoes() {
        String clientId = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();

        assertThat(run("clients", "rotate", clientId, "--grace", "90000ms").exitCode())
                .isZero();
        Result unreadable = run("clients", "rotate", clientId, "--grace", "soon");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("a duration such as 90s, 15m, 24h or 7d");
    }

    @Test
    void clientsCreateStoresTheNameWithoutSurroundingWhiteSpaceAsTheAdminPageDoes() {
        Result result = run("clients", "create", "--name", "  shop front \t", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(JsonMapper.shared().readTree(result.out()).get("name").stringValue())
                .isEqualTo("shop front");
        assertThat(database()
                        .sql("select name from clients")
                        .query(String.class)
                        .single())
                .isEqualTo("shop front");
        Result blank = run("clients", "create", "--name", " \t ");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("--name: 1 to 200 characters");
    }

    @Test
    void clientsLimitGivesAClientItsOwnRateLimitAndClearReturnsItToTheDefault() {
        String clientId = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();

        Result limited = run("clients", "limit", clientId, "--events-per-second", "100", "--burst", "500", "--json");

        assertThat(limited.exitCode()).isZero();
        assertThat(JsonMapper.shared().readTree(limited.out()).toString())
                .isEqualTo("{\"client_id\":\"" + clientId
                        + "\",\"rate_limit\":{\"events_per_second\":100,\"burst\":500}}");
        JsonNode listed = JsonMapper.shared()
                .readTree(run("clients", "list", "--json").out())
                .get(0);
        assertThat(listed.get("rate_limit").get("events_per_second").intValue()).isEqualTo(100);
        assertThat(listed.get("rate_limit").get("burst").intValue()).isEqualTo(500);
        Result text = run("clients", "limit", clientId, "--events-per-second", "7");
        assertThat(text.out()).contains(clientId + ": 7 events per second, up to 7 at once.");

        Result cleared = run("clients", "limit", clientId, "--clear");

        assertThat(cleared.exitCode()).isZero();
        assertThat(cleared.out()).contains("the default rate limit applies");
        assertThat(JsonMapper.shared()
                        .readTree(run("clients", "list", "--json").out())
                        .get(0)
                        .get("rate_limit")
                        .isNull())
                .isTrue();
        assertThat(database()
                        .sql("select action || ': ' || details from audit_log where client_id = ? and actor = ? order"
                                + " by id")
                        .params(SqlDialect.SQLITE.uuid(UUID.fromString(clientId)), Tool.actor())
                        .query(String.class)
                        .list())
                .containsExactly(
                        "created: name: shop",
                        "rate_limit_set: 100 events per second, up to 500 at once",
                        "rate_limit_set: 7 events per second, up to 7 at once",
                        "rate_limit_cleared: the default applies");
    }

    @Test
    void clientsLimitOfAnUnknownClientFails() {
        Result result = run("clients", "limit", UUID.randomUUID().toString(), "--events-per-second", "10");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No client");
    }

    @Test
    void clientsLimitRefusesWhatItCannotUse() {
        String clientId = UUID.randomUUID().toString();
        Map<String[], String> refusals = Map.of(
                new String[] {"clients", "limit", clientId}, "Missing required argument",
                new String[] {"clients", "limit", clientId, "--burst", "5"}, "--events-per-second",
                new String[] {"clients", "limit", clientId, "--clear", "--events-per-second", "5"},
                        "mutually exclusive",
                new String[] {"clients", "limit", clientId, "--events-per-second", "-1"}, "--events-per-second: ",
                new String[] {"clients", "limit", clientId, "--events-per-second", "5", "--burst", "2000000"},
                        "--burst: ",
                new String[] {"clients", "limit", clientId, "--events-per-second", "0", "--burst", "5"},
                        "--burst: only with events-per-second above 0");
        refusals.forEach((args, message) -> {
            Result result = run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).contains(message);
        });
    }

    @Test
    void clientsReactivateLetsARevokedClientInAgain() {
        String clientId = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();
        run("clients", "revoke", clientId);

        Result result = run("clients", "reactivate", clientId);

        assertThat(result.exitCode()).isZero();
        assertThat(run("clients", "list").out()).containsPattern(clientId + " +active");
        assertThat(run("clients", "reactivate", clientId).exitCode()).isEqualTo(1);
    }

    @Test
    void clientChangesFromTheCommandLineAreAuditedAsTheOperatingSystemUser() {
        String clientId = JsonMapper.shared()
                .readTree(run("clients", "create", "--name", "shop", "--json").out())
                .get("client_id")
                .stringValue();
        run("clients", "rotate", clientId, "--grace", "1h");
        run("clients", "revoke", clientId);
        run("clients", "reactivate", clientId);

        assertThat(database()
                        .sql("select actor || ' ' || action from audit_log where client_id = ? order by id")
                        .param(SqlDialect.SQLITE.uuid(UUID.fromString(clientId)))
                        .query(String.class)
                        .list())
                .containsExactly(
                        "cli:" + System.getProperty("user.name") + " created",
                        "cli:" + System.getProperty("user.name") + " rotated",
                        "cli:" + System.getProperty("user.name") + " revoked",
                        "cli:" + System.getProperty("user.name") + " reactivated");
    }

    @Test
    void tokenPrintsAJwtThatAnotherLibraryVerifies() {
        UUID clientId = UUID.randomUUID();
        String secret = "k".repeat(43);

        Result result = run("token", "--client-id", clientId.toString(), "--secret-key", secret, "--ttl", "15m");

        assertThat(result.exitCode()).isZero();
        Claims claims = signedClaims(result, secret);
        assertThat(claims.getSubject()).isEqualTo(clientId.toString());
        assertThat(claims.get("gty", String.class)).isEqualTo("client-credentials");
        assertThat(claims.getId()).isNotBlank();
        assertThat(Duration.between(
                        claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(claims.getIssuedAt()).isBeforeOrEqualTo(new Date());
    }

    @Test
    void tokenWithScopeEventsWriteCarriesTheClaimAndRefusesAnyOtherScope() {
        UUID clientId = UUID.randomUUID();
        String secret = "k".repeat(43);

        Result scoped =
                run("token", "--client-id", clientId.toString(), "--secret-key", secret, "--scope", "events:write");
        Result unknown =
                run("token", "--client-id", clientId.toString(), "--secret-key", secret, "--scope", "events:read");

        assertThat(scoped.exitCode()).isZero();
        assertThat(signedClaims(scoped, secret).get("scope", String.class)).isEqualTo("events:write");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--scope: the only scope is events:write");
    }

    @Test
    void tokenReadsTheSecretKeyFromTheFirstLineOfStandardInput() {
        UUID clientId = UUID.randomUUID();
        String secret = "s".repeat(43);

        Result result = runWithStdin(secret + "\n", "token", "--client-id", clientId.toString(), "--secret-key-stdin");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(signedClaims(result, secret).getSubject()).isEqualTo(clientId.toString());
    }

    @Test
    void tokenReadsTheSecretKeyFromTheEnvironment() {
        UUID clientId = UUID.randomUUID();
        String secret = "e".repeat(43);

        Result result =
                runWithEnvironment(Map.of("THE_EYE_SECRET_KEY", secret), "token", "--client-id", clientId.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(signedClaims(result, secret).getSubject()).isEqualTo(clientId.toString());
    }

    @Test
    void tokenPrefersAnOptionToTheEnvironment() {
        String secret = "o".repeat(43);

        Result result = runWithEnvironment(
                Map.of("THE_EYE_SECRET_KEY", "e".repeat(43)),
                "token",
                "--client-id",
                UUID.randomUUID().toString(),
                "--secret-key",
                secret);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(signedClaims(result, secret).getId()).isNotBlank();
    }

    @Test
    void tokenWithoutASecretKeySaysWhereToGiveIt() {
        Result result = run("token", "--client-id", UUID.randomUUID().toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--secret-key-stdin")
                .contains("THE_EYE_SECRET_KEY")
                .contains("--secret-key");
    }

    @Test
    void tokenRefusesAnEmptyStandardInput() {
        Result result =
                runWithStdin("", "token", "--client-id", UUID.randomUUID().toString(), "--secret-key-stdin");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("standard input");
    }

    @Test
    void tokenTakesTheSecretKeyFromOneOptionOnly() {
        Result result = runWithStdin(
                "s".repeat(43) + "\n",
                "token",
                "--client-id",
                UUID.randomUUID().toString(),
                "--secret-key",
                "k".repeat(43),
                "--secret-key-stdin");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("mutually exclusive");
    }

    @Test
    void tokenRefusesAnUnreadableTtl() {
        Result result = run(
                "token", "--client-id", UUID.randomUUID().toString(), "--secret-key", "k".repeat(43), "--ttl", "soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--ttl");
    }

    @Test
    void createsuperuserStoresABcryptHashOfThePasswordFromStdin() {
        Result result =
                runWithStdin("correct horse battery\n", "createsuperuser", "--username", "admin", "--password-stdin");

        assertThat(result.exitCode()).isZero();
        String hash = database()
                .sql("select password_hash from users where username = 'admin' and is_superuser")
                .query(String.class)
                .single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("correct horse");
        assertThat(PasswordHashing.encoder().matches("correct horse battery", hash))
                .isTrue();
    }

    @Test
    void createsuperuserRefusesAShortPassword() {
        Result result = runWithStdin("short\n", "createsuperuser", "--username", "admin", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("at least 8 characters");
    }

    @Test
    void createsuperuserRefusesATakenUsername() {
        runWithStdin("correct horse battery\n", "createsuperuser", "--username", "admin", "--password-stdin");

        Result again = runWithStdin("another good one\n", "createsuperuser", "--username", "admin", "--password-stdin");

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already taken");
    }

    @Test
    void createsuperuserWithoutTerminalOrOptionsSaysWhatToPass() {
        Result result = runWithStdin("", "createsuperuser");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--username").contains("--password-stdin");
    }

    @Test
    void exporterWithoutADestinationSaysWhatToSet() {
        Result result = run("exporter");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("THE_EYE_EXPORT_TO");
    }

    @Test
    void migrateAppliesTheSchemaAndSaysItsVersion() {
        Result result = run("migrate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("version 30 (session keys)");
    }

    @Test
    void toolsStartNeitherWebServerNorQueue() {
        try (ConfigurableApplicationContext context = launcher.tool()) {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(context.getBeanNamesForType(EventQueue.class)).isEmpty();
        }
    }

    /** The claims of the token a command printed, which must be signed with the secret. */
    private static Claims signedClaims(Result result, String secret) {
        return Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
                .build()
                .parseSignedClaims(result.out().strip())
                .getPayload();
    }

    @Test
    void workerSaysPlainlyThatTheDirectQueueHasNothingToConsume() {
        Result result = run("worker");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("nothing to consume")
                .contains("THE_EYE_QUEUE=redis")
                .contains("THE_EYE_QUEUE=kafka");
    }

    @Test
    void serveWithoutWorkerRefusesTheDirectQueue() {
        Result result = run("serve", "--no-worker", "--server.port=0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--no-worker needs a broker");
    }

    private JdbcClient database() {
        return JdbcClient.create(new SimpleDriverDataSource(new org.sqlite.JDBC(), databaseUrl));
    }

    private Result run(String... args) {
        return runWithStdin("", args);
    }

    private Result runWithStdin(String stdin, String... args) {
        return execute(stdin, Map.of(), args);
    }

    private Result runWithEnvironment(Map<String, String> environment, String... args) {
        return execute("", environment, args);
    }

    /** Runs the command line in this process, with this standard input and these environment variables only. */
    private Result execute(String stdin, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(launcher, environment::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        InputStream originalIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new Result(commandLine.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(originalIn);
        }
    }

    private record Result(int exitCode, String out, String err) {}
}
