package io.theeye.exporter;

import io.theeye.store.EventPosition;

/** Sets the exporter's lag gauges: how far its destination is behind the store, as {@link ExportLags} measures it. */
final class LagProbe {

    private final ExportLags lags;
    private final ExportMetrics metrics;

    LagProbe(ExportLags lags, ExportMetrics metrics) {
        this.lags = lags;
        this.metrics = metrics;
    }

    void measure(String destination, EventPosition exported) {
        ExportLags.Lag lag = lags.behind(destination, exported, null);
        metrics.lag(lag.events(), lag.seconds());
    }
}
