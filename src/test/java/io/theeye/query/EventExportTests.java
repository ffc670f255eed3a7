package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EventExportTests {

    @Test
    void refusesAnExportBeyondTheMaximumAndTakesOneOnceAnotherEnds() {
        EventExport exports = new EventExport(null, null, null, null, 1);
        AtomicBoolean inner = new AtomicBoolean(true);

        boolean outer = exports.ifRoom(() -> inner.set(exports.ifRoom(() -> {})));

        assertThat(outer).isTrue();
        assertThat(inner).isFalse();
        assertThat(exports.ifRoom(() -> {})).isTrue();
    }

    @Test
    void quotesCsvFieldsWithCommasQuotesAndLineBreaks() {
        assertThat(EventExport.csvField(new StringBuilder(), "plain").toString())
                .isEqualTo("plain");
        assertThat(EventExport.csvField(new StringBuilder(), "a,b").toString()).isEqualTo("\"a,b\"");
        assertThat(EventExport.csvField(new StringBuilder(), "say \"hi\"").toString())
                .isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(EventExport.csvField(new StringBuilder(), "two\nlines").toString())
                .isEqualTo("\"two\nlines\"");
    }
}
