package io.looklook.payment.application;

import io.looklook.payment.domain.PayableOrder;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Keeps the payable-order view in step with order.events. Each order's events arrive in order (one key, one
 * partition) and every step is idempotent, so a redelivery or a replay from the start ends in the same view.
 */
@Service
public class TrackPayableOrders {

    private final PayableOrders orders;

    public TrackPayableOrders(PayableOrders orders) {
        this.orders = orders;
    }

    public Mono<Void> created(PayableOrder order) {
        return orders.created(order);
    }

    public Mono<Void> paid(String orderSn) {
        return orders.moved(orderSn, PayableOrder.State.PAID);
    }

    public Mono<Void> closed(String orderSn) {
        return orders.moved(orderSn, PayableOrder.State.CLOSED);
    }
}
