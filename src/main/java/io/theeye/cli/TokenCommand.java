package io.theeye.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.theeye.auth.TokenScope;
import io.theeye.store.ClientRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
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

    static final String SECRET_KEY_VARIABLE = "THE_EYE_SECRET_KEY";

    private final Function<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--client-id", required = true, description = "The client's client_id.")
    private UUID clientId;

    @ArgGroup(exclusive = true)
    private SecretKeyOption secretKeyOption;

    @Option(
            names = "--ttl",
            defaultValue = "1h",
            converter = TtlConverter.class,
            description =
                    "How long the token is valid: 90s, 15m, 1h, 1d or ISO-8601 (PT1H); servers refuse tokens living"
                            + " longer than THE_EYE_AUTH_MAX_TOKEN_LIFETIME. Default: ${DEFAULT-VALUE}.")
    private Duration ttl;

    @Option(
            names = "--scope",
            paramLabel = "SCOPE",
            description = "Limit what the token may do: " + TokenScope.EVENTS_WRITE_VALUE
                    + " may only send events (POST /events), never read: for a browser or an app.")
    private String scope;

    TokenCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws JOSEException, IOException {
        byte[] key = secretKey().getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new ParameterException(
                    spec.commandLine(), "the secret key is too short for HS256 (at least 32 bytes)");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (scope != null && !scope.equals(TokenScope.EVENTS_WRITE_VALUE)) {
            throw new ParameterException(
                    spec.commandLine(), "--scope: the only scope is " + TokenScope.EVENTS_WRITE_VALUE);
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("gty", "client-credentials")
                .subject(clientId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim(TokenScope.CLAIM, scope)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new MACSigner(key));
        spec.commandLine().getOut().println(jwt.serialize());
        return 0;
    }

    private String secretKey() throws IOException {
        if (secretKeyOption != null && secretKeyOption.stdin) {
            String key = new String(StandardInput.firstLine());
            if (key.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(), "--secret-key-stdin: standard input has no secret key");
            }
            return key;
        }
        if (secretKeyOption != null) {
            return secretKeyOption.value;
        }
        String key = environment.apply(SECRET_KEY_VARIABLE);
        if (key == null || key.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "give the client's secret key: --secret-key-stdin (on standard input), " + SECRET_KEY_VARIABLE
                            + " or --secret-key");
        }
        return key;
    }

    /** Where the secret key comes from; without either option, from THE_EYE_SECRET_KEY. */
    static final class SecretKeyOption {

        @Option(
                names = "--secret-key-stdin",
                description = "Read the client's secret_key from the first line of standard input.")
        private boolean stdin;

        @Option(
                names = "--secret-key",
                paramLabel = "KEY",
                description = "The client's secret_key. Other users can see it in the process list: prefer"
                        + " --secret-key-stdin or " + SECRET_KEY_VARIABLE + ".")
        private String value;
    }

    /** A positive duration: {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT1H}). */
    static final class TtlConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

        @Override
        public Duration convert(String value) {
            Duration ttl = parse(value);
            if (ttl.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return ttl;
        }

        static Duration parse(String value) {
            Matcher m = SHORT.matcher(value.toLowerCase(Locale.ROOT));
            Duration duration;
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                duration = Duration.parse(value);
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return duration;
        }
    }

    /**
     * A rotation's grace period, read as the admin page reads it ({@link ClientRules#parseGrace}); its range is checked
     * with the command's other rules.
     */
    static final class GraceConverter implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            return ClientRules.parseGrace(value);
        }
    }
}
