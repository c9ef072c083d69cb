package io.looklook.order.application;

import io.looklook.order.domain.Order;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public interface OrderStore {

    /** Inserts the order; errors with {@link DuplicateOrderNumberException} if its sn is taken. */
    Mono<Void> insert(Order order);

    /** The user's orders, newest first, keyset-paged by id; {@code tradeState} null = all states. */
    Flux<Order> listByUser(long userId, long lastId, int limit, Integer tradeState);

    Mono<Order> findBySn(String sn);

    /**
     * The order as last committed, locked until the transaction ends. Unlike {@link #findBySn} inside a transaction
     * (REPEATABLE READ: the snapshot of its first read), this sees a change another transaction committed since.
     */
    Mono<Order> lockBySn(String sn);

    /** Moves the order from waiting for payment (0) to cancelled (-1); emits whether a row changed. */
    Mono<Boolean> closeIfWaiting(String sn);

    /** Moves the order from waiting for payment (0) to paid (1), recording the payment; emits whether a row changed. */
    Mono<Boolean> payIfWaiting(String sn, String paymentSn, Instant payTime, String payType);

    /** The sn of the payment that paid the order (empty string while unpaid), as last committed (a locking read). */
    Mono<String> paymentSn(String sn);

    final class DuplicateOrderNumberException extends RuntimeException {
        public DuplicateOrderNumberException(Throwable cause) {
            super("order number already taken", cause);
        }
    }
}
