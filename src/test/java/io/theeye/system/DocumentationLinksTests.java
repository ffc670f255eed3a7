package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README and of {@code docs/} leads to a file that exists and, where it names a section,
 * to a heading of that file (anchors as GitHub makes them), so that moving a section breaks the build, not the reader;
 * and every page of several sections opens with their table of contents.
 */
class DocumentationLinksTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern SECTION = Pattern.compile("^## (.+)$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

    @Test
    void everyRelativeLinkLeadsToAFileAndAHeading() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            String text = FENCE.matcher(Files.readString(document)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty()
                        ? document
                        : document.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(document + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved, anchors).contains(target.substring(hash + 1))) {
                    broken.add(document + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyPageOfSeveralSectionsListsThemAllBeforeTheFirst() throws IOException {
        List<String> wrong = new ArrayList<>();
        int pagesWithContents = 0;
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path page : docs.filter(path -> path.toString().endsWith(".md"))
                    .sorted()
                    .toList()) {
                String text = FENCE.matcher(Files.readString(page)).replaceAll("");
                List<String> sections = new ArrayList<>();
                Matcher section = SECTION.matcher(text);
                int firstSection = -1;
                while (section.find()) {
                    sections.add("- [" + section.group(1) + "](#" + anchor(section.group(1)) + ")");
                    firstSection = firstSection < 0 ? section.start() : firstSection;
                }
                if (sections.size() < 2) {
                    continue;
                }
                pagesWithContents++;
                List<String> contents = text.substring(0, firstSection)
                        .lines()
                        .filter(line -> line.startsWith("- [") && line.contains("](#"))
                        .toList();
                if (!contents.equals(sections)) {
                    wrong.add(page + " lists " + contents + " but its sections are " + sections);
                }
            }
        }
        assertThat(pagesWithContents).isGreaterThan(4);
        assertThat(wrong).isEmpty();
    }

    @Test
    void makesAnchorsAsGitHubDoes() {
        assertThat(anchor("`POST /events` (or `POST /events/`)")).isEqualTo("post-events-or-post-events");
        assertThat(anchor("Scaling out: API processes and workers apart"))
                .isEqualTo("scaling-out-api-processes-and-workers-apart");
    }

    private static Set<String> anchors(Path document, Map<Path, Set<String>> cache) {
        return cache.computeIfAbsent(document.toAbsolutePath().normalize(), path -> {
            try {
                String text = FENCE.matcher(Files.readString(path)).replaceAll("");
                Set<String> found = new HashSet<>();
                Map<String, Integer> seen = new HashMap<>();
                Matcher heading = HEADING.matcher(text);
                while (heading.find()) {
                    String anchor = anchor(heading.group(1));
                    int times = seen.merge(anchor, 1, Integer::sum);
                    found.add(times == 1 ? anchor : anchor + "-" + (times - 1));
                }
                return found;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** GitHub's: lower case, punctuation but hyphens and underscores dropped, each space a hyphen. */
    static String anchor(String heading) {
        return heading.strip()
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
