package io.theeye.support;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Mints client tokens with jjwt, as an application would: not with the server's own code. */
public final class Tokens {

    private Tokens() {}

    public static String valid(UUID clientId, String secretKey) {
        Instant now = Instant.now();
        return signed(clientId, secretKey, now, now.plus(Duration.ofHours(1)));
    }

    /** A token with a {@code scope} claim, as a backend would mint one for a browser. */
    public static String scoped(UUID clientId, String secretKey, String scope) {
        Instant now = Instant.now();
        return Jwts.builder()
                .id(UUID.randomUUID().toString())
                .claim("gty", "client-credentials")
                .claim("scope", scope)
                .subject(clientId.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(15))))
                .signWith(Keys.hmacShaKeyFor(secretKey.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    public static String signed(UUID clientId, String secretKey, Instant issuedAt, Instant expiresAt) {
        return Jwts.builder()
                .id(UUID.randomUUID().toString())
                .claim("gty", "client-credentials")
                .subject(clientId.toString())
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(expiresAt))
                .signWith(Keys.hmacShaKeyFor(secretKey.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }
}
