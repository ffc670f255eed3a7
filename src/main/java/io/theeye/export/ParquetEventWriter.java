package io.theeye.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes events as one Parquet file with Apache Parquet's Java writer, without Hadoop: a plain configuration, a local
 * output file and the export's own codecs (docs/export.md says why this writer).
 */
public final class ParquetEventWriter {

    private final Compression compression;

    public ParquetEventWriter(Compression compression) {
        this.compression = compression;
    }

    /** The events, in the order given, as one file at that path, created or replaced. */
    public void write(List<ExportedEvent> events, Path file) throws IOException {
        write(events.iterator(), file);
    }

    /**
     * The events, in the order given, as one file at that path, created or replaced, taken one at a time: the writer
     * holds at most a row group (Parquet's default, 128 MiB) in memory, however many there are.
     */
    public void write(Iterator<ExportedEvent> events, Path file) throws IOException {
        try (ParquetWriter<ExportedEvent> writer = new Builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ExportCodecs())
                .withCompressionCodec(ExportCodecs.codec(compression))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                // Every event's id and data differ: a dictionary would only be built to be dropped.
                .withDictionaryEncoding(EventSchema.ID, false)
                .withDictionaryEncoding(EventSchema.DATA, false)
                .build()) {
            while (events.hasNext()) {
                writer.write(events.next());
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ExportedEvent, Builder> {

        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ExportedEvent> getWriteSupport(ParquetConfiguration configuration) {
            return new EventWriteSupport();
        }

        /** Parquet's Hadoop entry point, which the export never takes (no Hadoop at run time). */
        @Override
        protected WriteSupport<ExportedEvent> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            throw new UnsupportedOperationException("the export writes without Hadoop");
        }
    }
}
