package io.looklook.order.application;

import io.looklook.order.domain.Order;
import reactor.core.publisher.Mono;

/** Records order events for {@code order.events}, inside the caller's transaction. */
public interface OrderEvents {

    Mono<Void> created(Order order);

    /** The order was closed unpaid at its pay deadline. */
    Mono<Void> closedForTimeout(Order order);
}
