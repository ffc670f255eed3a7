package io.theeye.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Events written to a local folder, read back by DuckDB over the whole layout. */
class ParquetExportTests {

    private static final List<UUID> CLIENTS = List.of(UUID.randomUUID(), UUID.randomUUID());

    @TempDir
    Path folder;

    @Test
    void everyEventIsReadBackOnceWithItsValues() throws Exception {
        List<ExportedEvent> events = TestEvents.events(3_000, CLIENTS, Duration.ofSeconds(7));
        export(events, Compression.ZSTD);

        try (DuckDb duckDb = new DuckDb()) {
            String files = DuckDb.filesUnder(folder);
            assertThat(duckDb.column("SELECT id FROM " + files))
                    .hasSize(events.size())
                    .containsExactlyInAnyOrderElementsOf(
                            events.stream().map(event -> event.id().toString()).toList());

            ExportedEvent sample = events.get(1234);
            Map<String, Object> row = duckDb.rows("SELECT client_id, session_id, category, name,"
                            + " epoch_us(timestamp) AS timestamp_micros, epoch_us(received_at) AS received_micros,"
                            + " data ->> '$.label' AS label, data, schema_version FROM "
                            + files + " WHERE id = '" + sample.id() + "'")
                    .getFirst();
            assertThat(row)
                    .containsEntry("client_id", sample.clientId().toString())
                    .containsEntry("session_id", sample.sessionId())
                    .containsEntry("category", sample.category())
                    .containsEntry("name", sample.name())
                    .containsEntry("timestamp_micros", micros(sample.timestamp()))
                    .containsEntry("received_micros", micros(sample.receivedAt()))
                    .containsEntry("label", "é \"quoted\"")
                    .containsEntry("schema_version", sample.schemaVersion());
            assertThat(row.get("data").toString()).isEqualTo(sample.data());

            assertThat(duckDb.column("SELECT count(*) FROM " + files + " WHERE schema_version IS NULL"))
                    .containsExactly(events.stream()
                            .filter(event -> event.schemaVersion() == null)
                            .count());
        }
    }

    @Test
    void columnsHaveTheTypesDeclared() throws Exception {
        export(TestEvents.events(10, CLIENTS, Duration.ofMinutes(1)), Compression.ZSTD);

        try (DuckDb duckDb = new DuckDb()) {
            Map<String, String> types = duckDb.types("SELECT * FROM " + DuckDb.filesUnder(folder));

            assertThat(types)
                    .containsEntry("id", "VARCHAR")
                    .containsEntry("client_id", "VARCHAR")
                    .containsEntry("session_id", "VARCHAR")
                    .containsEntry("category", "VARCHAR")
                    .containsEntry("name", "VARCHAR")
                    .containsEntry("timestamp", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("received_at", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("schema_version", "INTEGER")
                    .containsEntry("date", "DATE");
            assertThat(types.get("data")).isIn("JSON", "VARCHAR");
        }
    }

    @Test
    void aPartitionFilterReadsOnlyThatPartitionsFiles() throws Exception {
        List<ExportedEvent> events = TestEvents.events(600, CLIENTS, Duration.ofSeconds(30));
        export(events, Compression.ZSTD);
        Map<ExportPartition, List<ExportedEvent>> partitions = ExportPartition.split(events);
        ExportPartition wanted = ExportPartition.of(events.get(200));
        String query = "SELECT id FROM " + DuckDb.filesUnder(folder)
                + " WHERE client_id = '" + wanted.clientId() + "'"
                + " AND date = DATE '" + wanted.hour().atOffset(ZoneOffset.UTC).toLocalDate() + "'"
                + " AND hour = " + wanted.hour().atOffset(ZoneOffset.UTC).getHour();

        try (DuckDb duckDb = new DuckDb()) {
            assertThat(duckDb.column(query))
                    .containsExactlyInAnyOrderElementsOf(partitions.get(wanted).stream()
                            .map(event -> event.id().toString())
                            .toList());
            // DuckDB's plan counts the files it opened: the partition's one, of all the export's.
            String plan = duckDb.rows("EXPLAIN ANALYZE " + query).stream()
                    .map(row -> String.valueOf(row.get("explain_value")))
                    .collect(Collectors.joining("\n"));
            assertThat(plan).contains("Scanning Files: 1/" + partitions.size()).contains("Total Files Read: 1");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void pagesAreCompressedAsConfigured(Compression compression) throws Exception {
        export(TestEvents.events(100, CLIENTS.subList(0, 1), Duration.ofSeconds(1)), compression);

        try (DuckDb duckDb = new DuckDb()) {
            Set<Object> codecs = Set.copyOf(duckDb.column("SELECT DISTINCT compression FROM parquet_metadata('"
                    + folder.toAbsolutePath() + "/**/*.parquet')"));

            assertThat(codecs).containsExactly(compression.name());
        }
    }

    @Test
    void filesAreLaidOutByClientDateAndHourOfReceipt() throws Exception {
        List<ExportedEvent> events = TestEvents.events(4, CLIENTS, Duration.ofMinutes(40));
        export(events, Compression.SNAPPY);

        try (var files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(file -> folder.relativize(file.getParent()).toString())
                            .collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(
                            "client_id=" + CLIENTS.get(0) + "/date=2026-12-07/hour=10",
                            "client_id=" + CLIENTS.get(1) + "/date=2026-12-07/hour=10",
                            "client_id=" + CLIENTS.get(0) + "/date=2026-12-07/hour=11",
                            "client_id=" + CLIENTS.get(1) + "/date=2026-12-07/hour=12");
        }
    }

    private void export(List<ExportedEvent> events, Compression compression) throws IOException {
        ParquetEventWriter writer = new ParquetEventWriter(compression);
        try (Destination destination =
                Destinations.open(URI.create(folder.toUri().toString()), S3Settings.DEFAULTS)) {
            for (var partition : ExportPartition.split(events).entrySet()) {
                destination.publish(
                        partition.getKey().key("batch-1"), file -> writer.write(partition.getValue(), file));
            }
        }
    }

    private static long micros(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
