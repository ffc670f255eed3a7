package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.store.ClientStore.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRulesTests {

    @Test
    void aNameIsStoredWithoutSurroundingWhiteSpace() {
        assertThat(ClientRules.name("  shop front \t\n")).isEqualTo("shop front");
        assertThat(ClientRules.name("x".repeat(200) + " ")).hasSize(200);
    }

    @Test
    void refusesANameOfNothingButWhiteSpaceOrTooLong() {
        for (String name : new String[] {"", " ", "\t\n", "x".repeat(201)}) {
            assertThatThrownBy(() -> ClientRules.name(name))
                    .isInstanceOfSatisfying(ClientRules.Violation.class, violation -> {
                        assertThat(violation.field()).isEqualTo("name");
                        assertThat(violation.problem()).isEqualTo("1 to 200 characters");
                    });
        }
    }

    @Test
    void aGraceRunsFromNothingToAYear() {
        assertThat(ClientRules.grace(Duration.ZERO)).isZero();
        assertThat(ClientRules.grace(Duration.ofDays(365))).isEqualTo(Duration.ofDays(365));
        for (Duration grace :
                new Duration[] {Duration.ofSeconds(-1), Duration.ofDays(365).plusSeconds(1)}) {
            assertThatThrownBy(() -> ClientRules.grace(grace))
                    .isInstanceOf(ClientRules.Violation.class)
                    .hasMessage("grace: from 0s to 365d");
        }
    }

    @Test
    void aGraceIsReadAsTheEnvironmentVariableIs() {
        assertThat(ClientRules.parseGrace(" 90s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ClientRules.parseGrace("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ClientRules.parseGrace("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ClientRules.parseGrace("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(ClientRules.parseGrace("-1h")).isEqualTo(Duration.ofHours(-1));
        assertThatThrownBy(() -> ClientRules.parseGrace("soon"))
                .isInstanceOf(ClientRules.Violation.class)
                .hasMessage("grace: a duration such as 90s, 15m, 24h or 7d");
    }

    @Test
    void aRateLimitWithoutBurstHoldsOneSecondsWorth() {
        assertThat(ClientRules.rateLimit(100, null)).isEqualTo(new RateLimit(100, 0));
        assertThat(ClientRules.rateLimit(100, 500)).isEqualTo(new RateLimit(100, 500));
        assertThat(ClientRules.rateLimit(0, null).describe()).isEqualTo("no limit");
        assertThat(ClientRules.rateLimit(1, null).describe()).isEqualTo("1 event per second, up to 1 at once");
    }

    @Test
    void refusesARateLimitOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> ClientRules.rateLimit(-1, null)).hasMessageStartingWith("events-per-second: ");
        assertThatThrownBy(() -> ClientRules.rateLimit(1_000_001, null)).hasMessageStartingWith("events-per-second: ");
        assertThatThrownBy(() -> ClientRules.rateLimit(10, -1)).hasMessageStartingWith("burst: ");
        assertThatThrownBy(() -> ClientRules.rateLimit(10, 1_000_001)).hasMessageStartingWith("burst: ");
        assertThatThrownBy(() -> ClientRules.rateLimit(0, 10)).hasMessage("burst: only with events-per-second above 0");
    }

    @Test
    void anOriginIsStoredAsBrowsersSendIt() {
        assertThat(ClientRules.origin(" HTTPS://Shop.Example ")).isEqualTo("https://shop.example");
        assertThat(ClientRules.origin("https://shop.example:443")).isEqualTo("https://shop.example");
        assertThat(ClientRules.origin("http://shop.example:80")).isEqualTo("http://shop.example");
        assertThat(ClientRules.origin("http://localhost:8080")).isEqualTo("http://localhost:8080");
        assertThat(ClientRules.origin("https://127.0.0.1:8443")).isEqualTo("https://127.0.0.1:8443");
    }

    @Test
    void refusesWhatIsNoHttpOrigin() {
        for (String origin : new String[] {
            "",
            "null",
            "shop.example",
            "ftp://shop.example",
            "https://shop.example/",
            "https://shop.example/cart",
            "https://shop.example?a=1",
            "https://shop.example#top",
            "https://user@shop.example",
            "https://"
        }) {
            assertThatThrownBy(() -> ClientRules.origin(origin))
                    .as(origin)
                    .isInstanceOfSatisfying(
                            ClientRules.Violation.class,
                            violation -> assertThat(violation.field()).isEqualTo("origin"));
        }
    }

    @Test
    void aKeyNameMayBeEmptyButNotTooLong() {
        assertThat(ClientRules.keyName(null)).isEmpty();
        assertThat(ClientRules.keyName(" web ")).isEqualTo("web");
        assertThatThrownBy(() -> ClientRules.keyName("x".repeat(201)))
                .isInstanceOf(ClientRules.Violation.class)
                .hasMessage("name: at most 200 characters");
    }
}
