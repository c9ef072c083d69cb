package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.Payment;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Settles payments whose notification never came, asking the gateway (one instance per payment at a time: a claim
 * with a lease). A payment still waiting {@code payment-check-after} after it was opened is asked about, then again
 * after as long as its age (30 s, 1 min, 2 min...), and a last time {@code payment-check-margin} after its expiry:
 * <ul>
 *   <li>paid there: applied exactly as the lost notification would have been ({@link ConfirmPayment}), so
 *       {@code PaymentSucceeded} goes out and order-service pays the order (in time, when the check came before its
 *       deadline) or, if it closed meanwhile, has the payment refunded;</li>
 *   <li>failed or closed there: failed here;</li>
 *   <li>not paid (or unknown there: the prepay may be on its way) before the expiry: asked again later;</li>
 *   <li>not paid after the expiry: closed at the gateway first (nobody can pay it after that), then failed with
 *       {@code PaymentFailed}; if the payer paid in between, the close is refused and the payment is applied as paid;
 *       unknown there: failed here.</li>
 * </ul>
 * A check that cannot finish (the gateway away) is tried again after the lease.
 */
@Service
public class ReconcilePayments {

    private static final Logger log = LoggerFactory.getLogger(ReconcilePayments.class);
    private static final int BATCH = 100;
    /** WeChat Pay's trade_state of a payment refunded after it was paid. */
    private static final String REFUNDED = "REFUND";
    /** A payment left for a person is parked this far ahead (the notifier's given-up deliveries likewise). */
    private static final Duration NEVER_AGAIN = Duration.ofDays(3650);

    private final PaymentStore payments;
    private final PaymentGateway gateway;
    private final ConfirmPayment confirm;
    private final PaymentSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RepeatingTurn turn = new RepeatingTurn("payment reconciliation", BATCH, this::checkDue);

    public ReconcilePayments(PaymentStore payments, PaymentGateway gateway, ConfirmPayment confirm, PaymentSettings settings,
                             Clock clock, MeterRegistry meters) {
        this.payments = payments;
        this.gateway = gateway;
        this.confirm = confirm;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${looklook.payment.reconcile-poll-interval:5s}")
    void onTimer() {
        turn.wakeUp();
    }

    /** One turn over what is due now; emits how many payments it checked. */
    public Mono<Long> checkDue() {
        Instant now = clock.instant();
        return payments.claimWaiting(now.minus(settings.paymentCheckAfter()), now.minus(settings.paymentCheckMargin()), now, BATCH,
                        now.plus(settings.claimLease()))
                .flatMap(payment -> check(payment, now), 8)
                .count();
    }

    private Mono<String> check(Payment payment, Instant now) {
        Instant lastCheck = payment.expiresAt().plus(settings.paymentCheckMargin());
        boolean expired = !now.isBefore(lastCheck);
        return gateway.query(payment.sn()).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(answer -> answer.isEmpty() ? (expired ? applied(payment, confirm.apply(neverOpened(payment))) : Mono.empty())
                        : REFUNDED.equals(answer.get().tradeState()) ? refundedElsewhere(payment)
                        : applied(payment, settle(payment, answer.get(), expired)))
                .switchIfEmpty(Mono.defer(() -> payments.checkAgainAt(payment.sn(), nextCheck(payment, now, lastCheck))
                        .thenReturn("not_yet")))
                .doOnNext(outcome -> meters.counter("payment_reconciliations", "outcome", outcome).increment())
                .onErrorResume(e -> {
                    log.warn("payment {} could not be reconciled, again in {}: {}", payment.sn(), settings.claimLease(), e.toString());
                    meters.counter("payment_reconciliations", "outcome", "retry").increment();
                    return Mono.empty(); // the lease runs out and the next turn takes it again
                });
    }

    private Mono<ConfirmPayment.Outcome> settle(Payment payment, GatewayNotice.Transaction state, boolean expired) {
        return state.succeeded() || state.failed() ? confirm.apply(state) : expired ? close(payment) : Mono.empty();
    }

    private static Mono<String> applied(Payment payment, Mono<ConfirmPayment.Outcome> settled) {
        return settled.map(outcome -> {
            log.info("payment {} (order {}, expiring at {}) had no notification; the gateway's answer applied: {}",
                    payment.sn(), payment.orderSn(), payment.expiresAt(), outcome);
            return outcome.name().toLowerCase();
        });
    }

    /**
     * Paid at the gateway, its notification lost, then refunded there by someone else (WeChat's merchant platform):
     * neither outcome may be applied (the order must not become paid with its money back with the payer, nor fail as
     * if nothing had been taken). Reported once, for a person, and not asked about again: asking cannot change it.
     */
    private Mono<String> refundedElsewhere(Payment payment) {
        log.error("payment {} (order {}, {} fen) waits here but was paid and then REFUNDED at the gateway outside this service: "
                        + "nothing applied, settle it by hand (it is not asked about again)", payment.sn(), payment.orderSn(),
                payment.payTotal());
        return payments.checkAgainAt(payment.sn(), clock.instant().plus(NEVER_AGAIN)).thenReturn("left_for_a_person");
    }

    /** After as long as the payment's age (so a few checks in its life), and never later than its last check. */
    private Instant nextCheck(Payment payment, Instant now, Instant lastCheck) {
        Duration age = Duration.between(payment.createTime(), now);
        Instant next = now.plus(age.compareTo(settings.paymentCheckAfter()) > 0 ? age : settings.paymentCheckAfter());
        return next.isBefore(lastCheck) ? next : lastCheck;
    }

    /** Not paid yet: closed so it never will be, then what the gateway says afterwards is applied. */
    private Mono<ConfirmPayment.Outcome> close(Payment payment) {
        return gateway.close(payment.sn())
                .onErrorResume(GatewayRefusedException.class, paidMeanwhile -> Mono.empty())
                .then(gateway.query(payment.sn()))
                .flatMap(after -> after.succeeded() || after.failed() ? confirm.apply(after)
                        : Mono.error(new IllegalStateException("still " + after.tradeState() + " after the close")));
    }

    private static GatewayNotice.Transaction neverOpened(Payment payment) {
        return new GatewayNotice.Transaction(PaymentGateway.queriedId(payment.sn(), "CLOSED"), payment.sn(), "", "JSAPI", "CLOSED",
                "unknown to the gateway", payment.payTotal(), ConfirmPayment.CURRENCY, null);
    }
}
