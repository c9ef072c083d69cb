package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleFireNowRequested;
import io.looklook.scheduler.ScheduleRejected;
import io.looklook.scheduler.ScheduleRequested;
import io.looklook.scheduler.domain.ScheduleRules.Accept;
import io.looklook.scheduler.domain.ScheduleRules.Decision;
import io.looklook.scheduler.domain.ScheduleRules.Reject;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.scheduler.state.TimerKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic API: {@code ScheduleRequested} (upsert), {@code ScheduleCancelRequested} and
 * {@code ScheduleFireNowRequested} from {@code scheduler.requests}. Also owns the task's dispatcher: a wall-clock
 * punctuator that fires due timers.
 * A request that cannot become a timer (undecodable, or breaking a rule) is answered with {@code ScheduleRejected}.
 */
final class RequestProcessor extends TimersProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);


    RequestProcessor(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                     SchedulerMetrics metrics) {
        super(settings, decoder, encoder, metrics);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        super.init(context);
        String task = context.taskId().toString();
        // punctuators run only while the task is RUNNING, i.e. after its stores are restored: never fire from half a state
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME,
                now -> timers.fireDue(context.currentSystemTimeMs(), settings.firesPerTick()));
        context.schedule(java.time.Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
                now -> metrics.pending(task, timers.pendingEstimate()));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long now = context.currentSystemTimeMs();
        Object request;
        try {
            request = decode(settings.requestsTopic(), record);
        } catch (RuntimeException e) {
            reject(record.key(), null, "undecodable request: " + e.getMessage(), now);
            return;
        }
        if (request instanceof ScheduleRequested schedule) {
            schedule(record.key(), schedule, now);
        } else if (request instanceof ScheduleCancelRequested cancel) {
            if (!cancel.getScheduleId().equals(record.key())) {
                reject(record.key(), cancel.getScheduleId(), "record key must be the scheduleId", now);
            } else {
                timers.cancel(cancel.getScheduleId(), now, true);
            }
        } else if (request instanceof ScheduleFireNowRequested fireNow) {
            if (!fireNow.getScheduleId().equals(record.key())) {
                reject(record.key(), fireNow.getScheduleId(), "record key must be the scheduleId", now);
            } else {
                timers.fireNow(fireNow.getScheduleId(), now);
            }
        } else {
            reject(record.key(), null, "not a scheduler request: "
                    + (request == null ? "null value" : request.getClass().getSimpleName()), now);
        }
    }

    private void schedule(String key, ScheduleRequested request, long now) {
        if (!request.getScheduleId().equals(key)) {
            reject(key, request.getScheduleId(), "record key must be the scheduleId (it routes the timer to its task)", now);
            return;
        }
        int payloadBytes = request.getPayload() == null ? 0 : request.getPayload().remaining();
        Decision decision = settings.rules().check(request.getScheduleId(),
                request.getDueAt() == null ? null : request.getDueAt().toEpochMilli(), request.getDelayMs(),
                request.getTargetTopic(), payloadBytes, now);
        if (decision instanceof Reject rejection) {
            reject(key, request.getScheduleId(), rejection.reason(), now);
            return;
        }
        ScheduledTimer timer = ScheduledTimer.newBuilder()
                .setScheduleId(request.getScheduleId()).setVersion(0)
                .setDueAt(Instant.ofEpochMilli(((Accept) decision).dueAt())).setAcceptedAt(Instant.ofEpochMilli(now))
                .setKind(TimerKind.DELIVER).setTargetTopic(request.getTargetTopic()).setKey(request.getKey())
                .setHeaders(new HashMap<>(request.getHeaders())).setPayload(request.getPayload())
                .build();
        timers.upsert(timer, now);
    }

    private void reject(String key, String scheduleId, String reason, long now) {
        Optional<RecordMetadata> at = context.recordMetadata();
        log.warn("rejected scheduler request {} at {}-{}@{}: {}", key, at.map(RecordMetadata::topic).orElse("?"),
                at.map(RecordMetadata::partition).orElse(-1), at.map(RecordMetadata::offset).orElse(-1L), reason);
        metrics.rejected();
        timers.feedback(key == null ? "" : key, new ScheduleRejected(Timers.eventId(), Instant.ofEpochMilli(now), scheduleId,
                reason, at.map(RecordMetadata::topic).orElse(settings.requestsTopic()), at.map(RecordMetadata::partition).orElse(-1),
                at.map(RecordMetadata::offset).orElse(-1L)), now);
    }

    @Override
    public void close() {
        metrics.taskClosed(context.taskId().toString());
    }
}
