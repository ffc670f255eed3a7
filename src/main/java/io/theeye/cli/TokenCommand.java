package io.theeye.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Mints a token exactly as an application would: no database, no server. */
@Command(
        name = "token",
        description = "Print a JWT for a client, signed with its secret key (HS256).",
        mixinStandardHelpOptions = true)
class TokenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--client-id", required = true, description = "The client's client_id.")
    private UUID clientId;

    @Option(names = "--secret-key", required = true, description = "The client's secret_key.")
    private String secretKey;

    @Option(
            names = "--ttl",
            defaultValue = "1h",
            converter = TtlConverter.class,
            description =
                    "How long the token is valid: 90s, 15m, 1h, 1d or ISO-8601 (PT1H); servers refuse tokens living"
                            + " longer than THE_EYE_AUTH_MAX_TOKEN_LIFETIME (24h). Default: ${DEFAULT-VALUE}.")
    private Duration ttl;

    @Override
    public Integer call() throws JOSEException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("gty", "client-credentials")
                .subject(clientId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        byte[] key = secretKey.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new ParameterException(spec.commandLine(), "--secret-key is too short for HS256 (at least 32 bytes)");
        }
        jwt.sign(new MACSigner(key));
        spec.commandLine().getOut().println(jwt.serialize());
        return 0;
    }

    static final class TtlConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.toLowerCase(Locale.ROOT));
            Duration ttl;
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                ttl = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                ttl = Duration.parse(value);
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return ttl;
        }
    }
}
