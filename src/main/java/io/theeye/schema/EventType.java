package io.theeye.schema;

import java.util.Objects;

/** A kind of event, which a payload schema is registered for: its category and name, exactly as events carry them. */
public record EventType(String category, String name) {

    public EventType {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return category + " / " + name;
    }
}
