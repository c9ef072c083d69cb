package io.looklook.payment.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Reconciles yesterday (the business day, {@code looklook.payment.zone}) once its bill is ready at the gateway
 * (WeChat Pay serves the trade bill of a day from 10:00 the next morning). Every instance looks every
 * {@code poll}; the one that claims the day runs it, so with N instances a day is reconciled once, and a run whose
 * instance died is taken over once its lease ran out.
 */
@Service
public class DailyReconciliation {

    private static final Logger log = LoggerFactory.getLogger(DailyReconciliation.class);

    private final ReconcileDay reconcileDay;
    private final ReconciliationDays days;
    private final PaymentSettings settings;
    private final Clock clock;
    private final LocalTime billReadyAt;
    private final Duration lease;
    private final RepeatingTurn turn = new RepeatingTurn("daily reconciliation", Integer.MAX_VALUE, this::runDue);

    public DailyReconciliation(ReconcileDay reconcileDay, ReconciliationDays days, PaymentSettings settings, Clock clock,
                               @Value("${looklook.payment.daily-reconciliation.bill-ready-at:10:00}") LocalTime billReadyAt,
                               @Value("${looklook.payment.daily-reconciliation.lease:30m}") Duration lease) {
        this.reconcileDay = reconcileDay;
        this.days = days;
        this.settings = settings;
        this.clock = clock;
        this.billReadyAt = billReadyAt;
        this.lease = lease;
    }

    @Scheduled(fixedDelayString = "${looklook.payment.daily-reconciliation.poll:10m}",
            initialDelayString = "${looklook.payment.daily-reconciliation.poll:10m}")
    void onTimer() {
        turn.wakeUp();
    }

    /** Runs yesterday's reconciliation if its bill is ready and no instance ran it; emits 1 if it ran, else 0. */
    public Mono<Long> runDue() {
        Instant now = clock.instant();
        ZonedDateTime local = now.atZone(settings.zone());
        if (local.toLocalTime().isBefore(billReadyAt)) {
            return Mono.just(0L);
        }
        var yesterday = local.toLocalDate().minusDays(1);
        return days.claim(yesterday, now, now.plus(lease))
                .filter(Boolean::booleanValue)
                .flatMap(claimed -> reconcileDay.reconcile(yesterday))
                .flatMap(report -> days.finished(yesterday, clock.instant(), report.findings().size(), report.unresolved())
                        .doOnSuccess(done -> {
                            if (report.unresolved() > 0) {
                                log.warn("reconciliation of {}: {} differences need a person (looklook payments reconcile --date {})",
                                        yesterday, report.unresolved(), yesterday);
                            }
                        })
                        .thenReturn(1L))
                .defaultIfEmpty(0L);
    }
}
