package io.looklook.payment.application;

import io.looklook.payment.domain.PayStatus;
import io.looklook.payment.domain.PaymentNumbers;
import io.looklook.payment.domain.Refund;
import io.looklook.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * order-service rejected a successful payment (the order was closed first, or already paid by another payment): a
 * refund of the whole payment is recorded as pending, at most one per payment, and {@link SubmitRefunds} takes it
 * to the gateway. The rejection's event id is the inbox key.
 */
@Service
public class RefundRejectedPayment {

    static final String CONSUMER = "payment-service:refund-rejected-payment";
    private static final Logger log = LoggerFactory.getLogger(RefundRejectedPayment.class);

    public enum Outcome { REFUND_PENDING, ALREADY_REFUNDING, NOT_A_SUCCESSFUL_PAYMENT, UNKNOWN_PAYMENT, DUPLICATE }

    /** An order-service rejection, as this use case needs it. */
    public record Rejection(String eventId, String orderSn, String paymentSn, String reason) {
    }

    private final PaymentStore payments;
    private final Refunds refunds;
    private final Inbox inbox;
    private final MeterRegistry meters;
    private final PaymentNumbers numbers;
    private final Clock clock;

    public RefundRejectedPayment(PaymentStore payments, Refunds refunds, Inbox inbox, MeterRegistry meters,
                                 PaymentSettings settings, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.inbox = inbox;
        this.meters = meters;
        this.numbers = new PaymentNumbers(settings.zone());
        this.clock = clock;
    }

    public Mono<Outcome> refund(Rejection rejection) {
        Mono<Outcome> effect = payments.findBySn(rejection.paymentSn())
                .flatMap(payment -> {
                    if (payment.payStatus() != PayStatus.SUCCEEDED && payment.payStatus() != PayStatus.REFUNDED) {
                        return Mono.just(Outcome.NOT_A_SUCCESSFUL_PAYMENT);
                    }
                    Refund refund = new Refund(numbers.newRefundSn(clock.instant()), payment.sn(), payment.orderSn(),
                            payment.userId(), payment.payTotal(), rejection.reason(), Refund.Status.PENDING, 0, "", null);
                    return refunds.insertIfAbsent(refund).map(inserted -> inserted ? Outcome.REFUND_PENDING : Outcome.ALREADY_REFUNDING);
                })
                .defaultIfEmpty(Outcome.UNKNOWN_PAYMENT);
        return inbox.once(CONSUMER, rejection.eventId(), effect, Outcome.DUPLICATE).doOnNext(outcome -> {
            if (outcome != Outcome.REFUND_PENDING) {
                log.info("rejection {} of payment {} for order {}: {}", rejection.eventId(), rejection.paymentSn(),
                        rejection.orderSn(), outcome);
            }
            meters.counter("payment_rejections", "outcome", outcome.name().toLowerCase()).increment();
        });
    }
}
