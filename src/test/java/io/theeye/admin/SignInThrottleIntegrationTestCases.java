package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.UserStore;
import io.theeye.support.SettableClock;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * The sign-in throttle through the admin sign-in form on a real server, with the time standing still unless a test
 * moves it, and the password checks counted. Behind a trusted proxy ({@code native} forward headers), so that a test
 * chooses the address a try comes from with X-Forwarded-For; each test has its own user and addresses.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.forward-headers-strategy=native")
@Import(SignInThrottleIntegrationTestCases.TestBeans.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignInThrottleIntegrationTestCases {

    private static final String PASSWORD = "correct horse battery";
    private static final int AT_ONCE = 50;

    /** Not a {@code @Configuration}, so that no other application that scans this package picks it up. */
    static class TestBeans {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Bean
        @Primary
        CountingPasswordEncoder countingPasswordEncoder() {
            return new CountingPasswordEncoder();
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    UserStore users;

    @Autowired
    SettableClock clock;

    @Autowired
    CountingPasswordEncoder passwords;

    private final ExecutorService threads = Executors.newFixedThreadPool(AT_ONCE + 1);
    private int port;

    @BeforeAll
    void createUsers() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        String hash = PasswordHashing.encoder().encode(PASSWORD);
        for (String name : new String[] {"erin", "frank", "gina", "heidi", "ivan"}) {
            users.createSuperuser(name, hash);
        }
    }

    @AfterAll
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void repeatedFailuresMakeTheNextTryWaitEvenWithTheRightPasswordAndThePageSaysHowLong() {
        AdminSession session = from("203.0.113.40");
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS; i++) {
            assertThat(location(session.signIn("heidi", "guess " + i))).endsWith("/admin/login?error");
        }

        HttpResponse<String> signIn = session.signIn("heidi", PASSWORD);

        assertThat(location(signIn)).endsWith("/admin/login?wait=1");
        assertThat(session.get("/admin/clients").statusCode()).isEqualTo(302);
        assertThat(session.get("/admin/login?wait=1").body()).contains("Too many failed sign-ins: try again in 1 s.");
        assertThat(location(from("203.0.113.40").signIn("ivan", PASSWORD))).endsWith("/admin");
    }

    @Test
    void triesMadeAtOnceAfterTheFreeFailuresGetOneCheckBetweenThemAndNoneGetsInWithTheRightPassword() throws Exception {
        AdminSession session = from("203.0.113.10");
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS; i++) {
            assertThat(location(session.signIn("erin", "guess " + i))).endsWith("/admin/login?error");
        }
        clock.advance(SignInRules.FIRST_WAIT);
        int checksBefore = passwords.checks();
        CountingPasswordEncoder.Hold hold = passwords.holdNextCheck();
        List<HttpResponse<String>> answers;
        CompletableFuture<HttpResponse<String>> due;
        try {
            // The one try now due is in the middle of its password check while the others come.
            due = CompletableFuture.supplyAsync(() -> session.signIn("erin", "one more guess"), threads);
            assertThat(hold.entered().await(1, TimeUnit.MINUTES)).isTrue();

            answers = signInAtOnce("erin", "203.0.113.10", i -> i % 10 == 0 ? PASSWORD : "guess " + i);
        } finally {
            hold.released().countDown();
        }

        assertThat(location(due.get(1, TimeUnit.MINUTES))).endsWith("/admin/login?error");
        assertThat(answers)
                .hasSize(AT_ONCE)
                .allSatisfy(answer -> assertThat(location(answer)).containsPattern("/admin/login\\?wait=\\d+$"));
        assertThat(passwords.checks() - checksBefore).isEqualTo(1);
    }

    @Test
    void ofTriesMadeAtOnceOnlyTheFreeOnesCostAPasswordCheck() throws Exception {
        int checksBefore = passwords.checks();

        List<HttpResponse<String>> answers = signInAtOnce("gina", "203.0.113.30", i -> "guess " + i);

        List<String> locations = answers.stream().map(a -> location(a)).toList();
        assertThat(locations)
                .filteredOn(l -> l.endsWith("/admin/login?error"))
                .hasSize(SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS);
        assertThat(locations)
                .filteredOn(l -> l.matches(".*/admin/login\\?wait=\\d+$"))
                .hasSize(AT_ONCE - SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS);
        assertThat(passwords.checks() - checksBefore).isEqualTo(SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS);
    }

    @Test
    void aUserLockedOutFromOneAddressStillSignsInFromAnother() {
        AdminSession attacker = from("203.0.113.20");
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS; i++) {
            attacker.signIn("frank", "guess " + i);
        }
        assertThat(location(attacker.signIn("frank", PASSWORD))).containsPattern("/admin/login\\?wait=\\d+$");

        AdminSession frank = from("198.51.100.7");
        HttpResponse<String> signIn = frank.signIn("frank", PASSWORD);

        assertThat(location(signIn)).endsWith("/admin");
        assertThat(frank.get("/admin/clients").statusCode()).isEqualTo(200);
        assertThat(location(attacker.signIn("frank", PASSWORD))).containsPattern("/admin/login\\?wait=\\d+$");
    }

    /** Signs in from one address in as many sessions at once, each with its own CSRF token fetched before. */
    private List<HttpResponse<String>> signInAtOnce(String user, String address, IntFunction<String> password)
            throws Exception {
        List<AdminSession> sessions = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            AdminSession session = from(address);
            sessions.add(session);
            tokens.add(session.csrfToken());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            int n = i;
            answers.add(threads.submit(() -> {
                start.await();
                return sessions.get(n).signIn(user, password.apply(n), tokens.get(n));
            }));
        }
        start.countDown();
        List<HttpResponse<String>> results = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            results.add(answer.get(1, TimeUnit.MINUTES));
        }
        return results;
    }

    private AdminSession from(String address) {
        return new AdminSession(port, Map.of("X-Forwarded-For", address));
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }
}
