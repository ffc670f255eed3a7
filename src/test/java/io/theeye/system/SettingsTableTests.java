package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The settings table of docs/configuration.md, application.properties (where each THE_EYE_* variable is mapped to
 * its property, with the one default) and the properties records agree: a setting, its variable and its default are
 * written in the file and shown as they are in the table, and every field of the records is set in the file.
 */
class SettingsTableTests {

    private static final Path TABLE = Path.of("docs/configuration.md");
    private static final String HEADER = "| Variable | Property | Default | Meaning |";

    /** {@code ${THE_EYE_NAME:default}}: a setting a user may change, and its default. */
    private static final Pattern MAPPED = Pattern.compile("\\$\\{(THE_EYE_[A-Z0-9_]+):(.*)}");

    private static final Pattern ROW =
            Pattern.compile("\\| `(THE_EYE_[A-Z0-9_]+)` \\| (?:`([^`]+)`)? *\\| ([^|]+) \\|.*\\|");

    /** Properties of the records that application.properties leaves unset on purpose, and why. */
    private static final Map<String, String> UNMAPPED = Map.of(
            "the-eye.queue.kafka.properties",
            "a map, one entry per Kafka client property (the-eye.queue.kafka.properties.NAME=...); the variable"
                    + " THE_EYE_KAFKA_CLIENT_PROPERTIES sets them as one value");

    /** Properties application.properties sets without a variable, for they are not users' settings, and why. */
    private static final Map<String, String> NOT_SETTINGS = Map.of(
            "the-eye.worker.enabled", "each command decides whether its process runs workers (serve --no-worker)");

    /** A setting's variable and default, as the file maps it or the table shows it. */
    private record Setting(String variable, String defaultValue) {}

    @Test
    void everyMappedPropertyHasARowWithItsVariableAndDefault() throws IOException {
        Map<String, Setting> file = mappedInTheFile();
        Map<String, Setting> table = rowsOfTheTable();

        List<String> disagreements = new ArrayList<>();
        Set<String> properties = new TreeSet<>(file.keySet());
        properties.addAll(table.keySet());
        for (String property : properties) {
            Setting mapped = file.get(property);
            Setting shown = table.get(property);
            if (!Objects.equals(mapped, shown)) {
                disagreements.add(property + ": application.properties " + describe(mapped) + "; " + TABLE + " "
                        + describe(shown));
            }
        }
        assertThat(disagreements)
                .as("settings on which application.properties (${THE_EYE_X:default}) and the table disagree")
                .isEmpty();
    }

    @Test
    void everyRowWithoutAPropertyIsAVariableOfTheLauncher() throws IOException {
        StringBuilder launcher = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("bin"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                launcher.append(Files.readString(file));
            }
        }
        for (String variable : launcherRows()) {
            assertThat(launcher)
                    .as("%s has no property in %s: the launcher (bin/) should read it", variable, TABLE)
                    .contains(variable);
        }
    }

    @Test
    void everyFieldOfThePropertiesRecordsIsSetInTheFileAndEveryPropertyThereIsAField() throws IOException {
        Set<String> fields = recordProperties();
        Set<String> inTheFile = new TreeSet<>();
        for (String name : fileProperties().stringPropertyNames()) {
            if (name.startsWith("the-eye.")) {
                inTheFile.add(name);
            }
        }

        Set<String> unset = new TreeSet<>(fields);
        unset.removeAll(inTheFile);
        unset.removeAll(UNMAPPED.keySet());
        assertThat(unset)
                .as("fields of @ConfigurationProperties records that application.properties does not set (map them,"
                        + " with their default, or list them in UNMAPPED with the reason)")
                .isEmpty();

        Set<String> unknown = new TreeSet<>(inTheFile);
        unknown.removeAll(fields);
        assertThat(unknown)
                .as("properties of application.properties that no record binds")
                .isEmpty();

        Set<String> withoutVariable = new TreeSet<>(inTheFile);
        withoutVariable.removeAll(mappedInTheFile().keySet());
        assertThat(withoutVariable)
                .as("the-eye.* properties of application.properties without a THE_EYE_* variable")
                .containsExactlyInAnyOrderElementsOf(NOT_SETTINGS.keySet());
    }

    private static String describe(Setting setting) {
        return setting == null
                ? "has none"
                : "has " + setting.variable() + ", default \"" + setting.defaultValue() + "\"";
    }

    /** Each property of application.properties given as {@code ${THE_EYE_X:default}}, with its variable and default. */
    private static Map<String, Setting> mappedInTheFile() throws IOException {
        Properties properties = fileProperties();
        Map<String, Setting> mapped = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            Matcher matcher = MAPPED.matcher(properties.getProperty(name));
            if (matcher.matches()) {
                mapped.put(name, new Setting(matcher.group(1), matcher.group(2)));
            }
        }
        return mapped;
    }

    private static Properties fileProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SettingsTableTests.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** The rows of the table that name a property, by property; a property in two rows fails. */
    private static Map<String, Setting> rowsOfTheTable() throws IOException {
        Map<String, Setting> rows = new LinkedHashMap<>();
        for (Matcher row : tableRows()) {
            if (row.group(2) != null) {
                Setting setting =
                        new Setting(row.group(1), defaultValue(row.group(3).strip()));
                assertThat(rows.put(row.group(2), setting))
                        .as("%s has two rows", row.group(2))
                        .isNull();
            }
        }
        return rows;
    }

    private static List<String> launcherRows() throws IOException {
        List<String> variables = new ArrayList<>();
        for (Matcher row : tableRows()) {
            if (row.group(2) == null) {
                variables.add(row.group(1));
            }
        }
        return variables;
    }

    private static List<Matcher> tableRows() throws IOException {
        List<String> lines = Files.readAllLines(TABLE);
        int header = lines.indexOf(HEADER);
        assertThat(header).as("the settings table's header in %s", TABLE).isNotNegative();
        List<Matcher> rows = new ArrayList<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            assertThat(row.matches())
                    .as("a row of the settings table: %s", line)
                    .isTrue();
            rows.add(row);
        }
        assertThat(rows).as("rows of the settings table").isNotEmpty();
        return rows;
    }

    /** A default as the table shows it: {@code `10s`}, or {@code (empty)} or {@code (none)} for nothing. */
    private static String defaultValue(String cell) {
        if (cell.equals("(empty)") || cell.equals("(none)")) {
            return "";
        }
        assertThat(cell).as("a default: `value`, (empty) or (none)").matches("`[^`]+`");
        return cell.substring(1, cell.length() - 1);
    }

    /** The property of every component of every {@code @ConfigurationProperties} record, nested records followed. */
    private static Set<String> recordProperties() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> properties = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.theeye")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            if (!type.isRecord()) {
                continue;
            }
            ConfigurationProperties annotation =
                    AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
            addComponents(annotation.prefix(), type, properties);
        }
        assertThat(properties).as("properties of the records under io.theeye").isNotEmpty();
        return properties;
    }

    private static void addComponents(String prefix, Class<?> record, Set<String> properties) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "."
                    + component
                            .getName()
                            .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                            .toLowerCase();
            if (component.getType().isRecord()
                    && component.getType().getPackageName().startsWith("io.theeye")) {
                addComponents(name, component.getType(), properties);
            } else {
                properties.add(name);
            }
        }
    }
}
