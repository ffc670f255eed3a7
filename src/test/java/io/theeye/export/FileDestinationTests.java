package io.theeye.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local folder destination: files appear whole under their keys, or not at all. */
class FileDestinationTests {

    @TempDir
    Path folder;

    @Test
    void aFileAppearsUnderItsKeyAndNothingElseIsLeft() throws Exception {
        try (Destination destination = open()) {
            destination.publish("client_id=a/date=2026-12-07/hour=10/b1.parquet", file -> Files.writeString(file, "1"));

            assertThat(Files.readString(folder.resolve("client_id=a/date=2026-12-07/hour=10/b1.parquet")))
                    .isEqualTo("1");
            assertThat(allFiles()).containsExactly("client_id=a/date=2026-12-07/hour=10/b1.parquet");
            assertThat(destination.exists("client_id=a/date=2026-12-07/hour=10/b1.parquet"))
                    .isTrue();
            assertThat(destination.exists("client_id=a/date=2026-12-07/hour=10/b2.parquet"))
                    .isFalse();
        }
    }

    @Test
    void whileBeingWrittenAFileIsHiddenUnderATemporaryName() throws Exception {
        try (Destination destination = open()) {
            destination.publish("a/b1.parquet", file -> {
                assertThat(file.getParent()).isEqualTo(folder.resolve("a"));
                assertThat(file.getFileName().toString()).startsWith(".");
                assertThat(destination.exists("a/b1.parquet")).isFalse();
                assertThat(destination.list("")).isEmpty();
                Files.writeString(file, "1");
            });

            assertThat(destination.list("")).containsExactly("a/b1.parquet");
        }
    }

    @Test
    void aFileWhoseContentFailsLeavesNothingBehind() throws Exception {
        try (Destination destination = open()) {
            assertThatThrownBy(() -> destination.publish("a/b1.parquet", file -> {
                        Files.writeString(file, "half");
                        throw new IOException("the writer failed");
                    }))
                    .hasMessage("the writer failed");

            assertThat(destination.exists("a/b1.parquet")).isFalse();
            assertThat(allFiles()).isEmpty();
        }
    }

    @Test
    void listsTheFilesWhoseKeysStartWithThePrefix() throws Exception {
        try (Destination destination = open()) {
            destination.publish("client_id=a/date=2026-12-07/hour=10/1.parquet", file -> Files.writeString(file, "1"));
            destination.publish("client_id=a/date=2026-12-07/hour=11/2.parquet", file -> Files.writeString(file, "2"));
            destination.publish("client_id=b/date=2026-12-07/hour=10/3.parquet", file -> Files.writeString(file, "3"));

            assertThat(destination.list("client_id=a/"))
                    .containsExactlyInAnyOrder(
                            "client_id=a/date=2026-12-07/hour=10/1.parquet",
                            "client_id=a/date=2026-12-07/hour=11/2.parquet");
            assertThat(destination.list("client_id=a/date=2026-12-07/hour=1")).hasSize(2);
            assertThat(destination.list("client_id=b/date=2026-12-07/hour=10/"))
                    .containsExactly("client_id=b/date=2026-12-07/hour=10/3.parquet");
            assertThat(destination.list("client_id=c/")).isEmpty();
            assertThat(destination.list("")).hasSize(3);
        }
    }

    @Test
    void keysCannotLeaveTheFolder() throws Exception {
        try (Destination destination = open()) {
            for (String key : List.of("../outside.parquet", "/absolute.parquet", "a/../../outside.parquet", "")) {
                assertThatThrownBy(() -> destination.publish(key, file -> Files.writeString(file, "x")))
                        .as(key)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void onlyFileAndS3UrlsAreDestinations() {
        assertThatThrownBy(() -> Destinations.open(URI.create("ftp://host/folder"), S3Settings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file:///path/to/folder or s3://bucket/prefix");
    }

    private Destination open() {
        return Destinations.open(folder.toUri(), S3Settings.DEFAULTS);
    }

    private List<String> allFiles() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> folder.relativize(file).toString())
                    .toList();
        }
    }
}
