package io.looklook.tools;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * One record as one JSON line: topic, partition, offset, timestamp, key, headers, event type and decoded value (or,
 * for a record that does not decode, why and its raw bytes in base64). The format {@code tail}, {@code timeline --json},
 * {@code dlt show} and {@code replay --dry-run} print.
 */
final class RecordJson implements AutoCloseable {

    // one value per line; the caller's stream (often stdout) stays open when this closes
    private static final JsonFactory JSON = JsonFactory.builder().rootValueSeparator("\n")
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final JsonGenerator out;
    private long written;

    RecordJson(Writer writer) {
        this.out = JSON.createGenerator(ObjectWriteContext.empty(), writer);
    }

    void write(ConsumerRecord<byte[], byte[]> record, EventDecoder.Decoded decoded) {
        written++;
        out.writeStartObject();
        out.writeStringProperty("topic", record.topic());
        out.writeNumberProperty("partition", record.partition());
        out.writeNumberProperty("offset", record.offset());
        out.writeStringProperty("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        out.writeStringProperty("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        out.writeName("headers");
        out.writeStartObject();
        for (Header header : record.headers()) {
            out.writeStringProperty(header.key(), HeaderValues.text(header));
        }
        out.writeEndObject();
        out.writeStringProperty("type", decoded.simpleType());
        if (decoded.undecodable()) {
            out.writeStringProperty("undecodable", decoded.error());
            out.writeStringProperty("valueBase64", Base64.getEncoder().encodeToString(record.value()));
        } else {
            out.writeName("value");
            if (decoded.value() == null) {
                out.writeNull();
            } else {
                AvroJson.write(out, decoded.schema(), decoded.value());
            }
        }
        out.writeEndObject();
    }

    void flush() {
        out.flush();
    }

    @Override
    public void close() {
        if (written > 0) {
            out.writeRaw('\n');
        }
        out.close();
    }
}
