package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.ClientStore;
import io.theeye.store.SqlDialect;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin UI's rules that need no browser, through real HTTP: sign-in, cookies, CSRF, and the wall between admin
 * sessions and API tokens (throttling: {@link SignInThrottleIntegrationTestCases}). Behind a trusted proxy (X-Forwarded-Proto), as {@code native} forward
 * headers allow.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.forward-headers-strategy=native")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSecurityIntegrationTests {

    private static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Autowired
    Environment environment;

    @Autowired
    UserStore users;

    @Autowired
    ClientStore clients;

    @Autowired
    JdbcClient jdbc;

    private int port;
    private AdminSession session;

    @BeforeAll
    void createUsers() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        for (String name : new String[] {"alice", "bob"}) {
            users.createSuperuser(name, PasswordHashing.encoder().encode(PASSWORD));
        }
    }

    @BeforeEach
    void newSession() {
        session = new AdminSession(port);
    }

    @Test
    void aSignedInUserSeesThePagesWithAStrictHttpOnlyCookieForAdminOnly() {
        HttpResponse<String> signIn = session.signIn("alice", PASSWORD);

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin"));
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith(AdminWebConfiguration.SESSION_COOKIE + "=")
                .contains("Path=/admin", "HttpOnly", "SameSite=Strict")
                .doesNotContain("Secure");
        HttpResponse<String> clientsPage = session.get("/admin/clients");
        assertThat(clientsPage.statusCode()).isEqualTo(200);
        assertThat(clientsPage.body()).contains("Client credentials", "alice");
    }

    @Test
    void theCookieIsSecureWhenTheRequestCameOverHttps() {
        HttpResponse<String> page = session.get("/admin/login", Map.of("X-Forwarded-Proto", "https"));

        assertThat(page.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).contains("Secure", "HttpOnly", "SameSite=Strict"));
    }

    @Test
    void pagesSendStrangersToTheSignInPage() {
        HttpResponse<String> page = session.get("/admin/clients");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/login"));
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> signIn = session.signIn("bob", "not the password");

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/login?error"));
        assertThat(session.get("/admin/clients").statusCode()).isEqualTo(302);
        assertThat(session.get("/admin/login?error").body()).contains("Wrong user name or password.");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        session.signIn("alice", PASSWORD);
        String name = "csrf-" + UUID.randomUUID();

        HttpResponse<String> post = session.post("/admin/clients", Map.of("name", name), false);

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("did not carry a valid CSRF token");
        assertThat(clients.findAll()).noneMatch(c -> c.name().equals(name));
        assertThat(session.post("/admin/clients", Map.of("name", name), true).statusCode())
                .isEqualTo(302);
        assertThat(clients.findAll()).anyMatch(c -> c.name().equals(name));
    }

    @Test
    void adminPagesIgnoreApiTokens() {
        ClientStore.Client client = clients.create("api client");
        String token = Tokens.valid(client.clientId(), client.secretKey());

        HttpResponse<String> page = session.get("/admin/clients", Map.of("Authorization", "Bearer " + token));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/login"));
    }

    @Test
    void theApiIgnoresTheAdminSession() {
        session.signIn("alice", PASSWORD);
        String cookie = AdminWebConfiguration.SESSION_COOKIE + "=" + session.sessionCookie();
        assertThat(session.get("/admin/clients").statusCode()).isEqualTo(200);
        ApiClient api = new ApiClient(port);

        HttpResponse<String> read = api.send("GET", "/events", null, Map.of("Cookie", cookie));
        HttpResponse<String> write = api.send(
                "POST",
                "/events",
                "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}",
                Map.of("Cookie", cookie, "Content-Type", "application/json"));

        assertThat(read.statusCode()).isEqualTo(401);
        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(read.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void changesMadeInThePagesAreAuditedAsTheSignedInUser() {
        session.signIn("alice", PASSWORD);
        String name = "audited-" + UUID.randomUUID();
        session.post("/admin/clients", Map.of("name", name), true);
        UUID clientId = clients.findAll().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow()
                .clientId();

        session.post("/admin/clients/" + clientId + "/rotate", Map.of("grace", "1h"), true);
        session.post("/admin/clients/" + clientId + "/revoke", Map.of(), true);
        session.post("/admin/clients/" + clientId + "/reactivate", Map.of(), true);

        assertThat(jdbc.sql("select actor || ' ' || action from audit_log where client_id = ? order by id")
                        .param(SqlDialect.SQLITE.uuid(clientId))
                        .query(String.class)
                        .list())
                .containsExactly("alice created", "alice rotated", "alice revoked", "alice reactivated");
        assertThat(session.get("/admin/audit").body()).contains(name, "reactivated", "grace 1h");
    }

    @Test
    void signingOutEndsTheSession() {
        session.signIn("alice", PASSWORD);
        assertThat(session.get("/admin/clients").statusCode()).isEqualTo(200);

        HttpResponse<String> signOut = session.post("/admin/logout", Map.of(), true);

        assertThat(signOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/login?signed-out"));
        assertThat(session.get("/admin/clients").statusCode()).isEqualTo(302);
    }

    @Test
    void aBadRotationGraceIsRefusedNamingTheField() {
        session.signIn("alice", PASSWORD);
        ClientStore.Client client = clients.create("grace");

        HttpResponse<String> post =
                session.post("/admin/clients/" + client.clientId() + "/rotate", Map.of("grace", "soon"), true);

        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).contains("grace: a duration such as 90s, 15m, 24h or 7d");
        assertThat(clients.findById(client.clientId()).orElseThrow().secretKey())
                .isEqualTo(client.secretKey());
    }
}
