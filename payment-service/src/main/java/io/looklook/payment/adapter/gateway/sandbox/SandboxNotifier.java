package io.looklook.payment.adapter.gateway.sandbox;

import io.looklook.payment.application.RepeatingTurn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Delivers the sandbox's notifications as WeChat does: POSTed to the notify URL, signed afresh on every attempt, and
 * retried with back-off until the callback answers 2xx (any other status, a timeout or a refused connection is a
 * failure). Kept in the database, so a notification owed when this process dies is delivered after it restarts.
 */
class SandboxNotifier {

    private static final Logger log = LoggerFactory.getLogger(SandboxNotifier.class);
    private static final int BATCH = 200;
    /** A claim outlives this many attempt timeouts: a batch waits for at most BATCH / concurrency rounds of them. */
    private static final int LEASE_TIMEOUTS = 12;

    private final SandboxLedger ledger;
    private final SandboxProperties properties;
    private final Clock clock;
    private final WebClient http = WebClient.create();
    private final RepeatingTurn turn = new RepeatingTurn("sandbox notification delivery", BATCH, this::deliverDue);
    private final SandboxKeys keys;

    SandboxNotifier(SandboxLedger ledger, SandboxKeys keys, SandboxProperties properties, Clock clock) {
        this.ledger = ledger;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    void wakeUp() {
        turn.wakeUp();
    }

    @Scheduled(fixedDelayString = "${looklook.payment.sandbox.poll-interval:500ms}")
    void onTimer() {
        wakeUp();
    }

    /**
     * Claims what is due (leased for longer than a batch's attempts can take), so with several instances each
     * notification goes out from one of them at a time, as from WeChat.
     */
    private Mono<Long> deliverDue() {
        Instant now = clock.instant();
        return ledger.claimDue(now, BATCH, now.plus(properties.timeout().multipliedBy(LEASE_TIMEOUTS)))
                .flatMap(this::deliver, properties.concurrency()).count();
    }

    private Mono<Void> deliver(SandboxLedger.Notification n) {
        return http.post().uri(n.url())
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> keys.signedHeaders(n.body(), clock.instant()).forEach(h::set))
                .bodyValue(n.body())
                .retrieve().toBodilessEntity()
                .timeout(properties.timeout())
                .then(Mono.defer(() -> ledger.delivered(n.id(), clock.instant())))
                .onErrorResume(e -> {
                    int attempts = n.attempts() + 1;
                    if (attempts >= properties.maxAttempts()) {
                        log.error("notification {} to {} given up after {} attempts: {}", n.id(), n.url(), attempts, e.toString());
                        return ledger.retryAt(n.id(), attempts, clock.instant().plus(Duration.ofDays(3650)), "given up: " + e);
                    }
                    Duration wait = backoff(attempts);
                    log.info("notification {} to {} failed (attempt {}), again in {}: {}", n.id(), n.url(), attempts, wait, e.toString());
                    return ledger.retryAt(n.id(), attempts, clock.instant().plus(wait), e.toString());
                });
    }

    private Duration backoff(int attempts) {
        Duration wait = properties.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : wait;
    }
}
