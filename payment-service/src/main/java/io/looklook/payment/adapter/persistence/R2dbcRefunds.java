package io.looklook.payment.adapter.persistence;

import static io.looklook.payment.adapter.persistence.Utc.instant;
import static io.looklook.payment.adapter.persistence.Utc.utc;

import io.looklook.payment.application.BillComparison;
import io.looklook.payment.application.Refunds;
import io.looklook.payment.domain.Refund;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Refunds on MariaDB ({@code payment_refund}); the unique payment_sn keeps one refund per payment. */
@Repository
public class R2dbcRefunds implements Refunds {

    private static final String COLUMNS = "sn, payment_sn, order_sn, user_id, amount, reason, status, attempts, refund_id, refund_time";

    private final DatabaseClient db;
    private final TransactionalOperator claimTx;

    public R2dbcRefunds(DatabaseClient db, ReactiveTransactionManager transactions) {
        this.db = db;
        this.claimTx = ClaimTransactions.readCommitted(transactions);
    }

    @Override
    public Mono<Boolean> insertIfAbsent(Refund r) {
        return db.sql("INSERT IGNORE INTO payment_refund (sn, payment_sn, order_sn, user_id, amount, reason, status, next_attempt_at) "
                        + "VALUES (:sn, :paymentSn, :orderSn, :userId, :amount, :reason, 'PENDING', UTC_TIMESTAMP(3))")
                .bind("sn", r.sn()).bind("paymentSn", r.paymentSn()).bind("orderSn", r.orderSn()).bind("userId", r.userId())
                .bind("amount", r.amount()).bind("reason", r.reason())
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Mono<Refund> findBySn(String sn) {
        return db.sql("SELECT " + COLUMNS + " FROM payment_refund WHERE sn = :sn").bind("sn", sn).map(R2dbcRefunds::refund).one();
    }

    @Override
    public Flux<Refund> claimDue(Instant now, int limit, Instant leaseUntil) {
        Flux<Refund> locked = db.sql("SELECT " + COLUMNS + " FROM payment_refund WHERE status IN ('PENDING', 'SUBMITTED') "
                        + "AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("now", utc(now)).bind("limit", limit).map(R2dbcRefunds::refund).all();
        return ClaimTransactions.leased(claimTx, db, locked, "UPDATE payment_refund SET next_attempt_at = :lease WHERE sn IN (:ids)",
                Refund::sn, leaseUntil);
    }

    @Override
    public Mono<Void> submitted(String sn, Instant checkAt) {
        // only from PENDING: the gateway's notification may already have marked it succeeded
        return db.sql("UPDATE payment_refund SET status = 'SUBMITTED', next_attempt_at = :checkAt WHERE sn = :sn AND status = 'PENDING'")
                .bind("checkAt", utc(checkAt)).bind("sn", sn).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Void> retryAt(String sn, int attempts, Instant next) {
        return db.sql("UPDATE payment_refund SET attempts = :attempts, next_attempt_at = :next WHERE sn = :sn "
                        + "AND status IN ('PENDING', 'SUBMITTED')")
                .bind("attempts", attempts).bind("next", utc(next)).bind("sn", sn).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Void> resubmit(String sn) {
        return db.sql("UPDATE payment_refund SET status = 'PENDING', next_attempt_at = UTC_TIMESTAMP(3) WHERE sn = :sn "
                        + "AND status = 'SUBMITTED'").bind("sn", sn).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Boolean> markSucceeded(String sn, String refundId, Instant refundTime) {
        return db.sql("UPDATE payment_refund SET status = 'SUCCEEDED', refund_id = :refundId, refund_time = :time "
                        + "WHERE sn = :sn AND status IN ('PENDING', 'SUBMITTED')")
                .bind("refundId", refundId).bind("time", utc(refundTime == null ? Instant.now() : refundTime)).bind("sn", sn)
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Mono<Boolean> markFailed(String sn, String refundId) {
        return db.sql("UPDATE payment_refund SET status = 'FAILED', refund_id = :refundId WHERE sn = :sn AND status IN ('PENDING', 'SUBMITTED')")
                .bind("refundId", refundId).bind("sn", sn).fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Flux<BillComparison.LedgerRefund> succeededBetween(Instant from, Instant to) {
        return db.sql("SELECT sn, payment_sn, amount FROM payment_refund WHERE status = 'SUCCEEDED' "
                        + "AND refund_time >= :from AND refund_time < :to")
                .bind("from", utc(from)).bind("to", utc(to))
                .map(r -> new BillComparison.LedgerRefund(r.get("sn", String.class), r.get("payment_sn", String.class),
                        r.get("amount", Long.class)))
                .all();
    }

    private static Refund refund(Readable r) {
        return new Refund(r.get("sn", String.class), r.get("payment_sn", String.class), r.get("order_sn", String.class),
                r.get("user_id", Long.class), r.get("amount", Long.class), r.get("reason", String.class),
                Refund.Status.valueOf(r.get("status", String.class)), r.get("attempts", Integer.class),
                r.get("refund_id", String.class), instant(r.get("refund_time", LocalDateTime.class)));
    }
}
