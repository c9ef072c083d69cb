package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.Payment;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Settles payments whose notification never came. A payment still waiting {@code payment-check-margin} after its
 * expiry is claimed (one instance at a time, with a lease) and asked about at the gateway:
 * <ul>
 *   <li>paid there: applied exactly as the lost notification would have been ({@link ConfirmPayment}), so
 *       {@code PaymentSucceeded} goes out and order-service pays the order or, if it closed meanwhile, has the
 *       payment refunded;</li>
 *   <li>not paid: closed at the gateway first (nobody can pay it after that), then failed with {@code PaymentFailed};
 *       if the payer paid in between, the close is refused and the payment is applied as paid;</li>
 *   <li>failed or closed there: failed here; unknown there (the prepay never reached it): failed here.</li>
 * </ul>
 * A check that cannot finish (the gateway away) is tried again after the lease.
 */
@Service
public class ReconcilePayments {

    private static final Logger log = LoggerFactory.getLogger(ReconcilePayments.class);
    private static final int BATCH = 100;

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
        return payments.claimExpiredWaiting(now.minus(settings.paymentCheckMargin()), now, BATCH, now.plus(settings.claimLease()))
                .flatMap(this::check, 8)
                .count();
    }

    private Mono<ConfirmPayment.Outcome> check(Payment payment) {
        return gateway.query(payment.sn())
                .flatMap(state -> state.succeeded() || state.failed() ? confirm.apply(state) : close(payment))
                .switchIfEmpty(Mono.defer(() -> confirm.apply(neverOpened(payment))))
                .doOnNext(outcome -> {
                    log.info("payment {} (order {}) expired at {} without a notification: {}", payment.sn(), payment.orderSn(),
                            payment.expiresAt(), outcome);
                    meters.counter("payment_reconciliations", "outcome", outcome.name().toLowerCase()).increment();
                })
                .onErrorResume(e -> {
                    log.warn("payment {} could not be reconciled, again in {}: {}", payment.sn(), settings.claimLease(), e.toString());
                    meters.counter("payment_reconciliations", "outcome", "retry").increment();
                    return Mono.empty(); // the lease runs out and the next turn takes it again
                });
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
