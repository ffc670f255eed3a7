package io.theeye;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the string literals and text blocks of Java sources that hold SQL statement text. */
final class SqlLiterals {

    /** A literal that starts a statement: {@code "select ...}, {@code "insert into ...}, and so on. */
    static final Pattern STATEMENT = Pattern.compile(
            "^\\s*(select|insert\\s+into|update\\s+\\w+\\s+set|delete\\s+from)\\b", Pattern.CASE_INSENSITIVE);

    private SqlLiterals() {}

    /** Each literal holding a statement in the sources under {@code root} but not under {@code allowed}. */
    static List<String> outside(Path root, Path allowed) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(allowed))
                    .sorted()
                    .toList()) {
                for (String literal : literals(Files.readString(file))) {
                    if (STATEMENT.matcher(literal).find()) {
                        found.add(root.relativize(file) + ": " + literal.strip());
                    }
                }
            }
        }
        return found;
    }

    /** The contents of the source's string literals and text blocks, comments and char literals skipped. */
    static List<String> literals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            if (source.startsWith("//", i)) {
                i = end(source, source.indexOf('\n', i), n);
            } else if (source.startsWith("/*", i)) {
                i = end(source, source.indexOf("*/", i + 2), n) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int close = closing(source, i + 3, "\"\"\"");
                literals.add(source.substring(source.indexOf('\n', i) + 1, close));
                i = close + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                String quote = String.valueOf(source.charAt(i));
                int close = closing(source, i + 1, quote);
                if (quote.equals("\"")) {
                    literals.add(source.substring(i + 1, close));
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** Where the literal closes: the next unescaped {@code quote}. */
    private static int closing(String source, int from, String quote) {
        int i = from;
        while (!source.startsWith(quote, i)) {
            if (i >= source.length()) {
                throw new IllegalArgumentException("an unclosed literal at " + from);
            }
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    private static int end(String source, int index, int n) {
        return index < 0 ? n : index;
    }
}
