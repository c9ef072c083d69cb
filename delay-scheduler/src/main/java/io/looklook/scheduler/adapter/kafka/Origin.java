package io.looklook.scheduler.adapter.kafka;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Where an input record came from: its topic, partition and offset (what a dead letter and a rejection name). */
record Origin(String topic, int partition, long offset) {

    static Origin of(Optional<RecordMetadata> metadata, String fallbackTopic) {
        return metadata.map(m -> new Origin(m.topic(), m.partition(), m.offset())).orElse(new Origin(fallbackTopic, -1, -1));
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
