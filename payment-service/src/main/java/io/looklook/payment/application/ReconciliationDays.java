package io.looklook.payment.application;

import java.time.Instant;
import java.time.LocalDate;
import reactor.core.publisher.Mono;

/** The scheduled runs of the daily reconciliation ({@code daily_reconciliation}): one claim per business day. */
public interface ReconciliationDays {

    /**
     * Claims {@code day} until {@code leaseUntil}, unless it was reconciled already or another instance's lease is
     * still live at {@code now}; true if this instance is now the one to run it.
     */
    Mono<Boolean> claim(LocalDate day, Instant now, Instant leaseUntil);

    Mono<Void> finished(LocalDate day, Instant at, int differences, long unresolved);
}
