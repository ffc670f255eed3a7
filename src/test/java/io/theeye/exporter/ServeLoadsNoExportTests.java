package io.theeye.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.support.ServerProcess;
import io.theeye.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code the-eye serve}, even with a destination set (only {@code the-eye exporter} exports), loads no class of the
 * export, nor Parquet's, Hadoop's or the AWS SDK's: its start-up does not change. Read from the JVM's own log of the
 * classes it loads.
 */
class ServeLoadsNoExportTests {

    @TempDir
    Path folder;

    @Test
    void serveLoadsNothingOfTheExport() throws Exception {
        Path classes = folder.resolve("classes.txt");
        Path log = folder.resolve("serve.log");
        try (ServerProcess serve = ServerProcess.start(
                Map.of(
                        "THE_EYE_DB_URL", TestDatabases.newSqliteUrl(),
                        "THE_EYE_EXPORT_TO", folder.resolve("export").toUri().toString(),
                        "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes),
                log)) {
            serve.terminate();
            serve.waitForExit();
        }

        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded)
                .as("the JVM logged the classes it loaded")
                .anyMatch(line -> line.contains("io.theeye.cli.Main"));
        assertThat(loaded)
                .filteredOn(line -> line.contains(" io.theeye.export.")
                        || line.contains(" io.theeye.exporter.Exporter ")
                        || line.contains(" io.theeye.exporter.BatchExport ")
                        || line.contains(" org.apache.parquet.")
                        || line.contains(" org.apache.hadoop.")
                        || line.contains(" software.amazon."))
                .isEmpty();
        assertThat(Files.readString(log)).doesNotContain("Exporting to");
    }
}
