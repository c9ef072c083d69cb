package io.looklook.scheduler.adapter.kafka;

import io.looklook.schemas.AvroSerdes;
import io.looklook.schemas.SchemaHistory;
import io.looklook.scheduler.state.ParkedRecord;
import io.looklook.scheduler.state.ScheduledTimer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The scheduler's own state in its stores (and their changelog topics): Avro single-object encoding, a schema
 * fingerprint then the binary record, written with the current schema. Read with any version in the record's
 * {@code avro-history}: a pending timer written by an older scheduler is still read after the schema changed (the
 * build's SchemaEvolutionTest keeps every version readable by the current one).
 */
final class StateSerde {

    private StateSerde() {
    }

    static Serde<ScheduledTimer> timers() {
        return of(ScheduledTimer.getEncoder(), ScheduledTimer.createDecoder(history(ScheduledTimer.getClassSchema())));
    }

    static Serde<ParkedRecord> parked() {
        return of(ParkedRecord.getEncoder(), ParkedRecord.createDecoder(history(ParkedRecord.getClassSchema())));
    }

    /** Every published version of {@code current}'s record, by fingerprint. */
    static SchemaStore history(Schema current) {
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (Schema version : SchemaHistory.versions(current.getFullName())) {
            store.addSchema(version);
        }
        return store;
    }

    private static <T> Serde<T> of(BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder) {
        AvroSerdes.trustGeneratedPackages();
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
