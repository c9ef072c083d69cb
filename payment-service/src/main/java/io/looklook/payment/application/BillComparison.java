package io.looklook.payment.application;

import io.looklook.payment.application.PaymentGateway.BillLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the gateway's trade bill of a day with what the ledger says happened that day: every payment taken there
 * must be a payment succeeded here for the same amount, and every refund made there a refund succeeded here, and
 * the other way round. Pure: what to do about a difference is {@link ReconcileDay}'s.
 */
public final class BillComparison {

    public enum Kind {
        /** The gateway took the money, the ledger does not know (a lost notification): repaired by asking the gateway. */
        PAID_THERE_NOT_HERE,
        /** The ledger counts a payment of that day that the gateway's bill lacks. */
        PAID_HERE_NOT_THERE,
        PAYMENT_AMOUNT_DIFFERS,
        /** The gateway refunded, the ledger does not know (a lost refund notification): repaired by asking the gateway. */
        REFUNDED_THERE_NOT_HERE,
        REFUNDED_HERE_NOT_THERE,
        REFUND_AMOUNT_DIFFERS
    }

    /** One difference; amounts in fen, -1 on the side that has nothing. {@code refundSn} is empty for payments. */
    public record Difference(Kind kind, String paymentSn, String refundSn, long gatewayAmount, long ledgerAmount) {
    }

    /** A payment the ledger counts as taken that day (succeeded, or succeeded and refunded since). */
    public record LedgerPayment(String sn, long total) {
    }

    /** A refund the ledger counts as made that day. */
    public record LedgerRefund(String sn, String paymentSn, long amount) {
    }

    private BillComparison() {
    }

    public static List<Difference> compare(List<BillLine> bill, List<LedgerPayment> paid, List<LedgerRefund> refunded) {
        List<Difference> differences = new ArrayList<>();
        Map<String, BillLine> billPayments = bySn(bill.stream().filter(line -> !line.isRefund()).toList(), BillLine::paymentSn);
        Map<String, BillLine> billRefunds = bySn(bill.stream().filter(BillLine::isRefund).toList(), BillLine::refundSn);
        Map<String, LedgerPayment> ledgerPayments = bySn(paid, LedgerPayment::sn);
        Map<String, LedgerRefund> ledgerRefunds = bySn(refunded, LedgerRefund::sn);

        billPayments.forEach((sn, line) -> {
            LedgerPayment ours = ledgerPayments.get(sn);
            if (ours == null) {
                differences.add(new Difference(Kind.PAID_THERE_NOT_HERE, sn, "", line.total(), -1));
            } else if (ours.total() != line.total()) {
                differences.add(new Difference(Kind.PAYMENT_AMOUNT_DIFFERS, sn, "", line.total(), ours.total()));
            }
        });
        ledgerPayments.forEach((sn, ours) -> {
            if (!billPayments.containsKey(sn)) {
                differences.add(new Difference(Kind.PAID_HERE_NOT_THERE, sn, "", -1, ours.total()));
            }
        });
        billRefunds.forEach((sn, line) -> {
            LedgerRefund ours = ledgerRefunds.get(sn);
            if (ours == null) {
                differences.add(new Difference(Kind.REFUNDED_THERE_NOT_HERE, line.paymentSn(), sn, line.refundAmount(), -1));
            } else if (ours.amount() != line.refundAmount() || !ours.paymentSn().equals(line.paymentSn())) {
                differences.add(new Difference(Kind.REFUND_AMOUNT_DIFFERS, line.paymentSn(), sn, line.refundAmount(), ours.amount()));
            }
        });
        ledgerRefunds.forEach((sn, ours) -> {
            if (!billRefunds.containsKey(sn)) {
                differences.add(new Difference(Kind.REFUNDED_HERE_NOT_THERE, ours.paymentSn(), sn, -1, ours.amount()));
            }
        });
        differences.sort(Comparator.comparing(Difference::kind).thenComparing(Difference::paymentSn).thenComparing(Difference::refundSn));
        return differences;
    }

    private static <T> Map<String, T> bySn(List<T> items, Function<T, String> sn) {
        return items.stream().collect(Collectors.toMap(sn, Function.identity(), (first, again) -> first, LinkedHashMap::new));
    }
}
