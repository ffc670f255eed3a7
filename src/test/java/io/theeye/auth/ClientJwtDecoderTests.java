package io.theeye.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.theeye.store.ClientStore;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.json.JsonMapper;

class ClientJwtDecoderTests {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HikariDataSource database;
    private ClientStore store;
    private ClientRegistry registry;
    private ClientJwtDecoder decoder;
    private ClientStore.Client client;
    private ClientStore.Client otherClient;

    @BeforeEach
    void createClients() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        store = TestStores.clientStore(database, CLOCK);
        client = store.create("web shop");
        otherClient = store.create("mobile app");
        registry = new ClientRegistry(
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

    /** The claims of a token the decoder accepts, for the given client. */
    private static Map<String, Object> claims(ClientStore.Client client) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", client.clientId().toString());
        claims.put("gty", "client-credentials");
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", Date.from(NOW.minusSeconds(10)));
        claims.put("exp", Date.from(NOW.plus(Duration.ofMinutes(5))));
        return claims;
    }

    /** Mints a token the way a client application would, with jjwt and HS256. */
    private static String hs256(String secret, Map<String, Object> claims) {
        return Jwts.builder()
                .claims(claims)
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    /** The client's valid token, with the claims changed by {@code change}. */
    private String token(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = claims(client);
        change.accept(claims);
        return hs256(client.secretKey(), claims);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String base64Url(String text) {
        return base64Url(text.getBytes(UTF_8));
    }

    /** Claims as they appear in a JWT payload, with dates as seconds since the epoch. */
    private static String payloadJson(Map<String, Object> claims) {
        Map<String, Object> json = new LinkedHashMap<>();
        claims.forEach((name, value) ->
                json.put(name, value instanceof Date date ? date.toInstant().getEpochSecond() : value));
        return JSON.writeValueAsString(json);
    }

    /** A token signed by hand with an HMAC of the given JCA name, whatever its header says. */
    private static String handSigned(String headerJson, String payload, String macAlgorithm, String secret) {
        String signingInput = base64Url(headerJson) + "." + base64Url(payload);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), macAlgorithm));
            return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRefused(String token, String message) {
        assertThatExceptionOfType(BadJwtException.class)
                .isThrownBy(() -> decoder.decode(token))
                .withMessage(message);
    }

    private static String refusal(ClientJwtDecoder decoder, String token) {
        try {
            decoder.decode(token);
        } catch (BadJwtException e) {
            return e.getMessage();
        }
        throw new AssertionError("token accepted");
    }

    // accepted

    @Test
    void acceptsValidTokenOfActiveClient() {
        Map<String, Object> claims = claims(client);
        String token = hs256(client.secretKey(), claims);

        Jwt jwt = decoder.decode(token);

        assertThat(jwt.getTokenValue()).isEqualTo(token);
        assertThat(jwt.getSubject()).isEqualTo(client.clientId().toString());
        assertThat(jwt.getClaimAsString("gty")).isEqualTo("client-credentials");
        assertThat(jwt.getId()).isEqualTo(claims.get("jti"));
        assertThat(jwt.getIssuedAt()).isEqualTo(NOW.minusSeconds(10));
        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
    }

    @Test
    void acceptsTokenOfEachClientWithItsOwnSecret() {
        Jwt jwt = decoder.decode(hs256(otherClient.secretKey(), claims(otherClient)));

        assertThat(jwt.getSubject()).isEqualTo(otherClient.clientId().toString());
    }

