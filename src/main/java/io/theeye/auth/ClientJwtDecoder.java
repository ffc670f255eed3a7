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
import java.util.List;
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
     * signature is a tenth of a request's cost. Expiry, revocation and the end of a rotation's grace period are still
     * checked on every use.
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
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known != null
                && now.isBefore(known.jwt().getExpiresAt().plus(skew))
                && clients.accepts(known.clientId(), known.verifier(), now)) {
            return known.jwt();
        }
        Verified checked = verify(token, now);
        verified.put(token, checked);
        return checked.jwt();
    }

    private Verified verify(String token, Instant now) {
        SignedJWT jwt = parse(token);
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw refuse("unsupported signing algorithm: only HS256 is accepted");
        }
        JWTClaimsSet claims = claims(jwt);
        Optional<UUID> clientId = clientId(claims);
        JWSVerifier verifier =
                verifying(jwt, clientId.map(id -> clients.verifiersFor(id, now)).orElse(List.of()));
        if (verifier == null) {
            throw refuse("bad credentials");
        }
        return new Verified(clientId.orElseThrow(), verifier, validated(token, claims));
    }

    /**
     * The first verifier that verifies the token's signature, or null. With none to try, the decoy is tried, so that
     * a token naming no known client takes about as long to refuse as a forged one.
     */
    private JWSVerifier verifying(SignedJWT jwt, List<JWSVerifier> verifiers) {
        if (verifiers.isEmpty()) {
            verifies(jwt, decoy);
            return null;
        }
        for (JWSVerifier verifier : verifiers) {
            if (verifies(jwt, verifier)) {
                return verifier;
            }
        }
        return null;
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
        TokenScope scope = TokenScope.of(claims.getClaim(TokenScope.CLAIM))
                .orElseThrow(() -> refuse("unknown scope: scope may only be " + TokenScope.EVENTS_WRITE_VALUE));
        return Jwt.withTokenValue(token)
                .header("alg", JWSAlgorithm.HS256.getName())
                .subject(claims.getSubject())
                .claim("gty", grantType)
                .claim(TokenScope.CLAIM, scope)
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

    /** A verified token, with the verifier of the secret that signed it: that secret may stop being accepted. */
    private record Verified(UUID clientId, JWSVerifier verifier, Jwt jwt) {}

    private static BadJwtException refuse(String description) {
        return new BadJwtException(description);
    }
}
