package io.looklook.payment.adapter.persistence;

import static io.looklook.payment.adapter.persistence.Utc.instant;
import static io.looklook.payment.adapter.persistence.Utc.utc;

import io.looklook.payment.application.BillComparison;
import io.looklook.payment.application.PaymentStore;
import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.PayStatus;
import io.looklook.payment.domain.Payment;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Payments on MariaDB ({@code third_payment}); instants as UTC {@code DATETIME(3)}. */
@Repository
public class R2dbcPaymentStore implements PaymentStore {

    private static final String COLUMNS = "sn, order_sn, user_id, service_type, pay_mode, pay_total, pay_status, trade_state, "
            + "trade_state_desc, transaction_id, pay_time, prepay_id, expires_at, create_time";

    private final DatabaseClient db;
    private final TransactionalOperator claimTx;

    public R2dbcPaymentStore(DatabaseClient db, ReactiveTransactionManager transactions) {
        this.db = db;
        this.claimTx = ClaimTransactions.readCommitted(transactions);
    }

    @Override
    public Mono<Void> insert(Payment p) {
        return db.sql("INSERT INTO third_payment (create_time, sn, user_id, pay_mode, trade_type, trade_state, pay_total, "
                        + "order_sn, service_type, pay_status, expires_at) VALUES (:createTime, :sn, :userId, :payMode, 'JSAPI', "
                        + ":tradeState, :payTotal, :orderSn, :serviceType, :payStatus, :expiresAt)")
                .bind("createTime", utc(p.createTime())).bind("sn", p.sn()).bind("userId", p.userId())
                .bind("payMode", p.payMode()).bind("tradeState", p.tradeState()).bind("payTotal", p.payTotal())
                .bind("orderSn", p.orderSn()).bind("serviceType", p.serviceType()).bind("payStatus", p.payStatus().code())
                .bind("expiresAt", utc(p.expiresAt()))
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Payment> findBySn(String sn) {
        return db.sql("SELECT " + COLUMNS + " FROM third_payment WHERE sn = :sn AND del_state = 0")
                .bind("sn", sn).map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Mono<Payment> openFor(String orderSn) {
        return db.sql("SELECT " + COLUMNS + " FROM third_payment WHERE order_sn = :orderSn AND pay_status = 0 AND del_state = 0 "
                        + "ORDER BY id DESC LIMIT 1")
                .bind("orderSn", orderSn).map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Mono<Payment> latestFor(String orderSn) {
        return db.sql("SELECT " + COLUMNS + " FROM third_payment WHERE order_sn = :orderSn AND del_state = 0 ORDER BY id DESC LIMIT 1")
                .bind("orderSn", orderSn).map(R2dbcPaymentStore::payment).one();
    }

    @Override
    public Mono<Void> recordPrepay(String sn, String prepayId) {
        return db.sql("UPDATE third_payment SET prepay_id = :prepayId WHERE sn = :sn AND prepay_id = ''")
                .bind("prepayId", prepayId).bind("sn", sn).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Boolean> markSucceeded(GatewayNotice.Transaction n) {
        return transition(n, PayStatus.SUCCEEDED, "pay_status IN (0, -1)");
    }

    @Override
    public Mono<Boolean> markFailed(GatewayNotice.Transaction n) {
        return transition(n, PayStatus.FAILED, "pay_status = 0");
    }

    private Mono<Boolean> transition(GatewayNotice.Transaction n, PayStatus to, String from) {
        DatabaseClient.GenericExecuteSpec update = db.sql("UPDATE third_payment SET pay_status = :to, trade_state = :tradeState, "
                        + "trade_state_desc = :desc, transaction_id = :transactionId, trade_type = :tradeType, pay_time = :payTime, "
                        + "version = version + 1 WHERE sn = :sn AND " + from)
                .bind("to", to.code()).bind("tradeState", n.tradeState()).bind("desc", clip(n.tradeStateDesc(), 256))
                .bind("transactionId", clip(n.transactionId(), 32)).bind("tradeType", clip(n.tradeType(), 20)).bind("sn", n.paymentSn());
        update = n.successTime() == null ? update.bindNull("payTime", LocalDateTime.class) : update.bind("payTime", utc(n.successTime()));
        return update.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Flux<Payment> claimWaiting(Instant openedBefore, Instant expiredBefore, Instant now, int limit, Instant leaseUntil) {
        Flux<Payment> locked = db.sql("SELECT " + COLUMNS + " FROM third_payment WHERE pay_status = 0 AND del_state = 0 "
                        + "AND (create_time <= :openedBefore OR expires_at <= :expiredBefore) AND check_after <= :now "
                        + "ORDER BY check_after LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("openedBefore", utc(openedBefore)).bind("expiredBefore", utc(expiredBefore)).bind("now", utc(now))
                .bind("limit", limit)
                .map(R2dbcPaymentStore::payment).all();
        return ClaimTransactions.leased(claimTx, db, locked, "UPDATE third_payment SET check_after = :lease WHERE sn IN (:ids)",
                Payment::sn, leaseUntil);
    }

    @Override
    public Mono<Void> checkAgainAt(String sn, Instant at) {
        return db.sql("UPDATE third_payment SET check_after = :at WHERE sn = :sn AND pay_status = 0")
                .bind("at", utc(at)).bind("sn", sn).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Boolean> markRefunded(String sn) {
        return db.sql("UPDATE third_payment SET pay_status = 2, trade_state = 'REFUND', version = version + 1 "
                        + "WHERE sn = :sn AND pay_status = 1")
                .bind("sn", sn).fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Flux<BillComparison.LedgerPayment> paidBetween(Instant from, Instant to) {
        return db.sql("SELECT sn, pay_total FROM third_payment WHERE pay_status IN (1, 2) AND pay_time >= :from AND pay_time < :to")
                .bind("from", utc(from)).bind("to", utc(to))
                .map(r -> new BillComparison.LedgerPayment(r.get("sn", String.class), r.get("pay_total", Long.class)))
                .all();
    }

    private static String clip(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    private static Payment payment(Readable r) {
        return new Payment(r.get("sn", String.class), r.get("order_sn", String.class), r.get("user_id", Long.class),
                r.get("service_type", String.class), r.get("pay_mode", String.class), r.get("pay_total", Long.class),
                PayStatus.of(r.get("pay_status", Integer.class)), r.get("trade_state", String.class),
                r.get("trade_state_desc", String.class), r.get("transaction_id", String.class),
                instant(r.get("pay_time", LocalDateTime.class)), r.get("prepay_id", String.class),
                instant(r.get("expires_at", LocalDateTime.class)), instant(r.get("create_time", LocalDateTime.class)));
    }
}
