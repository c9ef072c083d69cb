package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.domain.ScheduleRules;
import java.time.Duration;

/**
 * @param tick          how often each task looks for due timers (wall clock; 5-20 ms)
 * @param firesPerTick  at most this many timers fire per task per tick (bounds one transaction in a burst)
 * @param lateAfter     a timer delivered this long after its due time is marked late
 * @param rules         what a request must satisfy to become a timer
 * @param ordersTopic   where OrderCreated / OrderClosed arrive
 * @param commandsTopic where CloseOrderRequested goes
 * @param retryMaxInterval records held while the registry cannot be asked are retried from 200 ms doubling up to this
 */
public record SchedulerSettings(Duration tick, int firesPerTick, Duration lateAfter, ScheduleRules rules,
                                String requestsTopic, String eventsTopic, String ordersTopic, String commandsTopic,
                                Duration retryMaxInterval) {
}
