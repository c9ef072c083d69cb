package io.looklook.order.application;

import io.looklook.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies a close request for an order whose pay deadline passed: only an order still waiting for payment is
 * closed, and only then is {@code OrderClosed} recorded, in the same transaction as the state change and the
 * inbox record. A paid, already closed or unknown order is left alone (logged and counted).
 */
@Service
public class CloseUnpaidOrder {

    static final String CONSUMER = "order-service:close-unpaid-order";
    private static final Logger log = LoggerFactory.getLogger(CloseUnpaidOrder.class);

    public enum Outcome { CLOSED, NOT_WAITING_FOR_PAYMENT, UNKNOWN_ORDER, DUPLICATE }

    private final OrderStore orders;
    private final OrderEvents events;
    private final Inbox inbox;
    private final MeterRegistry meters;

    public CloseUnpaidOrder(OrderStore orders, OrderEvents events, Inbox inbox, MeterRegistry meters) {
        this.orders = orders;
        this.events = events;
        this.inbox = inbox;
        this.meters = meters;
    }

    public Mono<Outcome> close(String sn, String commandId) {
        Mono<Outcome> effect = orders.closeIfWaiting(sn).flatMap(changed -> changed
                ? orders.findBySn(sn).flatMap(events::closedForTimeout).thenReturn(Outcome.CLOSED)
                : orders.findBySn(sn).hasElement().map(exists -> exists ? Outcome.NOT_WAITING_FOR_PAYMENT : Outcome.UNKNOWN_ORDER));
        return inbox.once(CONSUMER, commandId, effect, Outcome.DUPLICATE).doOnNext(outcome -> {
            if (outcome != Outcome.CLOSED) {
                log.info("close request {} for order {} changed nothing: {}", commandId, sn, outcome);
            }
            meters.counter("order_close_requests", "outcome", outcome.name().toLowerCase()).increment();
        });
    }
}
