package io.looklook.scheduler.adapter.kafka;

import io.looklook.schemas.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Topology tests run without a registry: the topology takes its event codec as a parameter, and these tests give
 * it this one (record full name, a zero byte, then Avro binary). The registry-backed codec is exercised against
 * the real registry by the integration tests.
 */
final class NamedAvro {

    static {
        AvroSerdes.trustGeneratedPackages();
    }

    private NamedAvro() {
    }

    static Serializer<SpecificRecord> serializer() {
        return (topic, record) -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(record.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
                out.write(0);
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Deserializer<Object> deserializer() {
        return (topic, bytes) -> {
            int zero = 0;
            while (zero < bytes.length && bytes[zero] != 0) {
                zero++;
            }
            if (zero == bytes.length) {
                throw new IllegalArgumentException("not a named Avro record");
            }
            try {
                Class<?> type = Class.forName(new String(bytes, 0, zero, StandardCharsets.UTF_8));
                Schema schema = SpecificData.get().getSchema(type);
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, zero + 1, bytes.length - zero - 1, null);
                return new SpecificDatumReader<>(schema).read(null, decoder);
            } catch (ClassNotFoundException | IOException e) {
                throw new IllegalArgumentException("undecodable: " + e.getMessage(), e);
            }
        };
    }
}
