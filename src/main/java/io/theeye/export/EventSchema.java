package io.theeye.export;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.time.Instant;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The columns of an exported file, in order, and how an event fills them: the one place that names them. Strings are
 * UTF-8, times are microseconds since the epoch in UTC (the store keeps microseconds), {@code data} is JSON text.
 */
final class EventSchema {

    static final String ID = "id";
    static final String DATA = "data";

    static final MessageType SCHEMA = Types.buildMessage()
            .required(BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named(ID)
            .required(BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("client_id")
            .required(BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("session_id")
            .required(BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("category")
            .required(BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("name")
            .required(INT64)
            .as(LogicalTypeAnnotation.timestampType(true, MICROS))
            .named("timestamp")
            .required(INT64)
            .as(LogicalTypeAnnotation.timestampType(true, MICROS))
            .named("received_at")
            .required(BINARY)
            .as(LogicalTypeAnnotation.jsonType())
            .named(DATA)
            // Null where the event's type had no payload schema, as in the events table.
            .optional(INT32)
            .named("schema_version")
            .named("event");

    private EventSchema() {}

    /** One event as one record, field by field in the schema's order. */
    static void write(ExportedEvent event, RecordConsumer record) {
        record.startMessage();
        string(record, 0, event.id());
        string(record, 1, event.clientId());
        string(record, 2, event.sessionId());
        string(record, 3, event.category());
        string(record, 4, event.name());
        micros(record, 5, event.timestamp());
        micros(record, 6, event.receivedAt());
        string(record, 7, event.data());
        if (event.schemaVersion() != null) {
            field(record, 8);
            record.addInteger(event.schemaVersion());
            end(record, 8);
        }
        record.endMessage();
    }

    private static void string(RecordConsumer record, int index, UUID value) {
        string(record, index, value.toString());
    }

    private static void string(RecordConsumer record, int index, String value) {
        field(record, index);
        record.addBinary(Binary.fromString(value));
        end(record, index);
    }

    private static void micros(RecordConsumer record, int index, Instant value) {
        field(record, index);
        record.addLong(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000));
        end(record, index);
    }

    private static void field(RecordConsumer record, int index) {
        record.startField(SCHEMA.getFieldName(index), index);
    }

    private static void end(RecordConsumer record, int index) {
        record.endField(SCHEMA.getFieldName(index), index);
    }
}
