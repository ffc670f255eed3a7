package io.theeye.exporter;

import io.theeye.export.Destination;

/** Wraps the destination the exporter writes to: a bean of tests only, which make it fail on cue. */
@FunctionalInterface
public interface DestinationWrapper {
    Destination wrap(Destination destination);
}
