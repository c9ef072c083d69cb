package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.order.PaymentRejectReason;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The three lives of an order on the real stack: paid, closed unpaid at its deadline, and paid after its close (refunded). */
class PayFlowsSystemIT extends SystemIT {

    @Test
    void placePayThroughTheSandboxAndTheOrderIsPaidAndStaysPaidPastItsDeadline() {
        long user = newUser();
        String sn = placeOrder(STACK.orders.get(1), user, newHomestay(26_800));
        Instant placed = Instant.now();

        Map<String, Object> paid = sandboxPay(user, prepay(user, sn));

        assertThat(paid).containsEntry("tradeState", "SUCCESS");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tradeState(user, sn) == 1);
        Map<String, Object> detail = orderDetail(user, sn);
        assertThat(((Number) detail.get("payTime")).longValue()).isBetween(placed.getEpochSecond() - 1, Instant.now().getEpochSecond());
        assertThat(detail.get("payType")).isEqualTo("WECHAT_PAY");
        assertThat(paymentStatus(user, sn)).containsEntry("payStatus", 1).containsEntry("payTotal", 268.0);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, OrderPaid.class) == 1);
        assertThat(EVENTS.events(sn, OrderPaid.class).get(0).getPaymentSn())
                .isEqualTo(EVENTS.events(sn, PaymentSucceeded.class).get(0).getPaymentSn());

        // the close timer was dropped: past the deadline the order is still paid, and never closed
        Awaitility.await().atMost(LooklookStack.CLOSE_AFTER.plusSeconds(20))
                .until(() -> Instant.now().isAfter(placed.plus(LooklookStack.CLOSE_AFTER).plusSeconds(5)));
        assertThat(tradeState(user, sn)).isEqualTo(1);
        assertThat(EVENTS.count(sn, OrderClosed.class)).isZero();
    }

    @Test
    void placeAndNeverPayAndTheOrderIsClosedAtItsDeadlineAndCannotBePaidAnyMore() {
        long user = newUser();
        String sn = placeOrder(STACK.orders.get(0), user, newHomestay(10_000));
        Instant placed = Instant.now();

        Awaitility.await().atMost(LooklookStack.CLOSE_AFTER.plusSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> tradeState(user, sn) == -1);

        assertThat(Instant.now()).isAfter(placed.plus(LooklookStack.CLOSE_AFTER).minusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, OrderClosed.class) == 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(100008).equals(STACK.post(STACK.payment,
                "/payment/v1/thirdPayment/thirdPaymentWxPay", user, Map.of("orderSn", sn, "serviceType", "homestayOrder")).get("code")));
        assertThat(EVENTS.count(sn, OrderPaid.class)).isZero();
    }

    @Test
    void aPaymentArrivingAfterTheCloseIsRefundedAndTheOrderStaysClosed() {
        long user = newUser();
        String sn = placeOrder(STACK.orders.get(0), user, newHomestay(33_300));
        String prepayId = prepay(user, sn);

        // the operator closes it now (the scheduler's fire-now), while the user's prepay is still open
        fireCloseNow(sn);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tradeState(user, sn) == -1);
        assertThat(sandboxPay(user, prepayId)).containsEntry("tradeState", "SUCCESS");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> EVENTS.count(sn, PaymentRefunded.class) == 1);
        assertThat(EVENTS.events(sn, OrderPaymentRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.getReason()).isEqualTo(PaymentRejectReason.ORDER_CLOSED));
        assertThat(EVENTS.events(sn, PaymentRefunded.class).get(0).getPayTotal()).isEqualTo(33_300);
        assertThat(paymentStatus(user, sn)).containsEntry("payStatus", 2).containsEntry("tradeState", "REFUND");
        assertThat(tradeState(user, sn)).isEqualTo(-1);
        assertThat(EVENTS.count(sn, OrderPaid.class)).isZero();
        assertThat(EVENTS.count(sn, OrderClosed.class)).isEqualTo(1);
    }
}
