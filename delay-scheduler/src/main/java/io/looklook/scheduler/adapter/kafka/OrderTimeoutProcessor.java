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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Order timeouts from {@code order.events}: {@code OrderCreated} sets a timer at the pay deadline that will send
 * {@code CloseOrderRequested} to {@code order.commands}; a terminal event ({@code OrderPaid} or
 * {@code OrderClosed}) drops it. The timer lives in the task of the order's partition, keyed by its sn, so it needs
 * no repartitioning; a replayed {@code OrderCreated} only re-arms the same timer id. The timer keeps the event's
 * {@code traceparent} (through the scheduler's own span, {@link TimerTracing}), so the close it sends continues the
 * order's trace.
 */
final class OrderTimeoutProcessor extends TimersProcessor {

    OrderTimeoutProcessor(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                          SchedulerMetrics metrics, TimerTracing tracing) {
        super(settings, decoder, encoder, metrics, tracing, settings.ordersTopic(), SchedulerTopology.PARKED_ORDERS);
    }

    @Override
    protected void handle(Origin origin, String key, Object event, Headers headers, long now) {
        if (event instanceof OrderCreated created) {
            String scheduleId = ScheduleRules.orderTimeoutId(created.getSn());
            ScheduledTimer timer = ScheduledTimer.newBuilder()
                    .setScheduleId(scheduleId).setVersion(0)
                    .setDueAt(created.getPayDeadline()).setAcceptedAt(Instant.ofEpochMilli(now))
                    .setKind(TimerKind.CLOSE_ORDER).setTargetTopic(settings.commandsTopic())
                    .setKey(ByteBuffer.wrap(created.getSn().getBytes(StandardCharsets.UTF_8)))
                    .setHeaders(new HashMap<>()).setPayload(null)
                    .setTraceparent(tracing.accepted(Timers.traceparent(headers), scheduleId, settings.ordersTopic()))
                    .build();
            timers.upsert(timer, origin, now);
        } else if (event instanceof OrderClosed closed) {
            timers.cancel(ScheduleRules.orderTimeoutId(closed.getSn()), now, false);
        } else if (event instanceof OrderPaid paid) {
            timers.cancel(ScheduleRules.orderTimeoutId(paid.getSn()), now, false);
        }
        // other order events (and tombstones) do not concern timers
    }
}