    @Test
    void acceptsTokenExpiredWithinClockSkew() {
        Jwt jwt = decoder.decode(token(claims -> {
            claims.put("iat", Date.from(NOW.minus(Duration.ofMinutes(5))));
            claims.put("exp", Date.from(NOW.minusSeconds(29)));
        }));

        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.minusSeconds(29));
    }

    @Test
    void acceptsTokenIssuedInTheFutureWithinClockSkew() {
        Jwt jwt = decoder.decode(token(claims -> claims.put("iat", Date.from(NOW.plusSeconds(30)))));

        assertThat(jwt.getIssuedAt()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void acceptsTokenNotValidBeforeAMomentWithinClockSkew() {
        Jwt jwt = decoder.decode(token(claims -> claims.put("nbf", Date.from(NOW.plusSeconds(20)))));

        assertThat(jwt.getSubject()).isEqualTo(client.clientId().toString());
    }

    @Test
    void acceptsTokenNotValidBeforeAPastMoment() {
        Jwt jwt = decoder.decode(token(claims -> claims.put("nbf", Date.from(NOW.minusSeconds(60)))));

        assertThat(jwt.getSubject()).isEqualTo(client.clientId().toString());
    }

    @Test
    void acceptsClientCreatedAfterRefresh() {
        ClientStore.Client late = store.create("late");
        registry.refresh();

        assertThat(decoder.decode(hs256(late.secretKey(), claims(late))).getSubject())
                .isEqualTo(late.clientId().toString());
    }

    @Test
    void acceptsClientCreatedSinceTheLastRefresh() {
        ClientStore.Client late = store.create("late", true);

        assertThat(decoder.decode(hs256(late.secretKey(), claims(late))).getSubject())
                .isEqualTo(late.clientId().toString());
        assertThat(registry.readsAll(late.clientId())).isTrue();
    }

    // algorithms

    @Test
    void rejectsUnsignedTokenWithAlgNone() {
        String token =
                base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(payloadJson(claims(client))) + ".";

        assertRefused(token, "malformed token");
    }

    @Test
    void rejectsAlgNoneEvenWithAValidHs256Signature() {
        String token = handSigned(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}", payloadJson(claims(client)), "HmacSHA256", client.secretKey());

        assertRefused(token, "malformed token");
    }

    @Test
    void rejectsTokenSignedWithHs384() {
        String token = handSigned(
                "{\"alg\":\"HS384\",\"typ\":\"JWT\"}", payloadJson(claims(client)), "HmacSHA384", client.secretKey());

        assertRefused(token, "unsupported signing algorithm: only HS256 is accepted");
    }

    @Test
    void rejectsTokenSignedWithHs512() {
        String token = handSigned(
                "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payloadJson(claims(client)), "HmacSHA512", client.secretKey());

        assertRefused(token, "unsupported signing algorithm: only HS256 is accepted");
    }

    @Test
    void rejectsTokenSignedWithRs256() {
        KeyPair keys = Jwts.SIG.RS256.keyPair().build();
        String token = Jwts.builder()
                .claims(claims(client))
                .signWith(keys.getPrivate(), Jwts.SIG.RS256)
                .compact();

        assertRefused(token, "unsupported signing algorithm: only HS256 is accepted");
    }

    // credentials

    @Test
    void rejectsTokenSignedWithAnotherClientsSecret() {
        assertRefused(hs256(otherClient.secretKey(), claims(client)), "bad credentials");
    }

    @Test
    void rejectsTokenWithTamperedPayload() {
        String token = hs256(client.secretKey(), claims(client));
        String[] parts = token.split("\\.");
        Map<String, Object> tampered = claims(client);
        tampered.put("jti", "another");
        String forged = parts[0] + "." + base64Url(payloadJson(tampered)) + "." + parts[2];

        assertRefused(forged, "bad credentials");
    }

    @Test
    void rejectsTokenOfUnknownClient() {
        Map<String, Object> claims = claims(client);
        claims.put("sub", UUID.randomUUID().toString());

        assertRefused(hs256(client.secretKey(), claims), "bad credentials");
    }

    @Test
    void refusesUnknownClientAndWrongSignatureAlike() {
        Map<String, Object> unknown = claims(client);
        unknown.put("sub", UUID.randomUUID().toString());

        String unknownClient = refusal(decoder, hs256(client.secretKey(), unknown));
        String wrongSignature = refusal(decoder, hs256(otherClient.secretKey(), claims(client)));

        assertThat(unknownClient).isEqualTo(wrongSignature);
    }

    @Test
    void rejectsSubjectThatIsNotAUuid() {
        assertRefused(token(claims -> claims.put("sub", "web shop")), "bad credentials");
    }

    @Test
    void rejectsTokenWithoutSubject() {
        assertRefused(token(claims -> claims.remove("sub")), "bad credentials");
    }

    @Test
    void rejectsTokenOfRevokedClient() {
        String token = hs256(client.secretKey(), claims(client));
        assertThat(decoder.decode(token).getSubject())
                .isEqualTo(client.clientId().toString());

        assertThat(store.revoke(client.clientId())).isTrue();
        registry.refresh();

        assertRefused(token, "bad credentials");
    }

    @Test
    void refusesAnAcceptedTokenOnceItExpires() {
        MovableClock clock = new MovableClock(NOW);
        ClientJwtDecoder decoder = new ClientJwtDecoder(registry, clock, SKEW, MAX_LIFETIME, 100);
        String token = hs256(client.secretKey(), claims(client));
        decoder.decode(token);

        clock.moveTo(NOW.plus(Duration.ofMinutes(6)));

        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(BadJwtException.class)
                .hasMessage("token expired");
    }

    // rotation

    @Test
    void acceptsTheOldAndTheNewSecretDuringTheGracePeriodAndOnlyTheNewAfter() {
        MovableClock clock = new MovableClock(NOW);
        ClientJwtDecoder decoder = new ClientJwtDecoder(registry, clock, SKEW, MAX_LIFETIME, 100);
        ClientStore.Client rotated =
                store.rotate(client.clientId(), Duration.ofMinutes(2)).orElseThrow();
        registry.refresh();

        assertThat(decoder.decode(hs256(client.secretKey(), claims(client))).getSubject())
                .isEqualTo(client.clientId().toString());
        assertThat(decoder.decode(hs256(rotated.secretKey(), claims(client))).getSubject())
                .isEqualTo(client.clientId().toString());

        clock.moveTo(NOW.plus(Duration.ofMinutes(2)));

        assertThatThrownBy(() -> decoder.decode(hs256(client.secretKey(), claims(client))))
                .isInstanceOf(BadJwtException.class)
                .hasMessage("bad credentials");
        assertThat(decoder.decode(hs256(rotated.secretKey(), claims(client))).getSubject())
                .isEqualTo(client.clientId().toString());
    }

    @Test
    void aTokenRememberedFromBeforeARotationIsRefusedWhenTheGracePeriodEnds() {
        MovableClock clock = new MovableClock(NOW);
        ClientJwtDecoder decoder = new ClientJwtDecoder(registry, clock, SKEW, MAX_LIFETIME, 100);
        String oldToken = hs256(client.secretKey(), claims(client));
        decoder.decode(oldToken);
        store.rotate(client.clientId(), Duration.ofMinutes(2));
        registry.refresh();

        assertThat(decoder.decode(oldToken).getSubject())
                .isEqualTo(client.clientId().toString());
        clock.moveTo(NOW.plus(Duration.ofMinutes(2)).plusMillis(1));

        assertThatThrownBy(() -> decoder.decode(oldToken))
                .isInstanceOf(BadJwtException.class)
                .hasMessage("bad credentials");
    }

    @Test
    void aSecondRotationRefusesTheFirstSecretAtOnce() {
        String first = hs256(client.secretKey(), claims(client));
        decoder.decode(first);
        ClientStore.Client second =
                store.rotate(client.clientId(), Duration.ofHours(1)).orElseThrow();
        store.rotate(client.clientId(), Duration.ofHours(1));
        registry.refresh();

        assertRefused(first, "bad credentials");
        assertThat(decoder.decode(hs256(second.secretKey(), claims(client))).getSubject())
                .isEqualTo(client.clientId().toString());
    }

    @Test
    void aClientLookedUpDuringItsGracePeriodAcceptsBothSecrets() {
        ClientStore.Client late = store.create("late");
        ClientStore.Client rotated =
                store.rotate(late.clientId(), Duration.ofHours(1)).orElseThrow();

        assertThat(decoder.decode(hs256(late.secretKey(), claims(late))).getSubject())
                .isEqualTo(late.clientId().toString());
        assertThat(decoder.decode(hs256(rotated.secretKey(), claims(late))).getSubject())
                .isEqualTo(late.clientId().toString());
    }

    @Test
    void theOldSecretOfOneClientIsNoKeyForAnother() {
        store.rotate(client.clientId(), Duration.ofHours(1));
        registry.refresh();

        assertRefused(hs256(client.secretKey(), claims(otherClient)), "bad credentials");
    }

    @Test
    void refusesATokenThatExpiresWhenItIsIssued() {
        assertRefused(token(claims -> claims.put("exp", claims.get("iat"))), "malformed token: exp must be after iat");
    }

    @Test
    void acceptsTheSameTokenAgain() {
        String token = hs256(client.secretKey(), claims(client));

        Jwt first = decoder.decode(token);
        Jwt again = decoder.decode(token);

        assertThat(again.getSubject()).isEqualTo(first.getSubject());
        assertThat(again.getId()).isEqualTo(first.getId());
    }

    @Test
    void keepsAcceptingOtherClientsAfterRevokingOne() {
        store.revoke(client.clientId());
        registry.refresh();

        assertThat(decoder.decode(hs256(otherClient.secretKey(), claims(otherClient)))
                        .getSubject())
                .isEqualTo(otherClient.clientId().toString());
    }

    // times

    @Test
    void rejectsTokenExpiredBeyondClockSkew() {
        assertRefused(
                token(claims -> {
                    claims.put("iat", Date.from(NOW.minus(Duration.ofMinutes(5))));
                    claims.put("exp", Date.from(NOW.minusSeconds(31)));
                }),
                "token expired");
    }

    @Test
    void rejectsTokenExpiredExactlyByClockSkew() {
        assertRefused(
                token(claims -> {
                    claims.put("iat", Date.from(NOW.minus(Duration.ofMinutes(5))));
                    claims.put("exp", Date.from(NOW.minus(SKEW)));
                }),
                "token expired");
    }

    @Test
    void acceptsTokenLivingExactlyTheMaximumLifetime() {
        Jwt jwt = decoder.decode(token(claims -> {
            claims.put("iat", Date.from(NOW.minus(Duration.ofHours(1))));
            claims.put("exp", Date.from(NOW.plus(Duration.ofHours(23))));
        }));

        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(23)));
    }

    @Test
    void rejectsTokenLivingLongerThanTheMaximumLifetime() {
        assertRefused(
                token(claims -> {
                    claims.put("iat", Date.from(NOW.minus(Duration.ofHours(1))));
                    claims.put("exp", Date.from(NOW.plus(Duration.ofHours(23)).plusSeconds(1)));
                }),
                "token lifetime too long");
    }

    @Test
    void rejectsTokenIssuedInTheFutureBeyondClockSkew() {
        assertRefused(token(claims -> claims.put("iat", Date.from(NOW.plusSeconds(31)))), "token issued in the future");
    }

    @Test
    void rejectsTokenNotValidYet() {
        assertRefused(token(claims -> claims.put("nbf", Date.from(NOW.plusSeconds(60)))), "token not valid yet");
    }

    // required claims

    @Test
    void rejectsTokenWithoutExp() {
        assertRefused(token(claims -> claims.remove("exp")), "malformed token: exp claim required");
    }

    @Test
    void rejectsTokenWithoutIat() {
        assertRefused(token(claims -> claims.remove("iat")), "malformed token: iat claim required");
    }

    @Test
    void rejectsTokenWithoutJti() {
        assertRefused(token(claims -> claims.remove("jti")), "malformed token: jti claim required");
    }

    @Test
    void rejectsTokenWithBlankJti() {
        assertRefused(token(claims -> claims.put("jti", "  ")), "malformed token: jti claim required");
    }

    @Test
    void rejectsTokenWithoutGty() {
        assertRefused(token(claims -> claims.remove("gty")), "wrong grant type: gty must be client-credentials");
    }

    @Test
    void rejectsTokenWithWrongGty() {
        assertRefused(
                token(claims -> claims.put("gty", "authorization_code")),
                "wrong grant type: gty must be client-credentials");
    }

    @Test
    void rejectsTokenWithGtyThatIsNotAString() {
        assertRefused(token(claims -> claims.put("gty", 42)), "malformed token: gty claim must be a string");
    }

    // malformed

    @Test
    void rejectsTokenOfOnePart() {
        assertRefused("abc", "malformed token");
    }

    @Test
    void rejectsTokenOfTwoParts() {
        String token = hs256(client.secretKey(), claims(client));

        assertRefused(token.substring(0, token.lastIndexOf('.')), "malformed token");
    }

    @Test
    void rejectsTokenOfGarbageBase64() {
        assertRefused("!!!.###.$$$", "malformed token");
    }

    @Test
    void rejectsAGoodTokenWithACharacterOutsideBase64urlInItsSignature() {
        String token = hs256(client.secretKey(), claims(client));
        int signature = token.lastIndexOf('.') + 1;

        for (String inserted : new String[] {" ", "+", "/", "=", "\u00e9"}) {
            String changed = token.substring(0, signature + 10) + inserted + token.substring(signature + 10);
            assertRefused(changed, "malformed token");
        }
        assertRefused(token + "=", "malformed token");
    }

    @Test
    void rejectsEmptyToken() {
        assertRefused("", "malformed token");
    }

    @Test
    void rejectsTokenWhosePayloadIsNotJson() {
        String token = handSigned("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "not json", "HmacSHA256", client.secretKey());

        assertRefused(token, "malformed token");
    }

    @Test
    void rejectsTokenWhoseExpIsNotANumber() {
        String payload = payloadJson(claims(client)).replaceFirst("\"exp\":\\d+", "\"exp\":\"tomorrow\"");
        String token = handSigned("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, "HmacSHA256", client.secretKey());

        assertRefused(token, "malformed token");
    }

    /** A clock that tests move forward. */
    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
