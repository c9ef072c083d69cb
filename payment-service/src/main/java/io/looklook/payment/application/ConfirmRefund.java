package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.Refund;
import io.looklook.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies a verified refund notification: it must name our refund, its payment and its amount. Success moves the
 * refund to succeeded and the payment to refunded, with {@code PaymentRefunded}, once; a failed refund (CLOSED,
 * ABNORMAL: the money did not go back) is recorded and logged as an error for a person to settle.
 */
@Service
public class ConfirmRefund {

    static final String CONSUMER = "payment-service:refund-notification";
    private static final Logger log = LoggerFactory.getLogger(ConfirmRefund.class);

    public enum Outcome { REFUNDED, REFUND_FAILED, UNCHANGED, DUPLICATE }

    private final Refunds refunds;
    private final PaymentStore payments;
    private final PaymentEvents events;
    private final Inbox inbox;
    private final MeterRegistry meters;

    public ConfirmRefund(Refunds refunds, PaymentStore payments, PaymentEvents events, Inbox inbox, MeterRegistry meters) {
        this.refunds = refunds;
        this.payments = payments;
        this.events = events;
        this.inbox = inbox;
        this.meters = meters;
    }

    public Mono<Outcome> apply(GatewayNotice.Refund notice) {
        Mono<Outcome> effect = refunds.findBySn(notice.refundSn())
                .switchIfEmpty(Mono.error(() -> new InvalidNotificationException("no refund " + notice.refundSn())))
                .flatMap(refund -> {
                    if (!refund.paymentSn().equals(notice.paymentSn()) || refund.amount() != notice.refundAmount()) {
                        return Mono.error(new InvalidNotificationException("refund " + refund.sn() + " is " + refund.amount()
                                + " fen of " + refund.paymentSn() + ", the notification says " + notice.refundAmount()
                                + " of " + notice.paymentSn()));
                    }
                    if (!notice.settled()) {
                        return Mono.just(Outcome.UNCHANGED); // PROCESSING: nothing final yet
                    }
                    return notice.succeeded() ? succeeded(refund, notice) : failed(refund, notice);
                });
        return inbox.once(CONSUMER, notice.notificationId(), effect, Outcome.DUPLICATE)
                .doOnNext(outcome -> meters.counter("payment_refund_notifications", "outcome", outcome.name().toLowerCase()).increment())
                .doOnError(InvalidNotificationException.class, e -> {
                    log.warn("rejected refund notification {}: {}", notice.notificationId(), e.getMessage());
                    meters.counter("payment_refund_notifications", "outcome", "rejected").increment();
                });
    }

    private Mono<Outcome> succeeded(Refund refund, GatewayNotice.Refund notice) {
        return refunds.markSucceeded(refund.sn(), notice.refundId(), notice.successTime()).flatMap(changed -> !changed
                ? Mono.just(Outcome.UNCHANGED)
                : payments.markRefunded(refund.paymentSn())
                        .doOnNext(moved -> {
                            if (!moved) {
                                // refunds are only made of SUCCEEDED payments, so this is a bug or a hand edit; the
                                // money did go back, so the event still tells it
                                log.error("refund {} succeeded but its payment {} was not SUCCEEDED: the payment's status is "
                                        + "unchanged, check it by hand", refund.sn(), refund.paymentSn());
                            }
                        })
                        .then(Mono.zip(payments.findBySn(refund.paymentSn()), refunds.findBySn(refund.sn())))
                        .flatMap(both -> events.refunded(both.getT1(), both.getT2()))
                        .thenReturn(Outcome.REFUNDED));
    }

    private Mono<Outcome> failed(Refund refund, GatewayNotice.Refund notice) {
        return refunds.markFailed(refund.sn(), notice.refundId()).map(changed -> {
            if (changed) {
                log.error("refund {} of payment {} (order {}, {} fen) FAILED at the gateway ({}): settle it by hand",
                        refund.sn(), refund.paymentSn(), refund.orderSn(), refund.amount(), notice.refundStatus());
            }
            return changed ? Outcome.REFUND_FAILED : Outcome.UNCHANGED;
        });
    }
}
