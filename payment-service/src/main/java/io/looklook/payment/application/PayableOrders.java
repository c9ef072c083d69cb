package io.looklook.payment.application;

import io.looklook.payment.domain.PayableOrder;
import reactor.core.publisher.Mono;

/** The view of payable orders kept from order.events. */
public interface PayableOrders {

    /** Records a new order as waiting; a repeat (redelivery, replay) changes nothing. */
    Mono<Void> created(PayableOrder order);

    Mono<Void> moved(String orderSn, PayableOrder.State state);

    /** The order, without locking it. */
    Mono<PayableOrder> find(String orderSn);

    /**
     * The order, locked until the caller's transaction ends. Only for an order known to exist: locking a missing
     * key takes a gap lock, which would hold up the view's inserts of new orders.
     */
    Mono<PayableOrder> lock(String orderSn);
}
