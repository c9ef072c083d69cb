package io.looklook.order.application;

import io.looklook.order.domain.Order;
import io.looklook.order.domain.PaymentArrival;
import io.looklook.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies a confirmed payment: an order still waiting for payment, for exactly its amount, moves 0 -> 1 with its pay
 * time, pay mode and paying payment, and {@code OrderPaid} is recorded in the same transaction (with the inbox
 * record). Any other successful payment is answered with {@code OrderPaymentRejected}, so payment-service refunds
 * it: the order was closed first (the race with the close timer), another payment paid it, it is unknown, or the
 * amount differs. A redelivery of the paying payment changes nothing.
 */
@Service
public class PayOrder {

    static final String CONSUMER = "order-service:pay-order";
    private static final Logger log = LoggerFactory.getLogger(PayOrder.class);

    public enum Outcome { PAID, ORDER_CLOSED, ALREADY_PAID, UNKNOWN_ORDER, AMOUNT_MISMATCH, SAME_PAYMENT_AGAIN, DUPLICATE }

    private final OrderStore orders;
    private final OrderEvents events;
    private final Inbox inbox;
    private final MeterRegistry meters;

    public PayOrder(OrderStore orders, OrderEvents events, Inbox inbox, MeterRegistry meters) {
        this.orders = orders;
        this.events = events;
        this.inbox = inbox;
        this.meters = meters;
    }

    public Mono<Outcome> pay(ConfirmedPayment payment) {
        Mono<Outcome> effect = orders.findBySn(payment.orderSn())
                .flatMap(order -> apply(order, payment))
                .switchIfEmpty(Mono.defer(() -> reject(payment, Outcome.UNKNOWN_ORDER)));
        return inbox.once(CONSUMER, payment.eventId(), effect, Outcome.DUPLICATE).doOnNext(outcome -> {
            if (outcome != Outcome.PAID) {
                log.info("payment {} for order {}: {}", payment.paymentSn(), payment.orderSn(), outcome);
            }
            meters.counter("order_payments", "outcome", outcome.name().toLowerCase()).increment();
        });
    }

    private Mono<Outcome> apply(Order order, ConfirmedPayment payment) {
        if (order.orderTotalPrice() != payment.payTotal()) {
            return reject(payment, Outcome.AMOUNT_MISMATCH);
        }
        // conditional on the prior state: a close that got there first wins, and then this payment is refunded
        return orders.payIfWaiting(payment.orderSn(), payment.paymentSn(), payment.payTime(), payment.payMode())
                .flatMap(changed -> changed
                        ? orders.findBySn(payment.orderSn()).flatMap(paid -> events.paid(paid, payment)).thenReturn(Outcome.PAID)
                        // what beat it, as committed: the snapshot of the first read still shows the order waiting,
                        // which named a payment that lost to a close ALREADY_PAID
                        : orders.lockBySn(payment.orderSn()).flatMap(now -> orders.paymentSn(now.sn()).defaultIfEmpty("")
                                .flatMap(payingSn -> settle(PaymentArrival.decide(now.tradeState(), now.orderTotalPrice(),
                                        payingSn, payment.paymentSn(), payment.payTotal()), payment))));
    }

    private Mono<Outcome> settle(PaymentArrival.Verdict verdict, ConfirmedPayment payment) {
        return switch (verdict) {
            case SAME_PAYMENT_AGAIN -> Mono.just(Outcome.SAME_PAYMENT_AGAIN);
            case ORDER_CLOSED -> reject(payment, Outcome.ORDER_CLOSED);
            case PAID_BY_ANOTHER -> reject(payment, Outcome.ALREADY_PAID);
            case AMOUNT_MISMATCH -> reject(payment, Outcome.AMOUNT_MISMATCH);
            case UNKNOWN_ORDER -> reject(payment, Outcome.UNKNOWN_ORDER);
            // the conditional update found it not waiting, under the lock it is: a state this code never writes
            case PAYS -> Mono.error(new IllegalStateException("order " + payment.orderSn() + " is waiting, yet was not paid"));
        };
    }

    private Mono<Outcome> reject(ConfirmedPayment payment, Outcome reason) {
        return events.paymentRejected(payment, reason).thenReturn(reason);
    }
}
