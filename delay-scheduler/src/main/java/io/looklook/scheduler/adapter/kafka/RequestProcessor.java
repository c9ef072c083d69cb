package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleFireNowRequested;
import io.looklook.scheduler.ScheduleRejected;
import io.looklook.scheduler.ScheduleRequested;
import io.looklook.scheduler.domain.ScheduleRules;
import io.looklook.scheduler.domain.ScheduleRules.Accept;
import io.looklook.scheduler.domain.ScheduleRules.Decision;
import io.looklook.scheduler.domain.ScheduleRules.Reject;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.scheduler.state.TimerKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic API: {@code ScheduleRequested} (upsert), {@code ScheduleCancelRequested} and
 * {@code ScheduleFireNowRequested} from {@code scheduler.requests}. Also owns the task's dispatcher: a wall-clock
 * punctuator that fires due timers.
 * A request that cannot become a timer (breaking a rule, or undecodable: that one also goes to the DLT) is answered
 * with {@code ScheduleRejected}.
 */
final class RequestProcessor extends TimersProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);


    RequestProcessor(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                     SchedulerMetrics metrics, TimerTracing tracing) {
        super(settings, decoder, encoder, metrics, tracing, settings.requestsTopic(), SchedulerTopology.PARKED_REQUESTS);
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
    protected void handle(Origin origin, String key, Object request, Headers headers, long now) {
        if (request instanceof ScheduleRequested schedule) {
            schedule(origin, key, schedule, headers, now);
        } else if (request instanceof ScheduleCancelRequested cancel) {
            String id = cancel.getScheduleId();
            if (admitted(origin, key, id, id.equals(key) ? settings.rules().cancelRefusal(id) : null, now)) {
                timers.cancel(id, now, true);
            }
        } else if (request instanceof ScheduleFireNowRequested fireNow) {
            if (admitted(origin, key, fireNow.getScheduleId(), null, now)) {
                timers.fireNow(fireNow.getScheduleId(), now);
            }
        } else {
            reject(origin, key, null, "not a scheduler request: "
                    + (request == null ? "null value" : request.getClass().getSimpleName()), now);
        }
    }

    /** A cancel or fire-now names its timer in the key; {@code ruleRefusal}, if any, is the rules' objection. */
    private boolean admitted(Origin origin, String key, String scheduleId, String ruleRefusal, long now) {
        String refusal = !scheduleId.equals(key) ? "record key must be the scheduleId" : ruleRefusal;
        if (refusal != null) {
            reject(origin, key, scheduleId, refusal, now);
        }
        return refusal == null;
    }

    /** The request went to scheduler.requests-dlt; its sender also hears of it on scheduler.events. */
    @Override
    protected void undecodable(Origin origin, String key, Exception reason, long now) {
        reject(origin, key, null, "undecodable request: " + reason.getMessage(), now);
    }

    private void schedule(Origin origin, String key, ScheduleRequested request, Headers headers, long now) {
        if (!request.getScheduleId().equals(key)) {
            reject(origin, key, request.getScheduleId(), "record key must be the scheduleId (it routes the timer to its task)", now);
            return;
        }
        int headerBytes = request.getHeaders().entrySet().stream()
                .mapToInt(h -> h.getKey().getBytes(StandardCharsets.UTF_8).length + h.getValue().remaining()).sum();
        String envelope = ScheduleRules.envelopeRefusal(request.getKey() == null ? 0 : request.getKey().remaining(),
                request.getHeaders().size(), headerBytes);
        if (envelope != null) {
            reject(origin, key, request.getScheduleId(), envelope, now);
            return;
        }
        int payloadBytes = request.getPayload() == null ? 0 : request.getPayload().remaining();
        Decision decision = settings.rules().check(request.getScheduleId(),
                request.getDueAt() == null ? null : request.getDueAt().toEpochMilli(), request.getDelayMs(),
                request.getTargetTopic(), payloadBytes, now);
        if (decision instanceof Reject rejection) {
            reject(origin, key, request.getScheduleId(), rejection.reason(), now);
            return;
        }
        ScheduledTimer timer = ScheduledTimer.newBuilder()
                .setScheduleId(request.getScheduleId()).setVersion(0)
                .setDueAt(Instant.ofEpochMilli(((Accept) decision).dueAt())).setAcceptedAt(Instant.ofEpochMilli(now))
                .setKind(TimerKind.DELIVER).setTargetTopic(request.getTargetTopic()).setKey(request.getKey())
                .setHeaders(new HashMap<>(request.getHeaders())).setPayload(request.getPayload())
                .setTraceparent(tracing.accepted(Timers.traceparent(headers), request.getScheduleId(), settings.requestsTopic()))
                .build();
        timers.upsert(timer, origin, now);
    }

    private void reject(Origin at, String key, String scheduleId, String reason, long now) {
        log.warn("rejected scheduler request {} at {}: {}", key, at, reason);
        metrics.rejected();
        timers.feedback(key == null ? "" : key, new ScheduleRejected(Timers.eventId(), Instant.ofEpochMilli(now), scheduleId,
                reason, at.topic(), at.partition(), at.offset()), now);
    }

    @Override
    public void close() {
        metrics.taskClosed(context.taskId().toString());
    }
}
