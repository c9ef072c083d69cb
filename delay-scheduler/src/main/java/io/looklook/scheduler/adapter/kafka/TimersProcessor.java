package io.looklook.scheduler.adapter.kafka;

import io.looklook.schemas.RegistryUnavailableException;
import java.time.Duration;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the scheduler's input processors share: the task's {@link Timers}, and the failure rule for their input. A
 * value is decoded here, through the registry: if the registry cannot be asked the record is held ({@link Parking})
 * and retried with back-off; if it can never be decoded it goes to {@code <topic>-dlt} ({@link DeadLetters}); a
 * decoded value goes to {@link #handle}.
 */
abstract class TimersProcessor implements Processor<String, byte[], Object, Object> {

    private static final Duration RETRY_TICK = Duration.ofMillis(100);

    protected final SchedulerSettings settings;
    protected final SchedulerMetrics metrics;
    protected final TimerTracing tracing;
    private final Deserializer<Object> decoder;
    private final Serializer<SpecificRecord> encoder;
    private final String inputTopic;
    private final String parkedStore;
    protected ProcessorContext<Object, Object> context;
    protected Timers timers;
    private DeadLetters deadLetters;
    private Parking parking;

    TimersProcessor(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                    SchedulerMetrics metrics, TimerTracing tracing, String inputTopic, String parkedStore) {
        this.settings = settings;
        this.tracing = tracing;
        this.decoder = decoder;
        this.encoder = encoder;
        this.metrics = metrics;
        this.inputTopic = inputTopic;
        this.parkedStore = parkedStore;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.timers = new Timers(context, encoder, metrics, tracing, settings.lateAfter().toMillis());
        this.deadLetters = new DeadLetters(context, metrics);
        this.parking = new Parking(context.getStateStore(parkedStore), context.taskId().toString(), inputTopic, metrics,
                settings.retryMaxInterval());
        context.schedule(RETRY_TICK, PunctuationType.WALL_CLOCK_TIME,
                now -> parking.retry(context.currentSystemTimeMs(), this::attempt));
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        parking.offer(Origin.of(context.recordMetadata(), inputTopic), record, context.currentSystemTimeMs(), this::attempt);
    }

    private Optional<String> attempt(Origin origin, Record<String, byte[]> record) {
        Object value;
        try {
            value = record.value() == null ? null : decoder.deserialize(origin.topic(), record.headers(), record.value());
        } catch (RegistryUnavailableException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            deadLetters.send(origin, record, e);
            undecodable(origin, record.key(), e, context.currentSystemTimeMs());
            return Optional.empty();
        }
        handle(origin, record.key(), value, record.headers(), context.currentSystemTimeMs());
        return Optional.empty();
    }

    /** A decoded input value (null for a null value). */
    protected abstract void handle(Origin origin, String key, Object value, Headers headers, long now);

    /** After an undecodable record went to the DLT: what else its sender should hear (nothing by default). */
    protected void undecodable(Origin origin, String key, Exception reason, long now) {
    }
}
