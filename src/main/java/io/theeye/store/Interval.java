package io.theeye.store;

import java.time.Duration;
import java.util.Locale;

/** The lengths time buckets are cut in, in UTC: the stats API's {@code interval} and the dashboard's minutes. */
public enum Interval {
    MINUTE(Duration.ofMinutes(1)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration length;

    Interval(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    /** As the API and PostgreSQL's {@code date_trunc} name it: {@code minute}, {@code hour}, {@code day}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    long micros() {
        return length.toNanos() / 1000L;
    }
}
