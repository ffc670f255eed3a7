package io.theeye.store;

import java.time.Instant;
import java.util.UUID;

/** A position in (timestamp, id) order, the order of the indexes: where a page of events ends. */
public record EventKeyset(Instant timestamp, UUID id) {}
