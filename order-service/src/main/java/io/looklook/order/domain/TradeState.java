package io.looklook.order.domain;

/** looklook's order trade states (app/order/model/vars.go). */
public final class TradeState {

    public static final int CANCELLED = -1;
    public static final int WAIT_PAY = 0;
    public static final int PAID = 1;
    public static final int USED = 2;
    public static final int REFUNDED = 3;
    public static final int EXPIRED = 4;
    /** The list filter value meaning "every state". */
    public static final int ALL = -99;

    private TradeState() {
    }

    public static boolean isValid(long state) {
        return state >= CANCELLED && state <= EXPIRED;
    }

    /** The check-in secret is revealed only once the order is paid (the original showed it for unpaid orders). */
    public static boolean revealsTradeCode(int state) {
        return state >= PAID;
    }
}
