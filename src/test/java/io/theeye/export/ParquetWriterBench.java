package io.theeye.export;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Compares the two Parquet writers (bench/export-writers.sh runs it in fresh JVMs): the time to write a first small
 * file in a JVM that has loaded neither (class loading and native libraries included), then events per second
 * writing one file of many events right after, then again once warmed up, in wall time and in the process's CPU time (which says more on a busy machine).
 * Prints one line of key=value.
 *
 * <p>Arguments: {@code parquet-java|duckdb}, the number of events of the large file, a folder to write in.
 */
public final class ParquetWriterBench {

    private static final int WARM_UP_FILES = 4;

    private interface Writer {
        void write(List<ExportedEvent> events, Path file) throws Exception;
    }

    public static void main(String[] arguments) throws Exception {
        String name = arguments[0];
        int count = Integer.parseInt(arguments[1]);
        Path folder = Files.createDirectories(Path.of(arguments[2]));
        List<UUID> clients = List.of(UUID.randomUUID());
        List<ExportedEvent> first = TestEvents.events(1_000, clients, Duration.ofMillis(1));
        List<ExportedEvent> many = TestEvents.events(count, clients, Duration.ofMillis(1));

        long start = System.nanoTime();
        long startCpu = processCpuNanos();
        Writer writer = switch (name) {
            case "parquet-java" -> new ParquetEventWriter(Compression.ZSTD)::write;
            case "duckdb" -> new DuckDbEventWriter(Compression.ZSTD)::write;
            default -> throw new IllegalArgumentException("parquet-java or duckdb, not " + name);
        };
        writer.write(first, folder.resolve(name + "-first.parquet"));
        long firstFile = System.nanoTime() - start;
        long firstFileCpu = processCpuNanos() - startCpu;

        start = System.nanoTime();
        startCpu = processCpuNanos();
        Path large = folder.resolve(name + "-large.parquet");
        writer.write(many, large);
        long manyFile = System.nanoTime() - start;
        long manyFileCpu = processCpuNanos() - startCpu;

        // A long-running exporter writes with a warmed-up JIT: the same file again, the last of WARM_UP_FILES timed.
        long warmFile = 0;
        long warmFileCpu = 0;
        for (int round = 0; round < WARM_UP_FILES; round++) {
            start = System.nanoTime();
            startCpu = processCpuNanos();
            writer.write(many, large);
            warmFile = System.nanoTime() - start;
            warmFileCpu = processCpuNanos() - startCpu;
        }

        System.out.printf(
                "writer=%s first_file_ms=%d first_file_cpu_ms=%d events=%d large_file_ms=%d large_file_cpu_ms=%d"
                        + " events_per_second=%d events_per_cpu_second=%d warm_events_per_second=%d"
                        + " warm_events_per_cpu_second=%d bytes=%d%n",
                name,
                firstFile / 1_000_000,
                firstFileCpu / 1_000_000,
                count,
                manyFile / 1_000_000,
                manyFileCpu / 1_000_000,
                Math.round(count / (manyFile / 1e9)),
                Math.round(count / (manyFileCpu / 1e9)),
                Math.round(count / (warmFile / 1e9)),
                Math.round(count / (warmFileCpu / 1e9)),
                Files.size(large));
    }

    /** CPU time of the whole process, native threads included (DuckDB writes on threads of its own). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
