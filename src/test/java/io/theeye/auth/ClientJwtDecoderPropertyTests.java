package io.theeye.auth;

import static io.theeye.support.Generated.forAll;
import static io.theeye.support.Generated.oneOf;
import static io.theeye.support.Generated.string;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.theeye.store.ClientStore;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Generated and mutated tokens: the decoder accepts exactly the tokens an oracle written apart from it says are good,
 * and refuses every other with {@link BadJwtException} (401), never another exception (500).
 */
class ClientJwtDecoderPropertyTests {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final String BASE64URL_AND_MORE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u00e9";

    private HikariDataSource database;
    private ClientJwtDecoder decoder;
    private ClientStore.Client client;
    private ClientStore.Client other;

    @BeforeEach
    void createClients() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        ClientStore store = TestStores.clientStore(database, CLOCK);
        client = store.create("web shop");
        other = store.create("mobile app");
        ClientRegistry registry = new ClientRegistry(
                store,
                new AuthProperties(
                        SKEW, Duration.ofSeconds(2), Duration.ofMillis(100), 100, MAX_LIFETIME, Duration.ofMinutes(1)));
        registry.refresh();
        decoder = new ClientJwtDecoder(registry, CLOCK, SKEW, MAX_LIFETIME, 100);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void acceptsExactlyTheSignedTokensWhoseClaimsKeepEveryRule() {
        forAll(2000, this::token, token -> {
            Jwt jwt = decoded(token.compact());
            assertThat(jwt != null).as("accepted").isEqualTo(token.good());
            if (jwt != null) {
                assertThat(jwt.getSubject()).isEqualTo(token.claims().get("sub"));
            }
        });
    }

    @Test
    void refusesEveryChangeToAGoodToken() {
        forAll(2000, this::mutated, mutated -> {
            Jwt jwt = decoded(mutated.token());
            if (jwt != null) {
                // Only a change that leaves every part's bytes as they were (say, unused bits of a base64url
                // character) may still be accepted: it is the same token.
                assertThat(parts(mutated.token())).isEqualTo(parts(mutated.original()));
            }
        });
    }

    @Test
    void refusesAnyTextThatIsNoToken() {
        forAll(2000, random -> string(random, BASE64URL_AND_MORE + "{}\":,\u0000", 0, 120), text -> {
            assertThat(decoded(text)).isNull();
        });
    }

    /** The decoded token, or null when it is refused as a client's mistake (401); any other exception fails. */
    private Jwt decoded(String token) {
        try {
            return decoder.decode(token);
        } catch (BadJwtException e) {
            return null;
        }
    }

    private static String parts(String token) {
        return Arrays.stream(token.split("\\.", -1))
                .map(part -> {
                    try {
                        return Arrays.toString(Base64.getUrlDecoder().decode(part));
                    } catch (IllegalArgumentException e) {
                        return "not base64url: " + part;
                    }
                })
                .toList()
                .toString();
    }

    record Token(Map<String, Object> claims, String secret, boolean good) {
        String compact() {
            return Jwts.builder()
                    .claims(claims)
                    .signWith(Keys.hmacShaKeyFor(secret.getBytes(UTF_8)), Jwts.SIG.HS256)
                    .compact();
        }
    }

    record Mutated(String original, String token) {}

    private Mutated mutated(SplittableRandom random) {
        String original = goodToken();
        StringBuilder token = new StringBuilder(original);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            int at = random.nextInt(token.length() + 1);
            int end = Math.min(token.length(), at + random.nextInt(4));
            token.replace(at, end, string(random, BASE64URL_AND_MORE, 0, 3));
        }
        return new Mutated(original, token.toString());
    }

    private String goodToken() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", client.clientId().toString());
        claims.put("gty", ClientJwtDecoder.GRANT_TYPE);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", Date.from(NOW.minusSeconds(10)));
        claims.put("exp", Date.from(NOW.plusSeconds(300)));
        Token token = new Token(claims, client.secretKey(), true);
        return token.compact();
    }

    /** Claims mostly right, each sometimes wrong; whether the token is good is worked out here, not by the decoder. */
    private Token token(SplittableRandom random) {
        Map<String, Object> claims = new LinkedHashMap<>();
        String stranger = string(random, BASE64URL_AND_MORE.substring(0, 62), 32, 40);
        ClientStore.Client subject = random.nextInt(10) < 8 ? client : other;
        int subjectKind = random.nextInt(12);
        boolean subjectKnown = subjectKind < 9;
        switch (subjectKind) {
            case 9 -> claims.put("sub", UUID.randomUUID().toString());
            case 10 -> claims.put("sub", string(random, BASE64URL_AND_MORE, 0, 10));
            case 11 -> {}
            default -> claims.put("sub", subject.clientId().toString());
        }
        int signer = random.nextInt(10);
        String secret = signer < 8
                ? subject.secretKey()
                : signer == 8 ? otherThan(subject).secretKey() : stranger;
        boolean signedRight = signer < 8;

        boolean gtyRight = put(claims, "gty", random, ClientJwtDecoder.GRANT_TYPE, "password", 5, "");
        boolean jtiRight = put(claims, "jti", random, UUID.randomUUID().toString(), "", " ");

        Long iat = random.nextInt(10) == 0 ? null : NOW.getEpochSecond() - 172_800 + random.nextLong(172_800 + 120);
        Long exp = random.nextInt(10) == 0
                ? null
                : (iat == null ? NOW.getEpochSecond() : iat) - 3_600 + random.nextLong(90_000 + 3_600);
        Long nbf = random.nextInt(3) > 0 ? null : NOW.getEpochSecond() - 3_600 + random.nextLong(7_200);
        if (iat != null) {
            claims.put("iat", Date.from(Instant.ofEpochSecond(iat)));
        }
        if (exp != null) {
            claims.put("exp", Date.from(Instant.ofEpochSecond(exp)));
        }
        if (nbf != null) {
            claims.put("nbf", Date.from(Instant.ofEpochSecond(nbf)));
        }
        long now = NOW.getEpochSecond();
        long skew = SKEW.toSeconds();
        boolean timesRight = iat != null
                && exp != null
                && exp > iat
                && exp - iat <= MAX_LIFETIME.toSeconds()
                && now < exp + skew
                && iat - skew <= now
                && (nbf == null || nbf - skew <= now);
        return new Token(claims, secret, subjectKnown && signedRight && gtyRight && jtiRight && timesRight);
    }

    private ClientStore.Client otherThan(ClientStore.Client subject) {
        return subject == client ? other : client;
    }

    /**
     * Puts the right value most times, else one of the wrong ones or nothing; says whether the right one went in.
     */
    private static boolean put(
            Map<String, Object> claims, String name, SplittableRandom random, Object right, Object... wrong) {
        int pick = random.nextInt(10);
        if (pick < 7) {
            claims.put(name, right);
            return true;
        }
        if (pick > 7) {
            claims.put(name, oneOf(random, wrong));
        }
        return false;
    }
}
