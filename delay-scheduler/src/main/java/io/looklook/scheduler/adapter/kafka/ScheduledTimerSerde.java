package io.looklook.scheduler.adapter.kafka;

import io.looklook.schemas.AvroSerdes;
import io.looklook.scheduler.state.ScheduledTimer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The by-id store's values: Avro single-object encoding (a schema fingerprint, then the binary record). The state
 * lives on a changelog topic for as long as the timer is pending, so it is versioned like an event but needs no
 * registry round trip on the hot path.
 */
final class ScheduledTimerSerde {

    private ScheduledTimerSerde() {
    }

    static Serde<ScheduledTimer> create() {
        AvroSerdes.trustGeneratedPackages();
        Serializer<ScheduledTimer> serializer = (topic, timer) -> {
            if (timer == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ScheduledTimer.getEncoder().encode(timer);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<ScheduledTimer> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return ScheduledTimer.getDecoder().decode(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
