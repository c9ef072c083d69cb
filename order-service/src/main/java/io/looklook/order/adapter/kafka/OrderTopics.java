package io.looklook.order.adapter.kafka;

/** The topics order-service reads and writes (declared in infra's {@code looklook/topics.txt}). */
public final class OrderTopics {

    /** Read: the catalog, from the beginning, into the homestay replica. */
    public static final String HOMESTAYS = "travel.homestays";
    /** Written: the order's life, keyed by sn. */
    public static final String ORDER_EVENTS = "order.events";
    /** Read: commands about orders (CloseOrderRequested from the delay-scheduler), keyed by sn. */
    public static final String ORDER_COMMANDS = "order.commands";

    /** Read: payments, keyed by the order's sn (PaymentSucceeded pays the order). */
    public static final String PAYMENT_EVENTS = "payment.events";

    private OrderTopics() {
    }
}
