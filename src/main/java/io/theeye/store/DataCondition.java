package io.theeye.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A value in an event's {@code data} at a path, equal to a JSON value: what a deletion or a suppression names with
 * {@code data_path} and {@code equals}. The path is written as error paths are ({@link io.theeye.event.FieldPath}),
 * with or without its leading {@code data.}: keys that are plain identifiers, dotted, and array indexes in brackets
 * ({@code user.id}, {@code data.items[0].sku}). The value is a JSON string, number or boolean; numbers are equal when
 * their values are ({@code 42} is {@code 42.0}), strings and booleans when they are the same.
 *
 * @param path the path as it is shown and stored: always with its leading {@code data.}
 * @param segments the path below {@code data}: keys ({@link String}) and array indexes ({@link Integer})
 * @param value the JSON value, a string, a number or a boolean
 */
public record DataCondition(String path, List<Object> segments, JsonNode value) {

    /** The longest path taken, in characters. */
    public static final int LONGEST_PATH = 256;

    /** The deepest path taken, in keys and indexes. */
    public static final int DEEPEST_PATH = 16;

    /** The longest value taken, as JSON text. */
    public static final int LONGEST_VALUE = 1024;

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[[0-9]{1,6}\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[([0-9]+)\\]");

    public DataCondition {
        segments = List.copyOf(segments);
    }

    /**
     * The condition a person wrote.
     *
     * @param pathField how the path's field is named in a refusal ({@code data_path}, {@code data-path})
     * @param valueField how the value's field is named in a refusal ({@code equals})
     * @throws ClientRules.Violation naming the field at fault
     */
    public static DataCondition of(String path, JsonNode value, String pathField, String valueField) {
        List<Object> segments = segments(path, pathField);
        if (value == null || !(value.isString() || value.isNumber() || value.isBoolean())) {
            throw new ClientRules.Violation(valueField, "a JSON string, number or boolean");
        }
        if (value.toString().length() > LONGEST_VALUE) {
            throw new ClientRules.Violation(valueField, "at most " + LONGEST_VALUE + " characters of JSON");
        }
        return new DataCondition(render(segments), segments, value);
    }

    /** The same, the value given as JSON text (the command line's {@code --equals}). */
    public static DataCondition of(String path, String valueJson, String pathField, String valueField) {
        JsonNode value;
        try {
            value = valueJson == null ? null : JsonMapper.shared().readTree(valueJson);
        } catch (JacksonException e) {
            throw new ClientRules.Violation(
                    valueField, "a JSON value: a string in double quotes (\"u-42\"), a number or true/false");
        }
        return of(path, value, pathField, valueField);
    }

    private static List<Object> segments(String path, String field) {
        String problem = "a path in data such as user_id, data.user.id or data.items[0].sku (keys of letters, digits"
                + " and _, not starting with a digit)";
        if (path == null || path.isBlank()) {
            throw new ClientRules.Violation(field, problem);
        }
        String text = path.strip();
        if (text.length() > LONGEST_PATH) {
            throw new ClientRules.Violation(field, "at most " + LONGEST_PATH + " characters");
        }
        if (text.startsWith("data.")) {
            text = text.substring("data.".length());
        }
        List<Object> segments = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher matcher = SEGMENT.matcher(part);
            if (!matcher.matches()) {
                throw new ClientRules.Violation(field, problem);
            }
            segments.add(matcher.group(1));
            Matcher index = INDEX.matcher(matcher.group(2));
            while (index.find()) {
                segments.add(Integer.valueOf(index.group(1)));
            }
        }
        if (segments.size() > DEEPEST_PATH) {
            throw new ClientRules.Violation(field, "at most " + DEEPEST_PATH + " keys and indexes deep");
        }
        return segments;
    }

    private static String render(List<Object> segments) {
        StringBuilder path = new StringBuilder("data");
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(segment);
            }
        }
        return path.toString();
    }

    /** Whether the event (a JSON object with a {@code data} member, as sent or stored) has the value at the path. */
    public boolean matchesEvent(JsonNode event) {
        return event != null && event.isObject() && matchesData(event.get("data"));
    }

    /** Whether the {@code data} object has the value at the path. */
    public boolean matchesData(JsonNode data) {
        JsonNode node = data;
        for (Object segment : segments) {
            if (node == null) {
                return false;
            }
            node = segment instanceof Integer index
                    ? (node.isArray() ? node.get(index) : null)
                    : (node.isObject() ? node.get((String) segment) : null);
        }
        return same(node, value);
    }

    /** Whether two JSON scalars are equal as this class compares them. */
    static boolean same(JsonNode node, JsonNode value) {
        if (node == null) {
            return false;
        }
        if (value.isNumber()) {
            return node.isNumber() && node.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (value.isString()) {
            return node.isString() && node.stringValue().equals(value.stringValue());
        }
        return node.isBoolean() && node.booleanValue() == value.booleanValue();
    }

    /** The value as JSON text, one text per value: numbers without trailing zeros ({@code 42.0} is {@code 42}). */
    public String valueText() {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.signum() == 0 ? "0" : number.toPlainString();
        }
        return value.toString();
    }

    /** SQLite's JSON path of the value: {@code $.user.id}. */
    String sqlitePath() {
        StringBuilder path = new StringBuilder("$");
        for (Object segment : segments) {
            path.append(segment instanceof Integer index ? "[" + index + "]" : "." + segment);
        }
        return path.toString();
    }

    /** PostgreSQL's path of the value for {@code #>}: {@code {user,id}}. */
    String postgresPath() {
        StringBuilder path = new StringBuilder("{");
        for (int i = 0; i < segments.size(); i++) {
            path.append(i == 0 ? "" : ",").append(segments.get(i));
        }
        return path.append('}').toString();
    }
}
