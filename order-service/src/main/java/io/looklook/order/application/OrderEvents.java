package io.looklook.order.application;

import io.looklook.order.domain.Order;
import reactor.core.publisher.Mono;

/** Records order events for {@code order.events}, inside the caller's transaction. */
public interface OrderEvents {

    Mono<Void> created(Order order);

    /** The order was closed unpaid at its pay deadline. */
    Mono<Void> closedForTimeout(Order order);

    /** The order was paid by {@code payment}. */
    Mono<Void> paid(Order order, ConfirmedPayment payment);

    /** {@code payment} cannot pay its order ({@code reason}): payment-service refunds it. */
    Mono<Void> paymentRejected(ConfirmedPayment payment, PayOrder.Outcome reason);
}
