package io.looklook.payment.adapter.web;

import io.looklook.payment.application.PaymentSettings;
import io.looklook.payment.application.ReconcileDay;
import io.looklook.platform.error.BusinessException;
import io.looklook.platform.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operators' reconciliation of a day ({@code payments:admin}; {@code looklook payments reconcile} calls it): runs
 * it now, repairs what is safe to repair, answers the report. The scheduled run of yesterday does the same.
 */
@RestController
public class ReconciliationController {

    private final ReconcileDay reconcileDay;
    private final PaymentSettings settings;
    private final Clock clock;

    public ReconciliationController(ReconcileDay reconcileDay, PaymentSettings settings, Clock clock) {
        this.reconcileDay = reconcileDay;
        this.settings = settings;
        this.clock = clock;
    }

    public record ReconcileReq(@Schema(example = "2026-12-02", description = "the business day (Asia/Shanghai), not after today")
                               @NotNull LocalDate date) {
    }

    public record Counts(int payments, int refunds) {
    }

    public record DifferenceView(String kind, String paymentSn, String refundSn,
                                 @Schema(description = "fen; -1 when the gateway has none") long gatewayAmount,
                                 @Schema(description = "fen; -1 when the ledger has none") long ledgerAmount, boolean repaired) {
    }

    public record ReconcileResp(String date, String zone, Counts gateway, Counts ledger, List<DifferenceView> differences,
                                long unresolved) {

        static ReconcileResp of(ReconcileDay.Report r) {
            return new ReconcileResp(r.day().toString(), r.zone().getId(), new Counts(r.gatewayPayments(), r.gatewayRefunds()),
                    new Counts(r.ledgerPayments(), r.ledgerRefunds()),
                    r.findings().stream().map(f -> new DifferenceView(f.difference().kind().name(), f.difference().paymentSn(),
                            f.difference().refundSn(), f.difference().gatewayAmount(), f.difference().ledgerAmount(),
                            f.repaired())).toList(),
                    r.unresolved());
        }
    }

    @Operation(summary = "Reconcile a day with the gateway's trade bill",
            description = "Compares the gateway's bill of the day with the ledger, repairs a payment or refund the gateway has "
                    + "and the ledger lacks (a lost notification), reports every other difference. Safe to run again.")
    @PostMapping("/payment/v1/admin/reconciliation")
    public Mono<ApiResponse<ReconcileResp>> reconcile(@Valid @RequestBody ReconcileReq req) {
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        if (req.date().isAfter(today)) {
            return Mono.error(BusinessException.invalidParameter("date " + req.date() + " is after today (" + today + ", "
                    + settings.zone() + "): the gateway has no bill of it"));
        }
        return reconcileDay.reconcile(req.date()).map(report -> ApiResponse.ok(ReconcileResp.of(report)));
    }
}
