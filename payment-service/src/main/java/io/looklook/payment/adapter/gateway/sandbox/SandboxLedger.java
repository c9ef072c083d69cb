package io.looklook.payment.adapter.gateway.sandbox;

import io.looklook.payment.adapter.persistence.ClaimTransactions;
import io.looklook.payment.application.GatewayRefusedException;
import io.looklook.payment.application.PaymentGateway;
import io.looklook.platform.error.BusinessException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The sandbox gateway's books (its own tables): transactions, refunds, and the notifications it still owes. */
class SandboxLedger {

    /** A dropped notification's next attempt: never, in practice. */
    private static final Duration DROPPED = Duration.ofDays(3650);

    record Transaction(String prepayId, String outTradeNo, String appid, String mchid, String payerOpenid, long amount,
                       Instant expiresAt, String notifyUrl, String tradeState, String transactionId, Instant successTime) {
    }

    record Notification(String id, String url, String body, int attempts) {
    }

    /** A refund as the sandbox made it: at once, so it succeeded when it was recorded. */
    record RefundRow(String outRefundNo, String refundId, String outTradeNo, long amount, Instant successTime) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final TransactionalOperator claimTx;
    private final SandboxProperties properties;

    /** {@code claimTx}: READ COMMITTED, so a claim's locking read takes no gap locks that stall new notifications. */
    SandboxLedger(DatabaseClient db, TransactionalOperator tx, TransactionalOperator claimTx, SandboxProperties properties) {
        this.db = db;
        this.tx = tx;
        this.claimTx = claimTx;
        this.properties = properties;
    }

    /** The gateway order {@code outTradeNo}, as it is now. */
    Mono<Transaction> transaction(String outTradeNo) {
        return byTradeNo(outTradeNo, false);
    }

    /** NOTPAY -> CLOSED under the row's lock; a paid one is refused (ORDERPAID); closed, failed or unknown: no-op. */
    Mono<Void> close(String outTradeNo) {
        Mono<Void> work = byTradeNo(outTradeNo, true).flatMap(t -> switch (t.tradeState()) {
            case "NOTPAY" -> db.sql("UPDATE sandbox_transaction SET trade_state = 'CLOSED' WHERE out_trade_no = :o")
                    .bind("o", outTradeNo).fetch().rowsUpdated().then();
            case "SUCCESS", "REFUND" -> Mono.error(new GatewayRefusedException("ORDERPAID", outTradeNo + " is paid"));
            default -> Mono.<Void>empty();
        });
        return tx.transactional(work);
    }

    Mono<RefundRow> refundOf(String outRefundNo) {
        return db.sql("SELECT out_refund_no, refund_id, out_trade_no, amount, success_time FROM sandbox_refund "
                        + "WHERE out_refund_no = :no").bind("no", outRefundNo)
                .map(r -> new RefundRow(r.get("out_refund_no", String.class), r.get("refund_id", String.class),
                        r.get("out_trade_no", String.class), r.get("amount", Long.class),
                        instant(r.get("success_time", LocalDateTime.class))))
                .one();
    }

    /** Payments that succeeded, and refunds made, in {@code [from, to)}. */
    Flux<PaymentGateway.BillLine> bill(Instant from, Instant to) {
        Flux<PaymentGateway.BillLine> paid = db.sql("SELECT out_trade_no, transaction_id, trade_state, amount FROM sandbox_transaction "
                        + "WHERE success_time >= :from AND success_time < :to ORDER BY success_time")
                .bind("from", utc(from)).bind("to", utc(to))
                .map(r -> new PaymentGateway.BillLine(r.get("out_trade_no", String.class), r.get("transaction_id", String.class),
                        r.get("trade_state", String.class), r.get("amount", Long.class), "", 0))
                .all();
        Flux<PaymentGateway.BillLine> refunded = db.sql("SELECT r.out_trade_no, t.transaction_id, t.amount AS total, r.out_refund_no, "
                        + "r.amount FROM sandbox_refund r JOIN sandbox_transaction t ON t.out_trade_no = r.out_trade_no "
                        + "WHERE r.success_time >= :from AND r.success_time < :to ORDER BY r.success_time")
                .bind("from", utc(from)).bind("to", utc(to))
                .map(r -> new PaymentGateway.BillLine(r.get("out_trade_no", String.class), r.get("transaction_id", String.class),
                        "REFUND", r.get("total", Long.class), r.get("out_refund_no", String.class), r.get("amount", Long.class)))
                .all();
        return paid.concatWith(refunded);
    }

