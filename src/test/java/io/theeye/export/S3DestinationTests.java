package io.theeye.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The S3 destination against a real S3 API (S3Proxy over a temporary folder), files read back by DuckDB. */
class S3DestinationTests {

    private static final String BUCKET = "exports";
    private static final URI URL = URI.create("s3://" + BUCKET + "/the-eye/events");
    private static final int PART = S3Settings.MINIMUM_PART_SIZE;

    @TempDir
    Path storage;

    private S3ProxyServer server;
    private S3Client s3;

    @BeforeEach
    void startServer() throws Exception {
        server = new S3ProxyServer(storage);
        server.bucket(BUCKET);
        s3 = S3Destination.client(server.settings());
    }

    @AfterEach
    void stopServer() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void exportedFilesAreReadBackWithEveryEventOnce() throws Exception {
        List<UUID> clients = List.of(UUID.randomUUID(), UUID.randomUUID());
        List<ExportedEvent> events = TestEvents.events(2_000, clients, Duration.ofSeconds(5));
        ParquetEventWriter writer = new ParquetEventWriter(Compression.ZSTD);

        try (Destination destination = Destinations.open(URL, server.settings())) {
            for (var partition : ExportPartition.split(events).entrySet()) {
                destination.publish(
                        partition.getKey().key("batch-1"), file -> writer.write(partition.getValue(), file));
            }

            ExportPartition first = ExportPartition.of(events.getFirst());
            assertThat(destination.exists(first.key("batch-1"))).isTrue();
            assertThat(destination.exists(first.key("batch-2"))).isFalse();
            assertThat(destination.list("client_id=" + clients.get(0) + "/"))
                    .containsExactlyInAnyOrderElementsOf(ExportPartition.split(events).keySet().stream()
                            .filter(partition -> partition.clientId().equals(clients.get(0)))
                            .map(partition -> partition.key("batch-1"))
                            .toList());
        }

        try (DuckDb duckDb = new DuckDb()) {
            assertThat(duckDb.column("SELECT id FROM " + DuckDb.filesUnder(storage.resolve(BUCKET + URL.getPath()))))
                    .containsExactlyInAnyOrderElementsOf(
                            events.stream().map(event -> event.id().toString()).toList());
        }
    }

    @Test
    void aLargeFileIsUploadedInPartsAndAppearsWhole() throws Exception {
        byte[] content = randomBytes(2 * PART + 12345);
        S3Settings settings = server.settings().withMultipart(PART, PART);

        try (Destination destination = Destinations.open(URL, settings)) {
            destination.publish("large/file.bin", file -> Files.write(file, content));
        }

        assertThat(Files.readAllBytes(storage.resolve(BUCKET + URL.getPath() + "/large/file.bin")))
                .isEqualTo(content);
        // An object completed from parts has an ETag of the parts' digests and their count.
        assertThat(s3.headObject(request -> request.bucket(BUCKET).key("the-eye/events/large/file.bin"))
                        .eTag())
                .endsWith("-3\"");
        assertThat(s3.listMultipartUploads(request -> request.bucket(BUCKET)).uploads())
                .isEmpty();
    }

    @Test
    void aFileWhoseContentFailsIsNeverVisible() throws Exception {
        try (Destination destination = Destinations.open(URL, server.settings())) {
            assertThatThrownBy(() -> destination.publish("broken/file.parquet", file -> {
                        Files.writeString(file, "half");
                        throw new IOException("the writer failed");
                    }))
                    .hasMessage("the writer failed");

            assertThat(destination.exists("broken/file.parquet")).isFalse();
            assertThat(destination.list("")).isEmpty();
        }
    }

    @Test
    void aMultipartUploadThatFailsIsAbortedAndNeverVisible() throws Exception {
        S3Settings settings = server.settings().withMultipart(PART, PART);
        AtomicInteger partsTried = new AtomicInteger();
        S3Client failingOnSecondPart = failingOnPart(s3, 2, partsTried);

        try (Destination destination = S3Destination.open(URL, settings, failingOnSecondPart)) {
            assertThatThrownBy(() ->
                            destination.publish("large/file.bin", file -> Files.write(file, randomBytes(3 * PART))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("part 2 refused");

            assertThat(partsTried).hasValue(2);
            assertThat(destination.exists("large/file.bin")).isFalse();
        }
        assertThat(s3.listMultipartUploads(request -> request.bucket(BUCKET)).uploads())
                .isEmpty();
    }

    @Test
    void listsOnlyCompleteFilesUnderThePrefixGiven() throws Exception {
        try (Destination destination = Destinations.open(URL, server.settings());
                Destination elsewhere = Destinations.open(URI.create("s3://" + BUCKET + "/other"), server.settings())) {
            destination.publish("a/1.parquet", file -> Files.writeString(file, "1"));
            destination.publish("a/2.parquet", file -> Files.writeString(file, "2"));
            destination.publish("b/1.parquet", file -> Files.writeString(file, "3"));
            elsewhere.publish("a/3.parquet", file -> Files.writeString(file, "4"));

            assertThat(destination.list("a/")).containsExactlyInAnyOrder("a/1.parquet", "a/2.parquet");
            assertThat(destination.list("")).containsExactlyInAnyOrder("a/1.parquet", "a/2.parquet", "b/1.parquet");
            assertThat(elsewhere.list("")).containsExactly("a/3.parquet");
        }
    }

    @Test
    void endpointRegionAndKeysComeFromTheUsualAwsSettingsWhenNotGiven() throws Exception {
        // The system properties the SDK reads like AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and
        // AWS_SECRET_ACCESS_KEY (a test cannot set the environment); only path style is ours to give.
        Map<String, String> properties = Map.of(
                "aws.endpointUrl", server.endpoint().toString(),
                "aws.region", S3ProxyServer.REGION,
                "aws.accessKeyId", S3ProxyServer.ACCESS_KEY,
                "aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        properties.forEach(System::setProperty);
        try (Destination destination = Destinations.open(URL, S3Settings.DEFAULTS.withPathStyle(true))) {
            destination.publish("a/1.parquet", file -> Files.writeString(file, "1"));

            assertThat(destination.list("")).containsExactly("a/1.parquet");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertThat(Files.readString(storage.resolve(BUCKET + URL.getPath() + "/a/1.parquet")))
                .isEqualTo("1");
    }

    /** The client, but uploading the part numbered so fails (with the SDK's exception); counts the parts tried. */
    @SuppressWarnings("unchecked")
    private static S3Client failingOnPart(S3Client client, int failingPart, AtomicInteger partsTried) {
        return (S3Client) Proxy.newProxyInstance(
                S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, called, arguments) -> {
                    if (called.getName().equals("uploadPart")) {
                        UploadPartRequest request = arguments[0] instanceof UploadPartRequest built
                                ? built
                                : UploadPartRequest.builder()
                                        .applyMutation((Consumer<UploadPartRequest.Builder>) arguments[0])
                                        .build();
                        partsTried.incrementAndGet();
                        if (request.partNumber() == failingPart) {
                            throw SdkClientException.create("part " + failingPart + " refused");
                        }
                        return client.uploadPart(request, (RequestBody) arguments[1]);
                    }
                    try {
                        return called.invoke(client, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
