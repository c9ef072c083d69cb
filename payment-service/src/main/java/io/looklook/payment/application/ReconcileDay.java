package io.looklook.payment.application;

import io.looklook.payment.application.BillComparison.Difference;
import io.looklook.payment.domain.GatewayNotice;
import io.looklook.payment.domain.PayStatus;
import io.looklook.payment.domain.Refund;
import io.looklook.platform.error.FailureKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reconciliation of one business day: the gateway's trade bill against the ledger ({@link BillComparison}). What
 * the gateway has and the ledger lacks (a payment or refund whose notification was lost) is repaired by asking the
 * gateway and applying its answer exactly as the notification would have been, which is safe to repeat; every
 * other difference is reported (metric {@code payment_reconciliation_differences{kind,repaired}} and a WARN line) and
 * left to a person. Running a day again is harmless: what was repaired no longer differs.
 */
@Service
public class ReconcileDay {

    private static final Logger log = LoggerFactory.getLogger(ReconcileDay.class);

    private final PaymentGateway gateway;
    private final PaymentStore payments;
    private final Refunds refunds;
    private final ConfirmPayment confirmPayment;
    private final ConfirmRefund confirmRefund;
    private final PaymentSettings settings;
    private final MeterRegistry meters;

    public ReconcileDay(PaymentGateway gateway, PaymentStore payments, Refunds refunds, ConfirmPayment confirmPayment,
                        ConfirmRefund confirmRefund, PaymentSettings settings, MeterRegistry meters) {
        this.gateway = gateway;
        this.payments = payments;
        this.refunds = refunds;
        this.confirmPayment = confirmPayment;
        this.confirmRefund = confirmRefund;
        this.settings = settings;
        this.meters = meters;
    }

    /** A difference found, and whether this run repaired it. */
    public record Finding(Difference difference, boolean repaired) {
    }

    /** What one run saw and did; counts are lines of the bill and rows of the ledger for that day. */
    public record Report(LocalDate day, ZoneId zone, int gatewayPayments, int gatewayRefunds, int ledgerPayments,
                         int ledgerRefunds, List<Finding> findings) {

        public long unresolved() {
            return findings.stream().filter(f -> !f.repaired()).count();
        }
    }

    public Mono<Report> reconcile(LocalDate day) {
        ZoneId zone = settings.zone();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return Mono.zip(gateway.tradeBill(day).collectList(), payments.paidBetween(from, to).collectList(),
                        refunds.succeededBetween(from, to).collectList())
                .flatMap(seen -> Flux.fromIterable(BillComparison.compare(seen.getT1(), seen.getT2(), seen.getT3()))
                        .concatMap(this::settle)
                        .collectList()
                        .map(findings -> new Report(day, zone, (int) seen.getT1().stream().filter(l -> !l.isRefund()).count(),
                                (int) seen.getT1().stream().filter(PaymentGateway.BillLine::isRefund).count(),
                                seen.getT2().size(), seen.getT3().size(), findings)))
                .doOnNext(report -> log.info("reconciliation of {} ({}): the gateway's bill has {} payments and {} refunds, the "
                                + "ledger {} and {}; {} differences, {} of them repaired", day, zone, report.gatewayPayments(),
                        report.gatewayRefunds(), report.ledgerPayments(), report.ledgerRefunds(), report.findings().size(),
                        report.findings().size() - report.unresolved()));
    }

    private Mono<Finding> settle(Difference difference) {
        Mono<Boolean> repair = switch (difference.kind()) {
            case PAID_THERE_NOT_HERE -> repairPayment(difference.paymentSn());
            case REFUNDED_THERE_NOT_HERE -> repairRefund(difference.refundSn());
            default -> Mono.just(false);
        };
        return repair
                // the database or the gateway away fails the run, which is run again (its day stays unfinished);
                // only a repair that can never work is reported for a person
                .onErrorResume(e -> FailureKind.of(e) != FailureKind.TRANSIENT, e -> {
                    log.warn("reconciliation could not repair {}: {}", difference, e.toString());
                    return Mono.just(false);
                })
                .map(repaired -> {
                    if (!repaired) {
                        log.warn("reconciliation difference left for a person: {}", difference);
                    }
                    meters.counter("payment_reconciliation_differences", "kind", difference.kind().name().toLowerCase(),
                            "repaired", String.valueOf(repaired)).increment();
                    return new Finding(difference, repaired);
                });
    }

    /** Applies what the gateway says of the payment now; repaired once the ledger has it as taken. */
    private Mono<Boolean> repairPayment(String paymentSn) {
        return gateway.query(paymentSn)
                .filter(GatewayNotice.Transaction::succeeded)
                .flatMap(confirmPayment::apply)
                .then(payments.findBySn(paymentSn))
                .map(payment -> payment.payStatus() == PayStatus.SUCCEEDED || payment.payStatus() == PayStatus.REFUNDED)
                .defaultIfEmpty(false);
    }

    private Mono<Boolean> repairRefund(String refundSn) {
        return gateway.queryRefund(refundSn)
                .filter(GatewayNotice.Refund::succeeded)
                .flatMap(confirmRefund::apply)
                .then(refunds.findBySn(refundSn))
                .map(refund -> refund.status() == Refund.Status.SUCCEEDED)
                .defaultIfEmpty(false);
    }
}
