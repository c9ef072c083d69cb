package io.looklook.scheduler.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler's own meters: fired / cancelled / rejected counters, the lateness histogram (buckets) and
 * the pending timers of the tasks this instance runs (each task reports its store's estimate once a second).
 */
public class SchedulerMetrics {

    private final Counter fired;
    private final Counter firedOnRequest;
    private final Counter cancelled;
    private final Counter rejected;
    private final Timer lateness;
    private final Map<String, Long> pendingByTask = new ConcurrentHashMap<>();
    /** task/input -> since when it holds records it could not decode yet (the registry could not be asked). */
    private final Map<String, Long> heldSince = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("looklook.scheduler.inputs.held", heldSince, Map::size).baseUnit("inputs")
                .description("task inputs holding records until the registry can be asked (retried without end)")
                .register(registry);
        Gauge.builder("looklook.scheduler.inputs.held.longest", heldSince, m -> m.values().stream()
                        .mapToLong(since -> (System.currentTimeMillis() - since) / 1000).max().orElse(0)).baseUnit("seconds")
                .description("how long the longest-held input has waited").register(registry);
        fired = Counter.builder("looklook.scheduler.fired").baseUnit("timers").description("timers delivered").register(registry);
        firedOnRequest = Counter.builder("looklook.scheduler.fired.on.request").baseUnit("timers")
                .description("timers fired at once by an operator (not in the lateness histogram)").register(registry);
        cancelled = Counter.builder("looklook.scheduler.cancelled").baseUnit("timers").description("timers dropped before firing").register(registry);
        rejected = Counter.builder("looklook.scheduler.rejected").baseUnit("requests").description("requests that never became timers")
                .register(registry);
        // buckets, not client-side percentiles: the instances' histograms add up in Prometheus
        lateness = Timer.builder("looklook.scheduler.fire.lateness").description("time from a timer's due time to its delivery")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        Gauge.builder("looklook.scheduler.pending", pendingByTask, m -> m.values().stream().mapToLong(Long::longValue).sum())
                .baseUnit("timers")
                .description("pending timers in this instance's tasks (RocksDB estimate)").register(registry);
    }

    void fired(long latenessMs) {
        fired.increment();
        lateness.record(Duration.ofMillis(Math.max(0, latenessMs)));
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
        Counter.builder("looklook.scheduler.kafka.dead.letters").baseUnit("records").description("input records sent to <topic>-dlt, by source topic")
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
