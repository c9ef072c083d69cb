package io.looklook.scheduler.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as a real process with 100,000 pending timers (some already overdue), killed with SIGKILL while
 * timers are firing, then restarted: every timer fires, none before its due time, and a read_committed consumer
 * sees each exactly once.
 */
class SchedulerKillIT {

    private static final int TIMERS = 100_000;

    @Test
    void everyTimerFiresExactlyOnceAndNeverEarlyAcrossAKill9() throws Exception {
        TimerTraffic traffic = new TimerTraffic("crash");
        traffic.createTopics();
        // the restarted process is the same instance (same static group membership id) on a new port
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(traffic.schedulerArgs(
                TestInfra.scratchDirectory("scheduler-kill"))), java.util.stream.Stream.of("--looklook.scheduler.instance-id=kill-test"))
                .toArray(String[]::new);

        ServiceProcess first = ServiceProcess.start("delay-scheduler", "scheduler-kill-first", "unused", args);
        Map<String, Long> dueById;
        try {
            Instant start = Instant.now();
            dueById = traffic.produce(TIMERS, start, Duration.ofSeconds(30), Duration.ofSeconds(120));
            traffic.awaitAccepted(Duration.ofMinutes(3));
            // kill inside the firing window (dues run from +30 s to +150 s): some timers fired, most pending,
            // transactions open
            Instant killAt = Instant.now().plusSeconds(10).isAfter(start.plusSeconds(45))
                    ? Instant.now().plusSeconds(10) : start.plusSeconds(45);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Instant.now().isAfter(killAt));
        } finally {
            first.kill();
        }
        long restartedAt = System.currentTimeMillis();
        try (ServiceProcess second = ServiceProcess.start("delay-scheduler", "scheduler-kill-second", "unused", args)) {
            TimerTraffic.Result result = traffic.consumeAll(dueById, restartedAt, Duration.ofMinutes(4));
            System.out.printf("kill -9 with %d timers: %d delivered before the kill, first delivery %d ms after the restart "
                            + "began, all %d delivered %d ms after it%n", TIMERS, result.deliveredBefore(),
                    result.firstAfterMs(), TIMERS, result.lastAfterMs());
            assertThat(result.duplicates()).as("records seen twice").isZero();
            assertThat(result.early()).as("records delivered before their due time").isZero();
            assertThat(result.distinct()).isEqualTo(TIMERS);
        }
    }
}
