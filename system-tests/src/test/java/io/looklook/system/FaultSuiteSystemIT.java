package io.looklook.system;

import io.looklook.testsupport.InfraPart;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite: a steady mixed load ({@link FaultLoad}) runs while MariaDB, the registry and the broker in turn are
 * frozen (SIGSTOP, 20 s) and, in a second round, killed (SIGKILL) and started again, the delay-scheduler being
 * restarted too while the registry is away. Then a checker ({@link FaultRun}) reads every topic and database: for every
 * order the API acknowledged, exactly one OrderCreated and one terminal state (paid or closed), reached no later than a
 * bound after its deadline plus the outages it lived through; every acknowledged payment succeeded, and one that lost
 * to the close was refunded exactly once; nothing dead-lettered, nothing applied twice. It runs with the broker, registry and
 * MariaDB as processes of their own ({@code -Dlooklook.test.infra=processes}, its own failsafe execution).
 *
 * <p>{@code -Dfaults.minutes=30} runs the long version instead: random faults every few minutes, {@code kill -9} of
 * each service among them (see docs/reliability.md).
 */
class FaultSuiteSystemIT extends SystemIT {

    private static final Logger log = LoggerFactory.getLogger(FaultSuiteSystemIT.class);
    private static final Duration FREEZE = Duration.ofSeconds(20);
    private static final Duration DOWN = Duration.ofSeconds(10);
    private static final Duration STEADY = Duration.ofSeconds(15);
    /** How late past its deadline (beyond the outages it lived through) an order may reach its terminal state. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int LONG_RUN_MINUTES = Integer.getInteger("faults.minutes", 0);

    @Test
    void everyAcknowledgedOrderEndsInOneRightStateThroughOutagesOfTheDatabaseTheRegistryAndTheBroker() throws Exception {
        long homestay = newHomestay(23_400);
        placeOrder(STACK.orders.get(0), newUser(), homestay); // both instances can price it
        placeOrder(STACK.orders.get(1), newUser(), homestay);
        String report;
        try (FaultLoad load = new FaultLoad(STACK, homestay, SystemIT::newUser, LooklookStack.CLOSE_AFTER)) {
            FaultRun run = new FaultRun(STACK, load, BOUND);
            load.start(Duration.ofMillis(300));
            FaultRun.hold(STEADY);
            TestInfra infra = TestInfra.get();
            if (LONG_RUN_MINUTES == 0) {
                for (InfraPart part : List.of(infra.database(), infra.registry(), infra.broker())) {
                    freeze(part, run);
                    FaultRun.hold(STEADY);
                }
                for (InfraPart part : List.of(infra.database(), infra.registry(), infra.broker())) {
                    killAndRestart(part, run);
                    FaultRun.hold(STEADY);
                }
            } else {
                randomFaults(run, Duration.ofMinutes(LONG_RUN_MINUTES));
            }
            report = run.verify();
        }
        log.info("fault suite:\n{}", report);
        Files.writeString(Path.of("target", "fault-suite-report.txt"), report);
    }

    /** SIGSTOP, an outage's length, SIGCONT. */
    private void freeze(InfraPart part, FaultRun run) {
        Instant start = Instant.now();
        part.freeze();
        log.info("fault: {} frozen for {} s", part, FREEZE.toSeconds());
        FaultRun.hold(FREEZE);
        part.thaw();
        run.recovered(part + " frozen " + FREEZE.toSeconds() + " s", start);
    }

    /**
     * SIGKILL, down for a while, started again on its data. With the registry away the delay-scheduler is restarted
     * too: it must wait for the registry (not ready meanwhile) and then close the orders placed before.
     */
    private void killAndRestart(InfraPart part, FaultRun run) throws Exception {
        Instant start = Instant.now();
        part.kill();
        log.info("fault: {} killed", part);
        CompletableFuture<Void> scheduler = CompletableFuture.completedFuture(null);
        if (part == TestInfra.get().registry()) {
            STACK.scheduler.kill();
            scheduler = CompletableFuture.runAsync(() -> {
                try {
                    STACK.scheduler.startAgain(); // returns once it is ready: after the registry is back
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        FaultRun.hold(DOWN);
        part.start();
        scheduler.get();
        run.recovered(part + " killed, " + DOWN.toSeconds() + " s down" + (part == TestInfra.get().registry()
                ? ", delay-scheduler restarted meanwhile" : ""), start);
    }

    /** The long run: a random fault every one to three minutes, kill -9 of each service among them. */
    private void randomFaults(FaultRun run, Duration length) throws Exception {
        Random random = new Random(Long.getLong("faults.seed", System.nanoTime()));
        Instant end = Instant.now().plus(length);
        TestInfra infra = TestInfra.get();
        List<ServiceProcess> services = new ArrayList<>(List.of(STACK.travel, STACK.payment, STACK.scheduler));
        services.addAll(STACK.orders);
        while (Instant.now().isBefore(end)) {
            int pick = random.nextInt(6 + services.size());
            if (pick < 3) {
                freeze(List.of(infra.database(), infra.registry(), infra.broker()).get(pick), run);
            } else if (pick < 6) {
                killAndRestart(List.of(infra.database(), infra.registry(), infra.broker()).get(pick - 3), run);
            } else {
                ServiceProcess service = services.get(pick - 6);
                Instant start = Instant.now();
                service.kill();
                log.info("fault: service on port {} killed", service.port());
                service.startAgain();
                run.recovered("kill -9 of the service on port " + service.port(), start);
            }
            FaultRun.hold(Duration.ofSeconds(60 + random.nextInt(120)));
        }
    }
}
