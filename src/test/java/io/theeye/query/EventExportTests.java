package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EventExportTests {

    private static final UUID SHOP = UUID.randomUUID();
    private static final UUID BLOG = UUID.randomUUID();

    @Test
    void refusesAnExportBeyondTheMaximumAndTakesOneOnceAnotherEnds() {
        EventExport exports = new EventExport(null, null, 1, 1);
        AtomicBoolean inner = new AtomicBoolean(true);

        boolean outer = exports.ifRoom(SHOP, () -> inner.set(exports.ifRoom(BLOG, () -> {})));

        assertThat(outer).isTrue();
        assertThat(inner).isFalse();
        assertThat(exports.ifRoom(BLOG, () -> {})).isTrue();
    }

    @Test
    void oneClientsRunningExportsLeaveRoomForOthers() {
        EventExport exports = new EventExport(null, null, 2, 1);
        AtomicBoolean sameClient = new AtomicBoolean(true);
        AtomicBoolean otherClient = new AtomicBoolean(false);

        exports.ifRoom(SHOP, () -> {
            sameClient.set(exports.ifRoom(SHOP, () -> {}));
            otherClient.set(exports.ifRoom(BLOG, () -> {}));
        });

        assertThat(sameClient).isFalse();
        assertThat(otherClient).isTrue();
        assertThat(exports.ifRoom(SHOP, () -> {})).isTrue();
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

    @Test
    void prefixesCsvFieldsASpreadsheetWouldReadAsFormulas() {
        assertThat(EventExport.csvField(new StringBuilder(), "=HYPERLINK(\"http://x\")")
                        .toString())
                .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(EventExport.csvField(new StringBuilder(), "+1").toString()).isEqualTo("'+1");
        assertThat(EventExport.csvField(new StringBuilder(), "-1").toString()).isEqualTo("'-1");
        assertThat(EventExport.csvField(new StringBuilder(), "@SUM(A1)").toString())
                .isEqualTo("'@SUM(A1)");
        assertThat(EventExport.csvField(new StringBuilder(), "\tx").toString()).isEqualTo("'\tx");
        assertThat(EventExport.csvField(new StringBuilder(), "\rx").toString()).isEqualTo("\"'\rx\"");
        assertThat(EventExport.csvField(new StringBuilder(), "a=b-c").toString())
                .isEqualTo("a=b-c");
        assertThat(EventExport.csvField(new StringBuilder(), "").toString()).isEmpty();
    }
}
