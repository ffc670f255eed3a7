package io.theeye.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DestinationPrefixTests {

    @Test
    void spellingsOfOneFolderOrPrefixAreOnePlace() {
        assertThat(prefix("file:/x/events/")).isEqualTo(prefix("file:///x/events"));
        assertThat(prefix("file:///x/other/../events")).isEqualTo(prefix("file:///x/events"));
        assertThat(prefix("s3://bucket//x/events/")).isEqualTo(prefix("s3://bucket/x/events"));
    }

    @Test
    void aPrefixIsWithinItselfAndItsParentsOnly() {
        assertThat(prefix("file:///x/events/backfill").within(prefix("file:///x/events")))
                .isTrue();
        assertThat(prefix("file:///x/events").within(prefix("file:///x"))).isTrue();
        assertThat(prefix("file:///x/events").within(prefix("file:///x/events")))
                .isTrue();
        assertThat(prefix("file:///x").within(prefix("file:///x/events"))).isFalse();
        assertThat(prefix("file:///x/events2").within(prefix("file:///x/events")))
                .isFalse();
        assertThat(prefix("s3://bucket/x/events").within(prefix("s3://bucket"))).isTrue();
        assertThat(prefix("s3://other/x/events").within(prefix("s3://bucket"))).isFalse();
        assertThat(prefix("s3://x/events").within(prefix("file:///x"))).isFalse();
    }

    @Test
    void onlyFoldersAndBucketsAreDestinations() {
        assertThatThrownBy(() -> prefix("ftp://host/x")).hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> prefix("s3:///x")).hasMessageContaining("s3://bucket/prefix");
    }

    private static DestinationPrefix prefix(String url) {
        return DestinationPrefix.of(URI.create(url));
    }
}
