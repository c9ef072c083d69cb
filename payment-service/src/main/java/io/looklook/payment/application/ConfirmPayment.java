package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.Payment;
import io.looklook.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies a verified payment notification: checked against our payment row (it must exist, and the gateway's
 * total and currency must be exactly ours), then success or failure is recorded with the gateway's facts and
 * {@code PaymentSucceeded} / {@code PaymentFailed} goes out in the same transaction. The notification id is the inbox
 * key and every change is conditional, so the gateway's retries and duplicates change nothing.
 */
@Service
public class ConfirmPayment {

    static final String CONSUMER = "payment-service:payment-notification";
    static final String CURRENCY = "CNY";
    private static final Logger log = LoggerFactory.getLogger(ConfirmPayment.class);

    public enum Outcome { SUCCEEDED, FAILED, UNCHANGED, DUPLICATE }

    private final PaymentStore payments;
    private final PaymentEvents events;
    private final Inbox inbox;
    private final MeterRegistry meters;

    public ConfirmPayment(PaymentStore payments, PaymentEvents events, Inbox inbox, MeterRegistry meters) {
        this.payments = payments;
        this.events = events;
        this.inbox = inbox;
        this.meters = meters;
    }

    public Mono<Outcome> apply(GatewayNotice.Transaction notice) {
        Mono<Outcome> effect = payments.findBySn(notice.paymentSn())
                .switchIfEmpty(Mono.error(() -> new InvalidNotificationException("no payment " + notice.paymentSn())))
                .flatMap(payment -> matches(payment, notice) ? record(notice) : Mono.error(new InvalidNotificationException(
                        "payment " + payment.sn() + " is " + payment.payTotal() + " " + CURRENCY + " fen, the notification says "
                                + notice.total() + " " + notice.currency())));
        return inbox.once(CONSUMER, notice.notificationId(), effect, Outcome.DUPLICATE)
                .doOnNext(outcome -> meters.counter("payment_notifications", "outcome", outcome.name().toLowerCase()).increment())
                .doOnError(InvalidNotificationException.class, e -> {
                    log.warn("rejected payment notification {}: {}", notice.notificationId(), e.getMessage());
                    meters.counter("payment_notifications", "outcome", "rejected").increment();
                });
    }

    private static boolean matches(Payment payment, GatewayNotice.Transaction notice) {
        return payment.payTotal() == notice.total() && CURRENCY.equals(notice.currency());
    }

    private Mono<Outcome> record(GatewayNotice.Transaction notice) {
        if (notice.succeeded()) {
            return payments.markSucceeded(notice).flatMap(changed -> changed
                    ? payments.findBySn(notice.paymentSn()).flatMap(events::succeeded).thenReturn(Outcome.SUCCEEDED)
                    : Mono.just(Outcome.UNCHANGED));
        }
        if (notice.failed()) {
            return payments.markFailed(notice).flatMap(changed -> changed
                    ? payments.findBySn(notice.paymentSn()).flatMap(events::failed).thenReturn(Outcome.FAILED)
                    : Mono.just(Outcome.UNCHANGED));
        }
        return Mono.just(Outcome.UNCHANGED); // NOTPAY, USERPAYING: nothing final yet; REFUND: told by the refund notification
    }
}
