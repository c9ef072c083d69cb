package io.looklook.payment.adapter.kafka;

/** The topics payment-service reads and writes (declared in infra's {@code looklook/topics.txt}). */
public final class PaymentTopics {

    /** Read: the orders' lives, keyed by sn (the payable-order view; rejected payments to refund). */
    public static final String ORDER_EVENTS = "order.events";
    /** Read: the users' sign-in methods, keyed by user id (the payer-openid view). */
    public static final String USER_EVENTS = "user.events";
    /** Written: payments, keyed by the ORDER sn. */
    public static final String PAYMENT_EVENTS = "payment.events";

    private PaymentTopics() {
    }
}
