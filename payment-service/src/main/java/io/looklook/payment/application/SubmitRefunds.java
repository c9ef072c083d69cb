package io.looklook.payment.application;

import io.looklook.payment.domain.Refund;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Takes pending refunds to the gateway: at once when one is recorded, and on a timer for those whose submission
 * failed (gateway down, this process killed between the commit and the call), with doubling back-off. The
 * gateway's refund is idempotent on the refund sn, so a submission repeated after a crash refunds once.
 */
@Service
public class SubmitRefunds {

    private static final Logger log = LoggerFactory.getLogger(SubmitRefunds.class);
    private static final int BATCH = 100;

    private final Refunds refunds;
    private final PaymentGateway gateway;
    private final PaymentSettings settings;
    private final Clock clock;
    private final RepeatingTurn turn = new RepeatingTurn("refund submission", BATCH, this::submitDue);

    public SubmitRefunds(Refunds refunds, PaymentGateway gateway, PaymentSettings settings, Clock clock) {
        this.refunds = refunds;
        this.gateway = gateway;
        this.settings = settings;
        this.clock = clock;
    }

    /** Submits what is due now, without waiting for the timer. */
    public void wakeUp() {
        turn.wakeUp();
    }

    @Scheduled(fixedDelayString = "${looklook.payment.refund-poll-interval:1s}")
    void onTimer() {
        wakeUp();
    }

    private Mono<Long> submitDue() {
        return refunds.due(clock.instant(), BATCH).flatMap(this::submit, 8).count();
    }

    private Mono<Void> submit(Refund refund) {
        return gateway.refund(refund.sn(), refund.paymentSn(), refund.amount())
                .then(refunds.submitted(refund.sn()))
                .onErrorResume(e -> {
                    int attempts = refund.attempts() + 1;
                    Duration wait = backoff(attempts);
                    log.warn("refund {} of payment {} not accepted (attempt {}), again in {}: {}", refund.sn(),
                            refund.paymentSn(), attempts, wait, e.toString());
                    return refunds.retryAt(refund.sn(), attempts, clock.instant().plus(wait));
                });
    }

    Duration backoff(int attempts) {
        Duration wait = settings.refundRetryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(settings.refundRetryMax()) > 0 ? settings.refundRetryMax() : wait;
    }

}
