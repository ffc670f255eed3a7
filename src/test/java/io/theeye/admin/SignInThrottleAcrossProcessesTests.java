package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.TheEyeApplication;
import io.theeye.auth.PasswordHashing;
import io.theeye.store.UserStore;
import io.theeye.support.SettableClock;
import io.theeye.support.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/** Two API processes on one PostgreSQL database throttle sign-ins with the same counts. */
class SignInThrottleAcrossProcessesTests {

    private static final String PASSWORD = "correct horse battery";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void failuresThroughOneProcessMakeTheNextTryThroughAnotherWait() {
        String url = TestDatabases.newPostgresSchemaUrl();
        try (ConfigurableApplicationContext one = start(url);
                ConfigurableApplicationContext two = start(url)) {
            one.getBean(UserStore.class)
                    .createSuperuser("alice", PasswordHashing.encoder().encode(PASSWORD));
            AdminSession throughOne = new AdminSession(port(one));
            for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS; i++) {
                assertThat(location(throughOne.signIn("alice", "guess " + i))).endsWith("/admin/login?error");
            }
            AdminSession throughTwo = new AdminSession(port(two));

            HttpResponse<String> refused = throughTwo.signIn("alice", PASSWORD);

            assertThat(location(refused)).containsPattern("/admin/login\\?wait=\\d+$");
            clock.advance(SignInRules.FIRST_WAIT);
            assertThat(location(throughTwo.signIn("alice", PASSWORD))).endsWith("/admin");
        }
    }

    /** An API process on the database, its clock this test's. */
    private ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(TheEyeApplication.class)
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean("testClock", Clock.class, () -> clock, bean -> bean.setPrimary(true)))
                .run(
                        "--server.port=0",
                        "--the-eye.db.url=" + url,
                        "--the-eye.db.user=" + TestDatabases.POSTGRES_USER,
                        "--the-eye.db.password=" + TestDatabases.POSTGRES_PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }
}
