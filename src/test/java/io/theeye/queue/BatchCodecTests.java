package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format: signed batches read back as they were; anything not signed with one of the keys is kept as a
 * rejected event saying why, never read as events; the schema version an event passed travels with it.
 */
class BatchCodecTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BatchCodec codec = codec(false, TestCodecs.KEYS.split(","));
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
    void carriesTheTimestampAsSentOfACorrectedEventAndItsAbsence() {
        Event corrected = new Event(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "s",
                "c",
                "n",
                "{}",
                now,
                now,
                null,
                Instant.parse("2025-01-01T00:00:03.654321Z"));
        Event uncorrected = event();

        IngestBatch decoded =
                codec.decode(codec.encode(new IngestBatch(List.of(corrected, uncorrected), List.of())), "r", now);

        assertThat(decoded.events()).containsExactly(corrected, uncorrected);
        assertThat(new String(codec.encode(new IngestBatch(List.of(uncorrected), List.of())), StandardCharsets.UTF_8))
                .doesNotContain("original_timestamp");
    }

    @Test
    void writesASignatureLineThenTheBatch() {
        String payload = new String(codec.encode(new IngestBatch(List.of(event()), List.of())), StandardCharsets.UTF_8);

        assertThat(payload).matches("(?s)\\{\"v\":2,\"sig\":\"[A-Za-z0-9+/]{43}=\"}\n\\{\"events\":\\[.*");
    }

    @Test
    void readsABatchSignedWithAnyKeyOfTheList() {
        Event event = event();

        IngestBatch decoded = codec.decode(
                TestCodecs.signedWith(TestCodecs.SECOND_KEY).encode(new IngestBatch(List.of(event), List.of())),
                "r",
                now);

        assertThat(decoded.events()).containsExactly(event);
        assertThat(refused("wrong_signature")).isZero();
    }

    @Test
    void refusesABatchSignedWithAnotherKey() {
        IngestBatch decoded = codec.decode(
                TestCodecs.signedWith(TestCodecs.OTHER_KEY).encode(new IngestBatch(List.of(event()), List.of())),
                "stream/1-0",
                now);

        assertRefused(decoded, "signature matches no key of THE_EYE_QUEUE_SIGNING_KEY");
        assertThat(refused("wrong_signature")).isEqualTo(1);
    }

    @Test
    void refusesASignedBatchWhoseClientWasChanged() {
        Event event = event();
        String signed = new String(codec.encode(new IngestBatch(List.of(event), List.of())), StandardCharsets.UTF_8);
        String forged =
                signed.replace(event.clientId().toString(), UUID.randomUUID().toString());

        IngestBatch decoded = codec.decode(forged.getBytes(StandardCharsets.UTF_8), "r", now);

        assertRefused(decoded, "signature matches no key");
    }

    @Test
    void refusesABatchOfVersionTwoWithoutASignature() {
        IngestBatch decoded = codec.decode(
                ("{\"v\":2}\n" + body(UUID.randomUUID(), UUID.randomUUID())).getBytes(StandardCharsets.UTF_8),
                "r",
                now);

        assertRefused(decoded, "refused: a batch without a signature");
        assertThat(refused("unsigned")).isEqualTo(1);
    }

    @Test
    void refusesAnUnsignedBatchOfVersionOne() {
        IngestBatch decoded = codec.decode(versionOne(UUID.randomUUID(), UUID.randomUUID()), "r", now);

        assertRefused(decoded, "refused: an unsigned batch (wire format version 1)");
        assertThat(decoded.rejected().getFirst().errors().getFirst().message())
                .contains("THE_EYE_QUEUE_ACCEPT_UNSIGNED=true: version 1 too, for an upgrade)");
        assertThat(refused("unsigned")).isEqualTo(1);
    }

    @Test
    void readsABatchOfVersionOneWrittenBeforeSchemaVersionsExistedWhenUnsignedBatchesAreAllowed() {
        UUID id = UUID.randomUUID();
        UUID client = UUID.randomUUID();

        IngestBatch decoded = codec(true, TestCodecs.KEY).decode(versionOne(id, client), "r", now);

        assertThat(decoded.rejected()).isEmpty();
        assertThat(decoded.events()).containsExactly(new Event(id, client, "s", "c", "n", "{}", now, now));
        assertThat(decoded.events().getFirst().schemaVersion()).isNull();
        assertThat(decoded.events().getFirst().originalTimestamp()).isNull();
    }

    @Test
    void stillRefusesAWrongSignatureWhenUnsignedBatchesAreAllowed() {
        IngestBatch decoded = codec(true, TestCodecs.KEY)
                .decode(
                        TestCodecs.signedWith(TestCodecs.OTHER_KEY)
                                .encode(new IngestBatch(List.of(event()), List.of())),
                        "r",
                        now);

        assertRefused(decoded, "signature matches no key");
    }

    @Test
    void keepsARefusedBatchAsOneRejectedEventWhoseIdFollowsTheReceipt() {
        byte[] forged =
                TestCodecs.signedWith(TestCodecs.OTHER_KEY).encode(new IngestBatch(List.of(event()), List.of()));

        RejectedEvent first = codec.decode(forged, "stream/7-0", now).rejected().getFirst();
        RejectedEvent again = codec.decode(forged, "stream/7-0", now).rejected().getFirst();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.raw()).isEqualTo(new String(forged, StandardCharsets.UTF_8));
    }

    @Test
    void keepsOfARefusedBatchAsManyCharactersAsOfAnyRefusedEvent() {
        BatchCodec keepingTen =
                new BatchCodec(JsonMapper.builder().build(), List.of(TestCodecs.KEY), false, 10, meters);
        byte[] garbage = "é€ not a batch at all".getBytes(StandardCharsets.UTF_8);

        RejectedEvent kept =
                keepingTen.decode(garbage, "stream/8-0", now).rejected().getFirst();

        assertThat(kept.raw()).isEqualTo("é€ not a b");
    }

    @Test
    void takesOnlyKeysOfAtLeast32Bytes() {
        assertThatThrownBy(() -> codec(false, "k".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec(false)).isInstanceOf(IllegalArgumentException.class);
        // 32 bytes of UTF-8, in 16 characters
        codec(false, "é".repeat(16));
    }

    private void assertRefused(IngestBatch decoded, String reason) {
        assertThat(decoded.events()).isEmpty();
        assertThat(decoded.rejected()).singleElement().satisfies(r -> {
            assertThat(r.clientId()).isNull();
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("batch");
                assertThat(e.message()).contains(reason);
                // whole: a stored error message is cut at 200 characters
                assertThat(e.message().length()).isLessThan(200);
            });
        });
    }

    private double refused(String reason) {
        return meters.get("theeye.queue.batches.refused")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private BatchCodec codec(boolean acceptUnsigned, String... keys) {
        return new BatchCodec(
                JsonMapper.builder().build(), List.of(keys), acceptUnsigned, TestCodecs.RAW_MAX_CHARS, meters);
    }

    private static String body(UUID id, UUID client) {
        return """
                {"events": [{"id": "%s", "client_id": "%s", "session_id": "s", "category": "c", "name": "n",\
                 "data": "{}", "timestamp": 1735689600123456, "received_at": 1735689600123456}], "rejected": []}""".formatted(id, client);
    }

    /** As API processes wrote it before batches were signed, and before schema versions existed. */
    private static byte[] versionOne(UUID id, UUID client) {
        return ("{\"v\": 1, " + body(id, client).substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private Event event() {
        return new Event(UUID.randomUUID(), UUID.randomUUID(), "s", "c", "n", "{\"a\":1}", now, now);
    }
}
