package io.looklook.scheduler.adapter.web;

import io.looklook.scheduler.state.ScheduledTimer;
import java.util.List;

/** A pending timer as the admin API shows it (the payload's size, not its bytes). */
public record ScheduleView(String scheduleId, long version, long dueAt, long acceptedAt, String kind, String targetTopic,
                           List<String> headers, int payloadBytes) {

    static ScheduleView of(ScheduledTimer t) {
        return new ScheduleView(t.getScheduleId(), t.getVersion(), t.getDueAt().toEpochMilli(), t.getAcceptedAt().toEpochMilli(),
                t.getKind().name(), t.getTargetTopic(), t.getHeaders().keySet().stream().sorted().toList(),
                t.getPayload() == null ? 0 : t.getPayload().remaining());
    }

    /** A page of timers in due order; {@code next} is the cursor for the following page, null on the last. */
    public record Page(List<ScheduleView> schedules, String next) {
    }
}
