package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.PaymentRefunded;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code looklook timeline} on the real stack: an order's whole life, across services, in order. */
class TimelineSystemIT extends SystemIT {

    @Test
    void theTimelineOfAnOrderClosedThenPaidAndRefundedShowsEveryStepInOrder() {
        long user = newUser();
        String sn = placeOrder(STACK.orders.get(1), user, newHomestay(5_500));
        String prepayId = prepay(user, sn);
        fireCloseNow(sn);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tradeState(user, sn) == -1);
        sandboxPay(user, prepayId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> EVENTS.count(sn, PaymentRefunded.class) == 1);

        Looklook.Run timeline = Looklook.run("timeline", sn);

        assertThat(timeline.exitCode()).as(timeline.err()).isZero();
        List<String> types = timeline.lines().stream().skip(1).map(row -> row.split("\\s+")[3]).toList();
        assertThat(types).as(timeline.out())
                .containsSubsequence("OrderCreated", "ScheduleAccepted", "ScheduleFired", "OrderClosed", "PaymentSucceeded",
                        "OrderPaymentRejected", "PaymentRefunded")
                .containsSubsequence("OrderCreated", "PaymentCreated", "PaymentSucceeded")
                .containsSubsequence("CloseOrderRequested", "OrderClosed")
                .doesNotContain("OrderPaid", "(undecodable)");
        for (String once : List.of("OrderCreated", "CloseOrderRequested", "OrderClosed", "PaymentSucceeded", "OrderPaymentRejected",
                "PaymentRefunded")) {
            assertThat(types).as(once).filteredOn(once::equals).hasSize(1);
        }
        assertThat(timeline.out()).contains("reason=ORDER_CLOSED");
    }
}
