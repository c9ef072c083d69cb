package io.looklook.payment.adapter.gateway.sandbox;

import io.looklook.platform.error.BusinessException;
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

    record Transaction(String prepayId, String outTradeNo, String appid, String mchid, String payerOpenid, long amount,
                       Instant expiresAt, String notifyUrl, String tradeState, String transactionId, Instant successTime) {
    }

    record Notification(String id, String url, String body, int attempts) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    SandboxLedger(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
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
                    return db.sql("INSERT IGNORE INTO sandbox_refund (out_refund_no, refund_id, out_trade_no, amount, notify_url) "
                                    + "VALUES (:outRefundNo, :refundId, :outTradeNo, :amount, :notifyUrl)")
                            .bind("outRefundNo", outRefundNo).bind("refundId", refundId).bind("outTradeNo", outTradeNo)
                            .bind("amount", amount).bind("notifyUrl", notifyUrl).fetch().rowsUpdated()
                            .flatMap(inserted -> inserted == 0 ? Mono.<Void>empty() // the same refund again: already on its way
                                    : db.sql("UPDATE sandbox_transaction SET trade_state = 'REFUND' WHERE out_trade_no = :outTradeNo")
                                            .bind("outTradeNo", outTradeNo).fetch().rowsUpdated().then(owe(notice.apply(t))));
                });
        return tx.transactional(work);
    }

    Flux<Notification> due(Instant now, int limit) {
        return db.sql("SELECT id, url, body, attempts FROM sandbox_notification WHERE delivered_at IS NULL AND next_attempt_at <= :now "
                        + "ORDER BY next_attempt_at LIMIT :limit")
                .bind("now", utc(now)).bind("limit", limit)
                .map(r -> new Notification(r.get("id", String.class), r.get("url", String.class), r.get("body", String.class),
                        r.get("attempts", Integer.class)))
                .all();
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

    private Mono<Void> owe(Notification n) {
        return db.sql("INSERT INTO sandbox_notification (id, url, body, next_attempt_at) VALUES (:id, :url, :body, UTC_TIMESTAMP(3))")
                .bind("id", n.id()).bind("url", n.url()).bind("body", n.body()).fetch().rowsUpdated().then();
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
