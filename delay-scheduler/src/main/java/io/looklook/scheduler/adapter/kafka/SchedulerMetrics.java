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
    /** task/input -> since when it holds records it could not decode yet (the registry could not be asked). */
    private final Map<String, Long> heldSince = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("scheduler_inputs_held", heldSince, Map::size)
                .description("task inputs holding records until the registry can be asked (retried without end)")
                .register(registry);
        Gauge.builder("scheduler_inputs_held_seconds", heldSince, m -> m.values().stream()
                        .mapToLong(since -> (System.currentTimeMillis() - since) / 1000).max().orElse(0))
                .description("how long the longest-held input has waited").register(registry);
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

    void deadLettered(String topic) {
        Counter.builder("scheduler_dead_letters").description("input records sent to <topic>-dlt, by source topic")
                .tag("topic", topic).register(registry).increment();
    }

    void held(String taskId, String input, long sinceMillis) {
        heldSince.put(taskId + "/" + input, sinceMillis);
    }

    void released(String taskId, String input) {
        heldSince.remove(taskId + "/" + input);
    }

    /** Task inputs that have held records at least {@code atLeast}, with since when. */
    public Map<String, Long> heldLongerThan(java.time.Duration atLeast) {
        long now = System.currentTimeMillis();
        Map<String, Long> held = new java.util.TreeMap<>();
        heldSince.forEach((input, since) -> {
            if (now - since >= atLeast.toMillis()) {
                held.put(input, since);
            }
        });
        return held;
    }

    void pending(String taskId, long count) {
        pendingByTask.put(taskId, count);
    }

    void taskClosed(String taskId) {
        pendingByTask.remove(taskId);
        heldSince.keySet().removeIf(input -> input.startsWith(taskId + "/"));
    }
}
