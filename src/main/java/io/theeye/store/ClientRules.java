package io.theeye.store;

import io.theeye.store.ClientStore.RateLimit;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.convert.DurationStyle;

/**
 * What a person may ask of a client, the same from the admin UI and the command line: both check their input here
 * first, to word their refusal, and {@link ClientChanges} checks it again, so that no way round either is left.
 */
public final class ClientRules {

    /** A client's name, stripped of surrounding white space, holds 1 to this many characters. */
    public static final int LONGEST_NAME = 200;

    /** The longest a rotated secret may keep working, in days, as help texts give it. */
    public static final int LONGEST_GRACE_DAYS = 365;

    /** The longest a rotated secret may keep working. */
    public static final Duration LONGEST_GRACE = Duration.ofDays(LONGEST_GRACE_DAYS);

    /** The most events per second, and the largest burst, a client's own limit may allow. */
    public static final int MOST_EVENTS_PER_SECOND = 1_000_000;

    /** The fields of a rate limit, as {@link Violation#field()} names them. */
    public static final String EVENTS_PER_SECOND = "events-per-second";

    public static final String BURST = "burst";

    /**
     * The longest a client's own retention may be, in days: 100 years, longer than any event is worth keeping, so that
     * a client whose events are to be kept whatever the default can have that too.
     */
    public static final int LONGEST_RETENTION_DAYS = 36_500;

    /** The field of a client's own retention, as {@link Violation#field()} names it. */
    public static final String DAYS = "days";

    private ClientRules() {}

    /**
     * The name as it is stored: without surrounding white space.
     *
     * @throws Violation when nothing is left or it is too long
     */
    public static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > LONGEST_NAME) {
            throw new Violation("name", "1 to " + LONGEST_NAME + " characters");
        }
        return stripped;
    }

    /**
     * A grace period as a person writes it, the same way the admin page, the command line and
     * {@code THE_EYE_ADMIN_ROTATION_GRACE} read it: {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d} (also {@code ms},
     * {@code us}, {@code ns}; a bare number is milliseconds) or ISO-8601 such as {@code PT36H}. Its range is
     * {@link #grace(Duration)}'s to check.
     *
     * @throws Violation when it is none of those
     */
    public static Duration parseGrace(String text) {
        try {
            return DurationStyle.detectAndParse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new Violation("grace", "a duration such as 90s, 15m, 24h or 7d");
        }
    }

    /**
     * A rotation's grace period, from 0 (the old secret is refused at once) to {@link #LONGEST_GRACE}.
     *
     * @throws Violation when it is out of that range
     */
    public static Duration grace(Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(LONGEST_GRACE) > 0) {
            throw new Violation("grace", "from 0s to " + LONGEST_GRACE_DAYS + "d");
        }
        return grace;
    }

    /**
     * A client's own rate limit.
     *
     * @param eventsPerSecond 0 (no limit for this client) to {@link #MOST_EVENTS_PER_SECOND}
     * @param burst null or 0 (one second's worth) to {@link #MOST_EVENTS_PER_SECOND}; only with a rate above 0
     * @throws Violation naming the first value out of range
     */
    public static RateLimit rateLimit(int eventsPerSecond, Integer burst) {
        if (eventsPerSecond < 0 || eventsPerSecond > MOST_EVENTS_PER_SECOND) {
            throw notAWholeNumber(EVENTS_PER_SECOND);
        }
        int bucket = burst == null ? 0 : burst;
        if (bucket < 0 || bucket > MOST_EVENTS_PER_SECOND) {
            throw notAWholeNumber(BURST);
        }
        if (eventsPerSecond == 0 && bucket != 0) {
            throw new Violation(BURST, "only with events-per-second above 0");
        }
        return new RateLimit(eventsPerSecond, bucket);
    }

    /**
     * A client's own retention: how many days its events are kept, counted from their timestamp.
     *
     * @throws Violation when it is not from 1 to {@link #LONGEST_RETENTION_DAYS}
     */
    public static int retentionDays(int days) {
        if (days < 1 || days > LONGEST_RETENTION_DAYS) {
            throw notWholeDays();
        }
        return days;
    }

    /** The refusal of a retention that is no whole number of days in its range, for a form that could not read it. */
    public static Violation notWholeDays() {
        return new Violation(DAYS, "a whole number of days from 1 to " + LONGEST_RETENTION_DAYS);
    }

    /**
     * A write key's name, stripped of surrounding white space: up to {@link #LONGEST_NAME} characters, none at all
     * allowed.
     *
     * @throws Violation when it is too long
     */
    public static String keyName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.length() > LONGEST_NAME) {
            throw new Violation("name", "at most " + LONGEST_NAME + " characters");
        }
        return stripped;
    }

    /**
     * An origin a write key may be used from, as browsers send it in {@code Origin}: lower-case scheme and host, and
     * the port only when it is not the scheme's default, so that comparing texts compares origins.
     *
     * @throws Violation when it is not an http or https origin (a path, a query or user info make it none)
     */
    public static String origin(String origin) {
        Violation refusal = new Violation("origin", "an origin such as https://shop.example (scheme, host, port)");
        URI uri;
        try {
            uri = new URI(origin == null ? "" : origin.strip());
        } catch (URISyntaxException e) {
            throw refusal;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http");
        if (!(http || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw refusal;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == (http ? 80 : 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /**
     * The refusal of a rate limit's {@code events-per-second} or {@code burst} that is no whole number in its range,
     * for a form that could not even read it as a number.
     */
    public static Violation notAWholeNumber(String field) {
        return new Violation(
                field,
                field.equals(BURST)
                        ? "a whole number from 0 (one second's worth) to " + MOST_EVENTS_PER_SECOND
                        : "a whole number from 0 (no limit) to " + MOST_EVENTS_PER_SECOND);
    }

    /** A refusal of a value given elsewhere than in these rules (a deletion's body), worded the same way. */
    public static Violation violation(String field, String problem) {
        return new Violation(field, problem);
    }

    /**
     * A value a person gave that the rules refuse.
     *
     * @param field what was given: {@code name}, {@code grace}, {@code events-per-second}, {@code burst},
     *     {@code origin} or {@code days} (the command line's option without its dashes)
     * @param problem what is allowed, such as {@code from 0s to 365d}
     */
    public static final class Violation extends IllegalArgumentException {

        private final String field;
        private final String problem;

        Violation(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
            this.problem = problem;
        }

        public String field() {
            return field;
        }

        public String problem() {
            return problem;
        }
    }
}
