package io.looklook.scheduler.adapter.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** What the scheduler's input processors share: the task's {@link Timers} and decoding a record's value. */
abstract class TimersProcessor implements Processor<String, byte[], Object, Object> {

    protected final SchedulerSettings settings;
    protected final SchedulerMetrics metrics;
    private final Deserializer<Object> decoder;
    private final Serializer<SpecificRecord> encoder;
    protected ProcessorContext<Object, Object> context;
    protected Timers timers;

    TimersProcessor(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                    SchedulerMetrics metrics) {
        this.settings = settings;
        this.decoder = decoder;
        this.encoder = encoder;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.timers = new Timers(context, encoder, metrics, settings.lateAfter().toMillis());
    }

    /** The value decoded through the registry (null for a null value); throws if the bytes cannot be decoded. */
    protected Object decode(String topic, Record<String, byte[]> record) {
        return record.value() == null ? null : decoder.deserialize(topic, record.headers(), record.value());
    }
}
