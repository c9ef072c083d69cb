package io.looklook.payment.adapter.persistence;

import static io.looklook.payment.adapter.persistence.Utc.utc;

import io.looklook.payment.application.ReconciliationDays;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** {@code daily_reconciliation}: a claim is a conditional update of the day's row, so exactly one instance wins it. */
@Repository
public class R2dbcReconciliationDays implements ReconciliationDays {

    private final DatabaseClient db;

    public R2dbcReconciliationDays(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> claim(LocalDate day, Instant now, Instant leaseUntil) {
        return db.sql("INSERT IGNORE INTO daily_reconciliation (day, lease_until) VALUES (:day, '1970-01-01 00:00:00')")
                .bind("day", day).fetch().rowsUpdated()
                .then(db.sql("UPDATE daily_reconciliation SET lease_until = :lease WHERE day = :day AND finished_at IS NULL "
                                + "AND lease_until < :now")
                        .bind("lease", utc(leaseUntil)).bind("day", day).bind("now", utc(now))
                        .fetch().rowsUpdated())
                .map(rows -> rows == 1);
    }

    @Override
    public Mono<Void> finished(LocalDate day, Instant at, int differences, long unresolved) {
        return db.sql("UPDATE daily_reconciliation SET finished_at = :at, differences = :differences, unresolved = :unresolved "
                        + "WHERE day = :day")
                .bind("at", utc(at)).bind("differences", differences).bind("unresolved", unresolved).bind("day", day)
                .fetch().rowsUpdated().then();
    }
}
