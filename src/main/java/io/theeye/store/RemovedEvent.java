package io.theeye.store;

import java.time.Instant;
import java.util.UUID;

/** What the counts need to know of an event that deletion removed one by one. */
public record RemovedEvent(UUID clientId, String category, String name, Instant timestamp) {}
