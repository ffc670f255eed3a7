package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The wire format carries the schema version an event passed, and still reads batches written without it. */
class BatchCodecTests {

    private final BatchCodec codec = new BatchCodec(JsonMapper.builder().build());
    private final Instant now = Instant.parse("2025-01-01T00:00:00.123456Z");

    @Test
    void carriesTheSchemaVersionAnEventPassedAndItsAbsence() {
        Event checked = event().withSchemaVersion(4);
        Event unchecked = event();

        IngestBatch decoded =
                codec.decode(codec.encode(new IngestBatch(List.of(checked, unchecked), List.of())), "r", now);

        assertThat(decoded.events()).containsExactly(checked, unchecked);
        assertThat(new String(codec.encode(new IngestBatch(List.of(unchecked), List.of())), StandardCharsets.UTF_8))
                .doesNotContain("schema_version");
    }

    @Test
    void readsABatchOfVersionOneWrittenBeforeSchemaVersionsExisted() {
        UUID id = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        String before = """
                {"v": 1, "events": [{"id": "%s", "client_id": "%s", "session_id": "s", "category": "c", "name": "n",
                 "data": "{}", "timestamp": 1735689600123456, "received_at": 1735689600123456}], "rejected": []}""".formatted(id, client);

        IngestBatch decoded = codec.decode(before.getBytes(StandardCharsets.UTF_8), "r", now);

        assertThat(decoded.rejected()).isEmpty();
        assertThat(decoded.events()).containsExactly(new Event(id, client, "s", "c", "n", "{}", now, now));
        assertThat(decoded.events().getFirst().schemaVersion()).isNull();
    }

    private Event event() {
        return new Event(UUID.randomUUID(), UUID.randomUUID(), "s", "c", "n", "{\"a\":1}", now, now);
    }
}
