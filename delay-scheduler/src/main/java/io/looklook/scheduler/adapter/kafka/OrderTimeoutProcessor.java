package io.looklook.scheduler.adapter.kafka;

import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderCreated;
import io.looklook.scheduler.domain.ScheduleRules;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.scheduler.state.TimerKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order timeouts from {@code order.events}: {@code OrderCreated} sets a timer at the pay deadline that will send
 * {@code CloseOrderRequested} to {@code order.commands}; a terminal event ({@code OrderPaid} or
 * {@code OrderClosed}) drops it. The timer lives in the task of the order's partition, keyed by its sn, so it needs
 * no repartitioning; a replayed {@code OrderCreated} only re-arms the same timer id.
 */
final class OrderTimeoutProcessor extends TimersProcessor {

    private static final Logger log = LoggerFactory.getLogger(OrderTimeoutProcessor.class);


    OrderTimeoutProcessor(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                          SchedulerMetrics metrics) {
        super(settings, decoder, encoder, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long now = context.currentSystemTimeMs();
        Object event;
        try {
            event = decode(settings.ordersTopic(), record);
        } catch (RuntimeException e) {
            // order-service's consumers dead-letter such a record; here it cannot carry a timer, so it is skipped
            log.warn("skipped undecodable record on {} (key {}): {}", settings.ordersTopic(), record.key(), e.getMessage());
            metrics.rejected();
            return;
        }
        if (event instanceof OrderCreated created) {
            ScheduledTimer timer = ScheduledTimer.newBuilder()
                    .setScheduleId(ScheduleRules.orderTimeoutId(created.getSn())).setVersion(0)
                    .setDueAt(created.getPayDeadline()).setAcceptedAt(Instant.ofEpochMilli(now))
                    .setKind(TimerKind.CLOSE_ORDER).setTargetTopic(settings.commandsTopic())
                    .setKey(ByteBuffer.wrap(created.getSn().getBytes(StandardCharsets.UTF_8)))
                    .setHeaders(new HashMap<>()).setPayload(null)
                    .build();
            timers.upsert(timer, now);
        } else if (event instanceof OrderClosed closed) {
            timers.cancel(ScheduleRules.orderTimeoutId(closed.getSn()), now, false);
        } else if (event instanceof OrderPaid paid) {
            timers.cancel(ScheduleRules.orderTimeoutId(paid.getSn()), now, false);
        }
        // other order events do not concern timers
    }
}
