package io.theeye.validation;

import tools.jackson.databind.JsonNode;

/**
 * The check of an event's {@code data} against the payload schema of its type, after the ingest rules. Declared here
 * and implemented by the schema package, which depends on this one, not the other way round.
 */
public interface PayloadCheck {

    /**
     * @param data the event's {@code data} as sent; null or JSON null is checked as the empty object it is stored as
     * @return the version of its type's schema the data passed (null when its type has none), or the errors, each named
     *     by its path from {@code data}
     */
    Validated<Integer> check(String category, String name, JsonNode data);
}
