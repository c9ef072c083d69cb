package io.looklook.tools;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a generic Avro value as plain JSON (not Avro's JSON encoding: no union wrappers), with timestamps and dates
 * as ISO-8601 strings so a human reads them, and bytes as base64. Streams into the generator: no tree per record.
 */
final class AvroJson {

    private AvroJson() {
    }

    static void write(JsonGenerator out, Schema schema, Object value) {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                out.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    out.writeName(field.name());
                    write(out, field.schema(), record.get(field.pos()));
                }
                out.writeEndObject();
            }
            case UNION -> write(out, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
            case ARRAY -> {
                out.writeStartArray();
                for (Object element : (Collection<?>) value) {
                    write(out, schema.getElementType(), element);
                }
                out.writeEndArray();
            }
            case MAP -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.writeName(entry.getKey().toString());
                    write(out, schema.getValueType(), entry.getValue());
                }
                out.writeEndObject();
            }
            case STRING, ENUM -> out.writeString(value.toString());
            case INT -> {
                if (schema.getLogicalType() instanceof LogicalTypes.Date) {
                    out.writeString(LocalDate.ofEpochDay((Integer) value).toString());
                } else {
                    out.writeNumber((Integer) value);
                }
            }
            case LONG -> writeLong(out, schema.getLogicalType(), (Long) value);
            case FLOAT -> out.writeNumber((Float) value);
            case DOUBLE -> out.writeNumber((Double) value);
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.writeString(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED -> out.writeString(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case NULL -> out.writeNull();
        }
    }

    /** A field's value as a short text for tables: timestamps and dates in ISO-8601, everything else as Avro prints it. */
    static String text(Schema schema, Object value) {
        if (value == null) {
            return "null";
        }
        Schema actual = schema.getType() == Schema.Type.UNION
                ? schema.getTypes().get(GenericData.get().resolveUnion(schema, value)) : schema;
        if (actual.getType() == Schema.Type.LONG && actual.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return Instant.ofEpochMilli((Long) value).toString();
        }
        if (actual.getType() == Schema.Type.INT && actual.getLogicalType() instanceof LogicalTypes.Date) {
            return LocalDate.ofEpochDay((Integer) value).toString();
        }
        return value.toString();
    }

    private static void writeLong(JsonGenerator out, LogicalType logical, long value) {
        if (logical instanceof LogicalTypes.TimestampMillis) {
            out.writeString(Instant.ofEpochMilli(value).toString());
        } else if (logical instanceof LogicalTypes.TimestampMicros) {
            out.writeString(Instant.EPOCH.plus(value, ChronoUnit.MICROS).toString());
        } else if (logical instanceof LogicalTypes.LocalTimestampMillis) {
            out.writeString(LocalDateTime.ofInstant(Instant.ofEpochMilli(value), ZoneOffset.UTC).toString());
        } else if (logical instanceof LogicalTypes.LocalTimestampMicros) {
            out.writeString(LocalDateTime.ofInstant(Instant.EPOCH.plus(value, ChronoUnit.MICROS), ZoneOffset.UTC).toString());
        } else {
            out.writeNumber(value);
        }
    }
}
