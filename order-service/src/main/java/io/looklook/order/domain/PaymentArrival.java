package io.looklook.order.domain;

/**
 * What a confirmed payment does to the order it names, decided on the order's committed state: it pays an order
 * still waiting for exactly its amount; it is refused (so payment-service refunds it) when the order is closed, paid
 * by another payment, unknown, or of another amount; the paying payment again changes nothing.
 */
public final class PaymentArrival {

    public enum Verdict { PAYS, ORDER_CLOSED, PAID_BY_ANOTHER, SAME_PAYMENT_AGAIN, UNKNOWN_ORDER, AMOUNT_MISMATCH }

    private PaymentArrival() {
    }

    /**
     * @param tradeState  the order's committed state, null if there is no such order
     * @param payingSn    the payment that paid it, null or empty if none did
     */
    public static Verdict decide(Integer tradeState, long orderTotal, String payingSn, String paymentSn, long paymentTotal) {
        if (tradeState == null) {
            return Verdict.UNKNOWN_ORDER;
        }
        if (orderTotal != paymentTotal) {
            return Verdict.AMOUNT_MISMATCH;
        }
        if (payingSn != null && payingSn.equals(paymentSn)) {
            return Verdict.SAME_PAYMENT_AGAIN;
        }
        return switch (tradeState) {
            case TradeState.WAIT_PAY -> Verdict.PAYS;
            case TradeState.CANCELLED -> Verdict.ORDER_CLOSED;
            // paid, and everything a paid order becomes: another payment paid it
            default -> Verdict.PAID_BY_ANOTHER;
        };
    }
}
