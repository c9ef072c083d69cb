package io.looklook.payment.application;

import io.looklook.payment.domain.Refund;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Takes refunds to the gateway and sees them settled. A pending one is submitted: at once when it is recorded, and on
 * a timer for those whose submission failed (gateway down, this process killed between the commit and the call),
 * with doubling back-off. A submitted one whose notification has not come after {@code refund-check-after} is asked
 * about: a final answer is applied exactly as its notification would be, "processing" is asked again later, and one
 * the gateway never heard of is submitted again. Each refund is claimed (with a lease) by one instance at a time; the
 * gateway's refund is idempotent on the refund sn besides, so a submission repeated after a crash refunds once.
 */
@Service
public class SubmitRefunds {

    private static final Logger log = LoggerFactory.getLogger(SubmitRefunds.class);
    private static final int BATCH = 100;

    private final Refunds refunds;
    private final PaymentGateway gateway;
    private final ConfirmRefund confirm;
    private final PaymentSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RepeatingTurn turn = new RepeatingTurn("refund submission", BATCH, this::workDue);

    public SubmitRefunds(Refunds refunds, PaymentGateway gateway, ConfirmRefund confirm, PaymentSettings settings, Clock clock,
                         MeterRegistry meters) {
        this.refunds = refunds;
        this.gateway = gateway;
        this.confirm = confirm;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /** Submits what is due now, without waiting for the timer. */
    public void wakeUp() {
        turn.wakeUp();
    }

    @Scheduled(fixedDelayString = "${looklook.payment.refund-poll-interval:1s}")
    void onTimer() {
        wakeUp();
    }

    private Mono<Long> workDue() {
        Instant now = clock.instant();
        return refunds.claimDue(now, BATCH, now.plus(settings.claimLease()))
                .flatMap(refund -> refund.status() == Refund.Status.PENDING ? submit(refund) : check(refund), 8)
                .count();
    }

    private Mono<Void> submit(Refund refund) {
        return gateway.refund(refund.sn(), refund.paymentSn(), refund.amount())
                .then(Mono.defer(() -> refunds.submitted(refund.sn(), clock.instant().plus(settings.refundCheckAfter()))))
                .onErrorResume(e -> later(refund, "not accepted", e.toString()));
    }

    private Mono<Void> check(Refund refund) {
        return gateway.queryRefund(refund.sn())
                .map(state -> !state.settled()
                        ? counted("processing").then(later(refund, "still processing at the gateway", ""))
                        : counted("settled").then(confirm.apply(state)).then())
                // known or not is decided on the answer itself: what follows it completes empty either way
                .defaultIfEmpty(Mono.defer(() -> {
                    log.warn("refund {} of payment {} is unknown to the gateway: submitting it again", refund.sn(), refund.paymentSn());
                    return counted("unknown").then(refunds.resubmit(refund.sn()));
                }))
                .flatMap(next -> next)
                .onErrorResume(e -> later(refund, "could not be checked", e.toString()));
    }

    private Mono<Void> counted(String outcome) {
        return Mono.fromRunnable(() -> meters.counter("payment_refund_checks", "outcome", outcome).increment());
    }

    private Mono<Void> later(Refund refund, String what, String why) {
        int attempts = refund.attempts() + 1;
        Duration wait = backoff(attempts);
        log.warn("refund {} of payment {} {} (attempt {}), again in {} {}", refund.sn(), refund.paymentSn(), what, attempts,
                wait, why);
        return refunds.retryAt(refund.sn(), attempts, clock.instant().plus(wait));
    }

    Duration backoff(int attempts) {
        Duration wait = settings.refundRetryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(settings.refundRetryMax()) > 0 ? settings.refundRetryMax() : wait;
    }
}
