package io.looklook.scheduler.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.scheduler.it.AdminTokens;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A second scheduler instance joins while timers are firing (tasks move to it, with their stores restored from the
 * changelogs) and leaves again before they are all done (its tasks move back): no timer is lost, none fires twice
 * or early.
 */
class SchedulerScaleOutIT {

    private static final int TIMERS = 20_000;
    /** Hand tasks to the joining instance at once (restoring them there) instead of warming it up for minutes. */
    private static final String MOVE_TASKS_AT_ONCE = "--looklook.scheduler.acceptable-recovery-lag=" + Long.MAX_VALUE;

    @Test
    void aSecondInstanceJoiningAndLeavingMidRunLosesAndRepeatsNothing() throws Exception {
        TimerTraffic traffic = new TimerTraffic("scaleout");
        traffic.createTopics();
        try (ServiceProcess first = ServiceProcess.start("delay-scheduler", "scheduler-scaleout-first", "unused",
                with(traffic.schedulerArgs(TestInfra.scratchDirectory("scheduler-a")), MOVE_TASKS_AT_ONCE))) {
            Instant start = Instant.now();
            Map<String, Long> dueById = traffic.produce(TIMERS, start, Duration.ofSeconds(20), Duration.ofSeconds(60));
            traffic.awaitAccepted(Duration.ofMinutes(2));
            awaitUntil(start.plusSeconds(25));
            try (ServiceProcess second = ServiceProcess.start("delay-scheduler", "scheduler-scaleout-second", "unused",
                    with(traffic.schedulerArgs(TestInfra.scratchDirectory("scheduler-b")), MOVE_TASKS_AT_ONCE))) {
                // either instance answers for any pending timer: the one that does not own it asks the owner (once the
                // moved tasks are restored on the new instance)
                List<String> pendingLate = dueById.entrySet().stream().filter(e -> e.getValue() > start.toEpochMilli() + 75_000)
                        .map(Map.Entry::getKey).limit(12).toList();
                Set<String> owners = new HashSet<>();
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    owners.clear();
                    for (String id : pendingLate) {
                        for (ServiceProcess instance : List.of(first, second)) {
                            HttpResponse<Void> answer = get(instance.baseUrl() + "/scheduler/v1/admin/schedules/" + id);
                            assertThat(answer.statusCode()).as(id).isEqualTo(200);
                            owners.add(answer.headers().firstValue("X-Looklook-Served-By").orElseThrow());
                        }
                    }
                });
                assertThat(owners).as("both instances own some of the timers").hasSize(2);
                awaitUntil(Instant.now().plusSeconds(15));
                second.stop(); // a graceful leave: its tasks commit, close and move back to the first instance
            }

            TimerTraffic.Result result = traffic.consumeAll(dueById, start.toEpochMilli(), Duration.ofMinutes(3));
            System.out.printf("scale-out with %d timers: all delivered, last %d ms after the start%n", TIMERS,
                    result.lastAfterMs());
            assertThat(result.duplicates()).as("records seen twice").isZero();
            assertThat(result.early()).as("records delivered before their due time").isZero();
            assertThat(result.distinct()).isEqualTo(TIMERS);
        }
    }

    private static HttpResponse<Void> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", AdminTokens.admin()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String[] with(String[] args, String extra) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }

    private static void awaitUntil(Instant t) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Instant.now().isAfter(t));
    }
}
