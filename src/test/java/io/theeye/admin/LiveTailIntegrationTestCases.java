package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The live tail's stream over HTTP on a real server with the direct queue: the events the process stores itself
 * reach each viewer through its filters. Each subclass names the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveTailIntegrationTestCases {

    private static final String USER = "tail watcher";
    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Environment environment;

    @Autowired
    UserStore users;

    @Autowired
    ClientChanges changes;

    private int port;

    @BeforeAll
    void createUser() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        users.createSuperuser(USER, PasswordHashing.encoder().encode(PASSWORD));
    }

    @Test
    void eventsTheProcessStoresReachEachViewerThroughItsFilters() {
        ClientStore.Client shop = changes.create("cli:test", "tail shop", false);
        ClientStore.Client other = changes.create("cli:test", "tail other", false);
        AdminSession session = signedIn();

        try (TailStream screens = TailStream.open(session, "client=" + shop.clientId() + "&category=screen");
                TailStream everything = TailStream.open(session, "client=" + shop.clientId());
                TailStream others = TailStream.open(session, "client=" + other.clientId())) {
            post(shop, event("screen", "home"), event("crash", "boom"), event("screen", "cart"));
            post(other, event("screen", "elsewhere"));
            post(shop, event("screen", "checkout"));

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(screens.names()).containsExactly("home", "cart", "checkout"));
            await().untilAsserted(() -> assertThat(everything.names()).hasSize(4));
            assertThat(everything.names().subList(0, 3)).containsExactlyInAnyOrder("home", "boom", "cart");
            assertThat(everything.names().get(3)).isEqualTo("checkout");
            await().untilAsserted(() -> assertThat(others.names()).containsExactly("elsewhere"));
            assertThat(screens.events().getFirst().get("client").asString()).isEqualTo("tail shop");
            assertThat(screens.missed()).isZero();
        }
    }

    private AdminSession signedIn() {
        AdminSession session = new AdminSession(port);
        assertThat(session.signIn(USER, PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/admin"));
        return session;
    }

    private void post(ClientStore.Client client, String... events) {
        HttpResponse<String> answer = new ApiClient(port)
                .postEvents(Tokens.valid(client.clientId(), client.secretKey()), "[" + String.join(",", events) + "]");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    static String event(String category, String name) {
        return """
                {"session_id": "tail-1", "category": "%s", "name": "%s", "data": {"n": 1}}""".formatted(category, name);
    }
}
