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

    /**
     * Claims up to {@code limit} refunds whose next step is due by {@code now}: a pending one to submit, a submitted
     * one to ask the gateway about. Until {@code leaseUntil} no other instance gets them; if this one dies, they are
     * due again then.
     */
    Flux<Refund> claimDue(Instant now, int limit, Instant leaseUntil);

    /** Pending -> submitted; the gateway is asked about it at {@code checkAt} unless its notification came first. */
    Mono<Void> submitted(String sn, Instant checkAt);

    /** The next step (submission or check) of a pending or submitted refund at {@code next}. */
    Mono<Void> retryAt(String sn, int attempts, Instant next);

    /** Submitted -> pending: the gateway has no such refund (the submission never reached it), so it goes again. */
    Mono<Void> resubmit(String sn);

    /** Pending or submitted -> succeeded; false if it already was. */
    Mono<Boolean> markSucceeded(String sn, String refundId, Instant refundTime);

    Mono<Boolean> markFailed(String sn, String refundId);

    /** The refunds that succeeded with a refund time in [from, to): a day of the ledger. */
    Flux<BillComparison.LedgerRefund> succeededBetween(Instant from, Instant to);
}
