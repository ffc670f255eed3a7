package io.theeye.export;

import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/** Hands Parquet's writer the export's schema and turns each event into a record. */
final class EventWriteSupport extends WriteSupport<ExportedEvent> {

    private RecordConsumer record;

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(EventSchema.SCHEMA, Map.of());
    }

    /** Parquet's Hadoop entry point, which the export never takes (no Hadoop at run time). */
    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        throw new UnsupportedOperationException("the export writes without Hadoop");
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.record = recordConsumer;
    }

    @Override
    public void write(ExportedEvent event) {
        EventSchema.write(event, record);
    }
}
