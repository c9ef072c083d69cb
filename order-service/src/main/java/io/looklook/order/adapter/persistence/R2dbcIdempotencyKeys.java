package io.looklook.order.adapter.persistence;

import static io.looklook.order.adapter.persistence.R2dbcOrderStore.instant;
import static io.looklook.order.adapter.persistence.R2dbcOrderStore.utc;

import io.looklook.order.application.IdempotencyKeys;
import io.looklook.order.application.OrderSettings;
import io.looklook.platform.error.BusinessException;
import java.time.Instant;
import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Keys in {@code idempotency_key}. The claim is its own short transaction (so a concurrent request sees the key as
 * in flight instead of waiting on a lock); completion happens in the order's transaction, and only while this
 * request still holds the claim, so a key can never produce two orders.
 */
@Repository
public class R2dbcIdempotencyKeys implements IdempotencyKeys {

    private final DatabaseClient db;
    private final OrderSettings settings;

    public R2dbcIdempotencyKeys(DatabaseClient db, OrderSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    @Override
    public Mono<Claim> claim(long userId, String key, String requestHash, Instant now) {
        return tryInsert(userId, key, requestHash, now).flatMap(inserted -> inserted
                ? Mono.<Claim>just(new Claimed())
                : existing(userId, key, requestHash, now));
    }

    private Mono<Boolean> tryInsert(long userId, String key, String hash, Instant now) {
        return db.sql("INSERT IGNORE INTO idempotency_key (user_id, idem_key, request_hash, state, claimed_at, expires_at) "
                        + "VALUES (:userId, :key, :hash, 'IN_FLIGHT', :now, :expires)")
                .bind("userId", userId).bind("key", key).bind("hash", hash).bind("now", utc(now))
                .bind("expires", utc(now.plus(settings.idempotencyTtl())))
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    private Mono<Claim> existing(long userId, String key, String hash, Instant now) {
        return db.sql("SELECT request_hash, state, order_sn, claimed_at, expires_at FROM idempotency_key "
                        + "WHERE user_id = :userId AND idem_key = :key")
                .bind("userId", userId).bind("key", key)
                .map(r -> new Row(r.get("request_hash", String.class), r.get("state", String.class),
                        r.get("order_sn", String.class), instant(r.get("claimed_at", LocalDateTime.class)),
                        instant(r.get("expires_at", LocalDateTime.class))))
                .one()
                .flatMap(row -> {
                    if (row.expiresAt().isBefore(now)) {
                        return forgetExpired(userId, key, now).then(claim(userId, key, hash, now));
                    }
                    if (!row.requestHash().equals(hash)) {
                        return Mono.just(new Mismatch());
                    }
                    if ("DONE".equals(row.state())) {
                        return Mono.just(new Completed(row.orderSn()));
                    }
                    if (row.claimedAt().isBefore(now.minus(settings.idempotencyInFlightTimeout()))) {
                        return takeOver(userId, key, row.claimedAt(), now);
                    }
                    return Mono.just(new InFlight());
                })
                // deleted between our insert and select (released or expired): try once more
                .switchIfEmpty(Mono.defer(() -> tryInsert(userId, key, hash, now)
                        .map(inserted -> inserted ? new Claimed() : new InFlight())));
    }

    /** The claimer crashed long ago: take its claim over (only one of several takers can). */
    private Mono<Claim> takeOver(long userId, String key, Instant claimedAt, Instant now) {
        return db.sql("UPDATE idempotency_key SET claimed_at = :now WHERE user_id = :userId AND idem_key = :key "
                        + "AND state = 'IN_FLIGHT' AND claimed_at = :claimedAt")
                .bind("now", utc(now)).bind("userId", userId).bind("key", key).bind("claimedAt", utc(claimedAt))
                .fetch().rowsUpdated().map(n -> n == 1 ? new Claimed() : new InFlight());
    }

    private Mono<Void> forgetExpired(long userId, String key, Instant now) {
        return db.sql("DELETE FROM idempotency_key WHERE user_id = :userId AND idem_key = :key AND expires_at < :now")
                .bind("userId", userId).bind("key", key).bind("now", utc(now)).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Void> complete(long userId, String key, String orderSn) {
        return db.sql("UPDATE idempotency_key SET state = 'DONE', order_sn = :sn "
                        + "WHERE user_id = :userId AND idem_key = :key AND state = 'IN_FLIGHT'")
                .bind("sn", orderSn).bind("userId", userId).bind("key", key)
                .fetch().rowsUpdated()
                // a later retry took the key over (this one outlived the in-flight timeout): this placement rolls
                // back and the client, retrying with its key, gets the retry's order; a conflict, not a server error
                .flatMap(n -> n == 1 ? Mono.<Void>empty()
                        : Mono.error(BusinessException.conflict("the request with Idempotency-Key " + key
                                + " was taken over by a later retry; retry with the same key to get its order")));
    }

    @Override
    public Mono<Void> release(long userId, String key) {
        return db.sql("DELETE FROM idempotency_key WHERE user_id = :userId AND idem_key = :key AND state = 'IN_FLIGHT'")
                .bind("userId", userId).bind("key", key).fetch().rowsUpdated().then();
    }

    private record Row(String requestHash, String state, String orderSn, Instant claimedAt, Instant expiresAt) {
    }
}
