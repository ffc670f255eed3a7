package io.theeye.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property checks on plain JUnit: a check runs on many inputs made by a generator from one random seed. A failure
 * names the seed and the input; the system property {@code the-eye.seed} in the test JVM replays the same draws
 * (inputs built on state made anew each run, such as a new client's key, still differ).
 */
public final class Generated {

    private Generated() {}

    public static <T> void forAll(int tries, Function<SplittableRandom, T> generator, Consumer<T> check) {
        long seed = Long.getLong("the-eye.seed", new SplittableRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                check.accept(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(
                        "fails for input " + i + " of seed " + seed + " (-Dthe-eye.seed=" + seed + "): "
                                + describe(input),
                        e);
            }
        }
    }

    /** One of the values. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    public static <T> T oneOf(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A string of {@code min} to {@code max} characters drawn from {@code chars} (code points). */
    public static String string(SplittableRandom random, String chars, int min, int max) {
        int[] points = chars.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return text.toString();
    }

    private static String describe(Object input) {
        String text = input instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) + " (hex "
                        + HexFormat.of().formatHex(bytes) + ")"
                : String.valueOf(input);
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}
