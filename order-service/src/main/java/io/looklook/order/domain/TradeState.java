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

    /**
     * looklook's lifecycle (updateHomestayOrderTradeState): nothing goes back to waiting; only a waiting order is
     * cancelled (closed) or paid; only a paid one becomes used, refunded or expired. Here order-service itself does
     * 0 -> 1 and 0 -> -1, each a conditional UPDATE on {@code trade_state = 0} (the guard against a concurrent
     * writer); the rest is the original's, kept for the states it shows.
     */
    public static boolean mayFollow(int from, int to) {
        return switch (to) {
            case CANCELLED, PAID -> from == WAIT_PAY;
            case USED, REFUNDED, EXPIRED -> from == PAID;
            default -> false;
        };
    }

    /** The check-in secret is revealed only once the order is paid (the original showed it for unpaid orders). */
    public static boolean revealsTradeCode(int state) {
        return state >= PAID;
    }
}
