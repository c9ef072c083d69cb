package io.looklook.scheduler.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler's own meters: fired / cancelled / rejected counters, the lateness distribution (p50, p99, max) and
 * the pending timers of the tasks this instance runs (each task reports its store's estimate once a second).
 */
public class SchedulerMetrics {

    private final Counter fired;
    private final Counter firedOnRequest;
    private final Counter cancelled;
    private final Counter rejected;
    private final DistributionSummary lateness;
    private final Map<String, Long> pendingByTask = new ConcurrentHashMap<>();

    public SchedulerMetrics(MeterRegistry registry) {
        fired = Counter.builder("scheduler_timers_fired").description("timers delivered").register(registry);
        firedOnRequest = Counter.builder("scheduler_timers_fired_on_request")
                .description("timers fired at once by an operator (not in the lateness histogram)").register(registry);
        cancelled = Counter.builder("scheduler_timers_cancelled").description("timers dropped before firing").register(registry);
        rejected = Counter.builder("scheduler_requests_rejected").description("requests that never became timers")
                .register(registry);
        lateness = DistributionSummary.builder("scheduler_fire_lateness").baseUnit("milliseconds")
                .description("time from a timer's due time to its delivery").publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("scheduler_timers_pending", pendingByTask, m -> m.values().stream().mapToLong(Long::longValue).sum())
                .description("pending timers in this instance's tasks (RocksDB estimate)").register(registry);
    }

    void fired(long latenessMs) {
        fired.increment();
        lateness.record(latenessMs);
    }

    void firedOnRequest() {
        firedOnRequest.increment();
    }

    void cancelled() {
        cancelled.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void pending(String taskId, long count) {
        pendingByTask.put(taskId, count);
    }

    void taskClosed(String taskId) {
        pendingByTask.remove(taskId);
    }
}
