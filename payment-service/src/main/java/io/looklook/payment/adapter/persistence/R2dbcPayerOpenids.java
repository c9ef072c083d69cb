package io.looklook.payment.adapter.persistence;

import static io.looklook.payment.adapter.persistence.Utc.utc;

import io.looklook.payment.application.PayerOpenids;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The payer-openid view on MariaDB ({@code payer_openid}). */
@Repository
public class R2dbcPayerOpenids implements PayerOpenids {

    private final DatabaseClient db;

    public R2dbcPayerOpenids(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> linked(long userId, String openid, Instant linkedAt) {
        // a user's events come in order (keyed by user id); the guard on linked_at also keeps a replay of an older
        // link from undoing a newer one. openid is assigned first: it must compare against the old linked_at
        return db.sql("INSERT INTO payer_openid (user_id, openid, linked_at) VALUES (:userId, :openid, :linkedAt) "
                        + "ON DUPLICATE KEY UPDATE openid = IF(VALUES(linked_at) >= linked_at, VALUES(openid), openid), "
                        + "linked_at = GREATEST(linked_at, VALUES(linked_at))")
                .bind("userId", userId).bind("openid", openid).bind("linkedAt", utc(linkedAt))
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<String> of(long userId) {
        return db.sql("SELECT openid FROM payer_openid WHERE user_id = :userId").bind("userId", userId)
                .map(r -> r.get("openid", String.class)).one();
    }
}
