package io.theeye.cli;

import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore.RateLimit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rate limit of one's own, as {@code clients limit}, {@code keys create} and {@code keys limit} take it: each
 * declares the options (wording {@code --events-per-second} for what it limits), in the order the synopsis shows.
 */
abstract class RateLimitOptions {

    /** {@code --burst}'s help, the same for a client's and a key's. */
    static final String BURST = "Most events it may send at once after a quiet spell, up to "
            + ClientRules.MOST_EVENTS_PER_SECOND + ". Default: one second's worth.";

    abstract int eventsPerSecond();

    abstract Integer burst();

    /** The limit, or bad usage naming the option the rules refuse. */
    RateLimit checked(Tool tool) {
        return tool.checked(() -> ClientRules.rateLimit(eventsPerSecond(), burst()));
    }

    /** {@code {"events_per_second": N, "burst": M}}, 0 meaning as in the options; null for none. */
    static Map<String, Object> json(RateLimit limit) {
        if (limit == null) {
            return null;
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("events_per_second", limit.eventsPerSecond());
        object.put("burst", limit.burst());
        return object;
    }
}
