package io.theeye.admin;

import io.theeye.store.SignInAttempts.Counter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a try to sign in as a user name from an address may go, given the failures counted before it. Three counts
 * judge it, each forgotten an hour after its last failure; past its free failures, each count makes the next try wait
 * 1 s after its last failure, then twice as long after each further failure, up to 15 minutes:
 *
 * <ul>
 *   <li>the user name from this address: 5 free failures. Tight, and the only count a success clears: one address
 *       guessing cannot lock the name out for anybody else.
 *   <li>the user name from every address: 50, so that guessing from many addresses is still slowed.
 *   <li>the address for every user name: 20 (an address may be a whole office), so that guessing many names from
 *       one address is slowed too.
 * </ul>
 *
 * An IPv6 address counts as its /64 network, which one subscriber usually has whole: stepping through it changes
 * nothing. User names count stripped and in lower case, as people type them.
 */
final class SignInRules {

    static final int FREE_FAILURES_PER_USER_AND_ADDRESS = 5;
    static final int FREE_FAILURES_PER_USER = 50;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

    /** Enough doublings to pass the longest wait, few enough that the wait cannot overflow. */
    private static final int MOST_DOUBLINGS = 20;

    private final String pairKey;
    private final String userKey;
    private final String addressKey;

    private SignInRules(String pairKey, String userKey, String addressKey) {
        this.pairKey = pairKey;
        this.userKey = userKey;
        this.addressKey = addressKey;
    }

    /** The rules for a try of this user name from this address. */
    static SignInRules of(String username, String address) {
        String user = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        String network = network(address == null ? "" : address);
        // NUL cannot be in an address, so no user name can make its pair's key another pair's.
        return new SignInRules("pair\0" + network + "\0" + user, "user\0" + user, "address\0" + network);
    }

    /** The keys of the counts this try is judged by. */
    List<String> keys() {
        return List.of(pairKey, userKey, addressKey);
    }

    /** The count a success clears. */
    String pairKey() {
        return pairKey;
    }

    /** The counts a success leaves, less the failure it was counted as while it was checked. */
    List<String> sharedKeys() {
        return List.of(userKey, addressKey);
    }

    /** The first instant a try may go, given these counters (missing ones have no failures); before now if now. */
    Instant allowedAt(Map<String, Counter> counters, Instant now) {
        Instant allowed = Instant.MIN;
        for (Map.Entry<String, Integer> limit : freeFailures().entrySet()) {
            Counter counter = counters.get(limit.getKey());
            int failures = failures(counter, now);
            if (failures >= limit.getValue()) {
                int doublings = Math.min(failures - limit.getValue(), MOST_DOUBLINGS);
                Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
                Instant at = counter.lastFailureAt().plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
                allowed = at.isAfter(allowed) ? at : allowed;
            }
        }
        return allowed;
    }

    /** The counters after one more failure now, of every count. */
    Map<String, Counter> withFailure(Map<String, Counter> counters, Instant now) {
        Map<String, Counter> after = new LinkedHashMap<>();
        for (String key : keys()) {
            after.put(key, new Counter(failures(counters.get(key), now) + 1, now));
        }
        return after;
    }

    private Map<String, Integer> freeFailures() {
        return Map.of(
                pairKey, FREE_FAILURES_PER_USER_AND_ADDRESS,
                userKey, FREE_FAILURES_PER_USER,
                addressKey, FREE_FAILURES_PER_ADDRESS);
    }

    private static int failures(Counter counter, Instant now) {
        if (counter == null || !counter.lastFailureAt().plus(FORGOTTEN_AFTER).isAfter(now)) {
            return 0;
        }
        return counter.failures();
    }

    /** The address, or for an IPv6 address its /64 network. */
    static String network(String address) {
        if (address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]+(%.*)?")) {
            return address;
        }
        try {
            // A literal (checked above), so no name is looked up.
            InetAddress parsed = InetAddress.getByName(address.replaceFirst("%.*", ""));
            byte[] bytes = parsed.getAddress();
            if (bytes.length != 16) {
                return parsed.getHostAddress(); // an IPv4-mapped address
            }
            byte[] network = new byte[16];
            System.arraycopy(bytes, 0, network, 0, 8);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
