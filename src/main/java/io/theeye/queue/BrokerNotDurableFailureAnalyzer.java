package io.theeye.queue;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says why the process did not start, in Spring Boot's start-up failure report, when the broker is not durable and
 * that is required: the reason may otherwise hide under the web server's own failure to start.
 */
class BrokerNotDurableFailureAnalyzer extends AbstractFailureAnalyzer<BrokerNotDurableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BrokerNotDurableException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set the broker up as said above, or set " + cause.requiredBy()
                        + "=false to start anyway (the warning stays in the log, the metric theeye_queue_durable and"
                        + " the admin dashboard).",
                cause);
    }
}
