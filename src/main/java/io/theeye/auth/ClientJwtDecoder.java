package io.theeye.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Checks a client's self-signed token: HS256 only, keyed by the secret of the client named in {@code sub}, with the
 * claims the original service required. Refusals say what is wrong in general terms and never whether a client
 * exists: an unknown client and a wrong signature get the same answer.
 */
final class ClientJwtDecoder implements JwtDecoder {

    static final String GRANT_TYPE = "client-credentials";

    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final ClientRegistry clients;
    private final Clock clock;
    private final Duration skew;
    private final Duration maxLifetime;
    /**
     * Tokens already verified: applications send the same token until it expires, and parsing and checking its
     * signature is a tenth of a request's cost. Expiry and revocation are still checked on every use.
     */
    private final Cache<String, Verified> verified;
    /**
     * Checks signatures of tokens naming no known client, so that they take about as long to refuse as forged ones
     * (longer when their client is looked up, at most once per look-up interval).
     */
    private final JWSVerifier decoy;

    ClientJwtDecoder(
            ClientRegistry clients, Clock clock, Duration skew, Duration maxLifetime, int verifiedTokensCached) {
        this.verified = Caffeine.newBuilder().maximumSize(verifiedTokensCached).build();
        this.clients = clients;
        this.clock = clock;
        this.skew = skew;
        this.maxLifetime = maxLifetime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            this.decoy = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Jwt decode(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null
                && clock.instant().isBefore(known.jwt().getExpiresAt().plus(skew))
                && clients.knows(known.clientId())) {
            return known.jwt();
        }
        Jwt jwt = verify(token);
        verified.put(token, new Verified(UUID.fromString(jwt.getSubject()), jwt));
        return jwt;
    }

    private Jwt verify(String token) {
        SignedJWT jwt = parse(token);
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw refuse("unsupported signing algorithm: only HS256 is accepted");
        }
        JWTClaimsSet claims = claims(jwt);
        Optional<JWSVerifier> verifier = clientId(claims).flatMap(clients::verifierFor);
        if (!verifies(jwt, verifier.orElse(decoy)) || verifier.isEmpty()) {
            throw refuse("bad credentials");
        }
        return validated(token, claims);
    }

    private Jwt validated(String token, JWTClaimsSet claims) {
        Instant now = clock.instant();
        Instant expiresAt = instant(claims.getExpirationTime(), "exp");
        Instant issuedAt = instant(claims.getIssueTime(), "iat");
        if (!expiresAt.isAfter(issuedAt)) {
            throw refuse("malformed token: exp must be after iat");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            throw refuse("token lifetime too long");
        }
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw refuse("token expired");
        }
        if (issuedAt.minus(skew).isAfter(now)) {
            throw refuse("token issued in the future");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minus(skew).isAfter(now)) {
            throw refuse("token not valid yet");
        }
        String grantType = string(claims, "gty");
        if (!GRANT_TYPE.equals(grantType)) {
            throw refuse("wrong grant type: gty must be " + GRANT_TYPE);
        }
        String tokenId = string(claims, "jti");
        if (tokenId == null || tokenId.isBlank()) {
            throw refuse("malformed token: jti claim required");
        }
        return Jwt.withTokenValue(token)
                .header("alg", JWSAlgorithm.HS256.getName())
                .subject(claims.getSubject())
                .claim("gty", grantType)
                .jti(tokenId)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .build();
    }

    private static SignedJWT parse(String token) {
        // The parser decodes base64url leniently, skipping what is not of its alphabet: a good token with a space or
        // a '+' in its signature would pass. A JWS in compact form is three parts of base64url and nothing else.
        if (!COMPACT.matcher(token).matches()) {
            throw refuse("malformed token");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw refuse("malformed token");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refuse("malformed token");
        }
    }

    private static Optional<UUID> clientId(JWTClaimsSet claims) {
        try {
            return Optional.ofNullable(claims.getSubject()).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean verifies(SignedJWT jwt, JWSVerifier verifier) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private static Instant instant(Date date, String claim) {
        if (date == null) {
            throw refuse("malformed token: " + claim + " claim required");
        }
        return date.toInstant();
    }

    private static String string(JWTClaimsSet claims, String claim) {
        try {
            return claims.getStringClaim(claim);
        } catch (ParseException e) {
            throw refuse("malformed token: " + claim + " claim must be a string");
        }
    }

    private record Verified(UUID clientId, Jwt jwt) {}

    private static BadJwtException refuse(String description) {
        return new BadJwtException(description);
    }
}
