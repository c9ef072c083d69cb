package io.looklook.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.application.BillComparison.Difference;
import io.looklook.payment.application.BillComparison.Kind;
import io.looklook.payment.application.BillComparison.LedgerPayment;
import io.looklook.payment.application.BillComparison.LedgerRefund;
import io.looklook.payment.application.PaymentGateway.BillLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillComparisonTest {

    private static BillLine paid(String sn, long total) {
        return new BillLine(sn, "T" + sn, "SUCCESS", total, "", 0);
    }

    private static BillLine refunded(String sn, String refundSn, long amount) {
        return new BillLine(sn, "T" + sn, "REFUND", amount, refundSn, amount);
    }

    @Test
    void aBillThatMatchesTheLedgerHasNoDifference() {
        List<BillLine> bill = List.of(paid("P1", 100), paid("P2", 250), refunded("P2", "R2", 250),
                // a payment refunded since stays a payment of its day, whatever its state says now
                new BillLine("P3", "TP3", "REFUND", 300, "", 0));
        List<LedgerPayment> ledger = List.of(new LedgerPayment("P1", 100), new LedgerPayment("P2", 250), new LedgerPayment("P3", 300));

        assertThat(BillComparison.compare(bill, ledger, List.of(new LedgerRefund("R2", "P2", 250)))).isEmpty();
    }

    @Test
    void eachKindOfDifferenceIsFoundWithBothSidesAmounts() {
        List<BillLine> bill = List.of(paid("P1", 100), paid("P2", 250), refunded("P4", "R4", 400), refunded("P5", "R5", 500));
        List<LedgerPayment> ledger = List.of(new LedgerPayment("P2", 205), new LedgerPayment("P3", 300));
        List<LedgerRefund> refunds = List.of(new LedgerRefund("R5", "P5", 50), new LedgerRefund("R6", "P6", 600));

        assertThat(BillComparison.compare(bill, ledger, refunds)).containsExactly(
                new Difference(Kind.PAID_THERE_NOT_HERE, "P1", "", 100, -1),
                new Difference(Kind.PAID_HERE_NOT_THERE, "P3", "", -1, 300),
                new Difference(Kind.PAYMENT_AMOUNT_DIFFERS, "P2", "", 250, 205),
                new Difference(Kind.REFUNDED_THERE_NOT_HERE, "P4", "R4", 400, -1),
                new Difference(Kind.REFUNDED_HERE_NOT_THERE, "P6", "R6", -1, 600),
                new Difference(Kind.REFUND_AMOUNT_DIFFERS, "P5", "R5", 500, 50));
    }

    @Test
    void aRefundOfAnotherPaymentUnderTheSameNumberIsADifference() {
        assertThat(BillComparison.compare(List.of(refunded("P1", "R1", 100)), List.of(), List.of(new LedgerRefund("R1", "P9", 100))))
                .containsExactly(new Difference(Kind.REFUND_AMOUNT_DIFFERS, "P1", "R1", 100, 100));
    }

    @Test
    void aLineTheBillRepeatsCountsOnce() {
        assertThat(BillComparison.compare(List.of(paid("P1", 100), paid("P1", 100)), List.of(), List.of()))
                .containsExactly(new Difference(Kind.PAID_THERE_NOT_HERE, "P1", "", 100, -1));
    }
}
