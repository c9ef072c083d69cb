package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.Payment;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Payments ({@code third_payment}); every state change is conditional on the state it leaves. */
public interface PaymentStore {

    Mono<Void> insert(Payment payment);

    Mono<Payment> findBySn(String sn);

    /** The order's payment still waiting for the gateway, if any (at most one: opened under the order's lock). */
    Mono<Payment> openFor(String orderSn);

    /** The order's most recent payment. */
    Mono<Payment> latestFor(String orderSn);

    Mono<Void> recordPrepay(String sn, String prepayId);

    /** Waiting (or failed, the payer retried) -> succeeded with the gateway's facts; false if it already was. */
    Mono<Boolean> markSucceeded(GatewayNotice.Transaction notice);

    /** Waiting -> failed; false if it was not waiting. */
    Mono<Boolean> markFailed(GatewayNotice.Transaction notice);

    /**
     * Claims up to {@code limit} payments still waiting although they were opened before {@code openedBefore} or
     * expired before {@code expiredBefore}, whose check is due by {@code now}: until {@code leaseUntil} no other
     * instance gets them.
     */
    Flux<Payment> claimWaiting(Instant openedBefore, Instant expiredBefore, Instant now, int limit, Instant leaseUntil);

    /** The next check of a payment still waiting, at {@code at}. */
    Mono<Void> checkAgainAt(String sn, Instant at);

    /** The payments taken (succeeded, or refunded since) with a pay time in [from, to): a day of the ledger. */
    Flux<BillComparison.LedgerPayment> paidBetween(Instant from, Instant to);

    /** Succeeded -> refunded; false if it was not succeeded. */
    Mono<Boolean> markRefunded(String sn);
}