    /** The prepay id of {@code outTradeNo}, opened now unless it exists; a reuse with another amount is refused. */
    Mono<String> prepay(Transaction t) {
        Mono<Void> insert = db.sql("INSERT IGNORE INTO sandbox_transaction (prepay_id, out_trade_no, appid, mchid, payer_openid, "
                        + "amount, expires_at, notify_url, trade_state) VALUES (:prepayId, :outTradeNo, :appid, :mchid, :openid, "
                        + ":amount, :expiresAt, :notifyUrl, 'NOTPAY')")
                .bind("prepayId", t.prepayId()).bind("outTradeNo", t.outTradeNo()).bind("appid", t.appid()).bind("mchid", t.mchid())
                .bind("openid", t.payerOpenid()).bind("amount", t.amount()).bind("expiresAt", utc(t.expiresAt()))
                .bind("notifyUrl", t.notifyUrl()).fetch().rowsUpdated().then();
        return insert.then(byTradeNo(t.outTradeNo(), false)).flatMap(existing -> existing.amount() == t.amount()
                ? Mono.just(existing.prepayId())
                : Mono.error(new IllegalStateException("OUT_TRADE_NO_USED: " + t.outTradeNo() + " was opened for another amount")));
    }

    /**
     * Plays the payer: under the transaction's lock, checks and moves it, and records the notification it owes, in
     * one database transaction.
     */
    Mono<Transaction> pay(String prepayId, Function<Transaction, Transaction> outcome, Function<Transaction, Notification> notice) {
        Mono<Transaction> work = select("prepay_id = :key FOR UPDATE", prepayId)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("no prepay " + prepayId)))
                .map(outcome)
                .flatMap(paid -> {
                    DatabaseClient.GenericExecuteSpec update = db.sql("UPDATE sandbox_transaction SET trade_state = :state, "
                                    + "transaction_id = :transactionId, success_time = :successTime WHERE prepay_id = :prepayId")
                            .bind("state", paid.tradeState()).bind("transactionId", paid.transactionId()).bind("prepayId", prepayId);
                    update = paid.successTime() == null ? update.bindNull("successTime", LocalDateTime.class)
                            : update.bind("successTime", utc(paid.successTime()));
                    return update.fetch().rowsUpdated().then(owe(notice.apply(paid))).thenReturn(paid);
                });
        return tx.transactional(work);
    }

    /** Records a full refund of a paid transaction, once per {@code outRefundNo}, with the notification it owes. */
    Mono<Void> refund(String outRefundNo, String refundId, String outTradeNo, long amount, String notifyUrl,
                      Function<Transaction, Notification> notice) {
        Mono<Void> work = byTradeNo(outTradeNo, true)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("ORDER_NOT_EXIST: " + outTradeNo)))
                .flatMap(t -> {
                    if (!"SUCCESS".equals(t.tradeState()) && !"REFUND".equals(t.tradeState()) || t.amount() != amount) {
                        return Mono.error(new IllegalStateException("INVALID_REQUEST: " + outTradeNo + " is " + t.tradeState()
                                + ", " + t.amount() + " fen; refund of " + amount + " refused"));
                    }
                    return db.sql("INSERT IGNORE INTO sandbox_refund (out_refund_no, refund_id, out_trade_no, amount, notify_url, "
                                    + "success_time) VALUES (:outRefundNo, :refundId, :outTradeNo, :amount, :notifyUrl, UTC_TIMESTAMP(3))")
                            .bind("outRefundNo", outRefundNo).bind("refundId", refundId).bind("outTradeNo", outTradeNo)
                            .bind("amount", amount).bind("notifyUrl", notifyUrl).fetch().rowsUpdated()
                            .flatMap(inserted -> inserted == 0 ? Mono.<Void>empty() // the same refund again: already on its way
                                    : db.sql("UPDATE sandbox_transaction SET trade_state = 'REFUND' WHERE out_trade_no = :outTradeNo")
                                            .bind("outTradeNo", outTradeNo).fetch().rowsUpdated().then(owe(notice.apply(t))));
                });
        return tx.transactional(work);
    }

    /**
     * Claims up to {@code limit} notifications due by {@code now}: their next attempt moves to {@code leaseUntil}, so
     * no other instance takes them meanwhile (rows another instance is claiming are skipped, not waited for). A claimer
     * that dies leaves them due again when the lease ends.
     */
    Flux<Notification> claimDue(Instant now, int limit, Instant leaseUntil) {
        Flux<Notification> locked = db.sql("SELECT id, url, body, attempts FROM sandbox_notification "
                        + "WHERE delivered_at IS NULL AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit "
                        + "FOR UPDATE SKIP LOCKED")
                .bind("now", utc(now)).bind("limit", limit)
                .map(r -> new Notification(r.get("id", String.class), r.get("url", String.class), r.get("body", String.class),
                        r.get("attempts", Integer.class)))
                .all();
        return ClaimTransactions.leased(claimTx, db, locked, "UPDATE sandbox_notification SET next_attempt_at = :lease WHERE id IN (:ids)",
                Notification::id, leaseUntil);
    }

    Mono<Void> delivered(String id, Instant at) {
        return db.sql("UPDATE sandbox_notification SET delivered_at = :at, attempts = attempts + 1 WHERE id = :id")
                .bind("at", utc(at)).bind("id", id).fetch().rowsUpdated().then();
    }

    Mono<Void> retryAt(String id, int attempts, Instant next, String error) {
        return db.sql("UPDATE sandbox_notification SET attempts = :attempts, next_attempt_at = :next, last_error = :error WHERE id = :id")
                .bind("attempts", attempts).bind("next", utc(next)).bind("error", error.length() > 256 ? error.substring(0, 256) : error)
                .bind("id", id).fetch().rowsUpdated().then();
    }

    /**
     * Records a notification owed. A share of them can be dropped (never sent, as when WeChat's notification is lost)
     * or delayed, by configuration, so tests can make reconciliation find what the callbacks never told.
     */
    private Mono<Void> owe(Notification n) {
        double draw = ThreadLocalRandom.current().nextDouble();
        boolean dropped = draw < properties.dropShare();
        Duration delay = !dropped && draw < properties.dropShare() + properties.delayShare() ? properties.delay() : Duration.ZERO;
        return db.sql("INSERT INTO sandbox_notification (id, url, body, next_attempt_at, last_error) "
                        + "VALUES (:id, :url, :body, UTC_TIMESTAMP(3) + INTERVAL (:delayMs * 1000) MICROSECOND, :note)")
                .bind("id", n.id()).bind("url", n.url()).bind("body", n.body())
                .bind("delayMs", dropped ? DROPPED.toMillis() : delay.toMillis())
                .bind("note", dropped ? "dropped (looklook.payment.sandbox.drop-share)" : "")
                .fetch().rowsUpdated().then();
    }

    private Mono<Transaction> byTradeNo(String outTradeNo, boolean lock) {
        return select("out_trade_no = :key" + (lock ? " FOR UPDATE" : ""), outTradeNo);
    }

    private Mono<Transaction> select(String where, String key) {
        return db.sql("SELECT prepay_id, out_trade_no, appid, mchid, payer_openid, amount, expires_at, notify_url, trade_state, "
                        + "transaction_id, success_time FROM sandbox_transaction WHERE " + where)
                .bind("key", key)
                .map(r -> new Transaction(r.get("prepay_id", String.class), r.get("out_trade_no", String.class),
                        r.get("appid", String.class), r.get("mchid", String.class), r.get("payer_openid", String.class),
                        r.get("amount", Long.class), instant(r.get("expires_at", LocalDateTime.class)),
                        r.get("notify_url", String.class), r.get("trade_state", String.class), r.get("transaction_id", String.class),
                        instant(r.get("success_time", LocalDateTime.class))))
                .one();
    }

    static String newNotificationId() {
        return UUID.randomUUID().toString();
    }

    static String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
