package io.looklook.payment.application;

import io.looklook.payment.domain.Refund;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Refunds ({@code payment_refund}): at most one per payment. */
public interface Refunds {

    /** Inserts a pending refund unless the payment already has one; true if inserted. */
    Mono<Boolean> insertIfAbsent(Refund refund);

    Mono<Refund> findBySn(String sn);

    /** Pending refunds whose next submission is due. */
    Flux<Refund> due(Instant now, int limit);

    Mono<Void> submitted(String sn);

    Mono<Void> retryAt(String sn, int attempts, Instant next);

    /** Pending or submitted -> succeeded; false if it already was. */
    Mono<Boolean> markSucceeded(String sn, String refundId, Instant refundTime);

    Mono<Boolean> markFailed(String sn, String refundId);
}
