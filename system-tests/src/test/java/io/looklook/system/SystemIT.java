package io.looklook.system;

import static io.looklook.system.LooklookStack.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestEvents;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TopicRecorder;
import io.looklook.usercenter.UserAuthLinked;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the system tests: the user's and the operator's moves against {@link LooklookStack}, over HTTP only, and
 * what downstream consumers see on the topics ({@link #EVENTS}).
 */
@ExtendWith(ServiceLogsOnFailure.class)
abstract class SystemIT {

    protected static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /**
     * How long a test, like a patient client, keeps calling a route that answers "not yet" or 503: generous, since on
     * this 2-core machine a load test's 16 clients share it with five services (a call past its 1.8 s deadline answers
     * 503), and a failure says the last answer anyway.
     */
    protected static final Duration CLIENT_PATIENCE = Duration.ofMinutes(2);
    private static final AtomicLong NEXT_USER = new AtomicLong(System.nanoTime() % 1_000_000 * 100 + 3_000_000);
    protected static final LooklookStack STACK = LooklookStack.get();
    protected static final TopicRecorder EVENTS = TopicRecorder.of("order.events", "payment.events");

    /** Every event the services published decodes through the registry, as downstream consumers need. */
    @AfterEach
    void everyRecordedEventDecoded() {
        assertThat(EVENTS.undecodable()).isEmpty();
    }

    /**
     * A user who signed in with the mini-program, as a payer must have: the test plays the user center's
     * {@code UserAuthLinked} (GatewaySystemIT goes through the real wxMiniAuth instead).
     */
    protected static long newUser() {
        long user = NEXT_USER.incrementAndGet();
        TestEvents.send("user.events", String.valueOf(user), UserAuthLinked.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now()).setUserId(user).setAuthType("wxMini").setAuthKey("oSystem" + user).build());
        return user;
    }

    /** A homestay created through travel-service's admin API, once order-service's replica can price it. */
    protected static long newHomestay(long priceFen) {
        // retried while busy: a save answered 503 may have committed too, which leaves one more homestay, harmless here
        Map<String, Object> saved = data(retriedWhileBusy(() -> STACK.post(STACK.travel, "/travel/v1/admin/homestay/save", 1, Map.ofEntries(
                Map.entry("title", "System Test Cottage"), Map.entry("subTitle", "system-tests"), Map.entry("banner", ""),
                Map.entry("info", ""), Map.entry("peopleNum", 4), Map.entry("homestayBusinessId", 1), Map.entry("rowState", 1),
                Map.entry("rowType", 0), Map.entry("foodInfo", ""), Map.entry("foodPriceFen", 0),
                Map.entry("homestayPriceFen", priceFen), Map.entry("marketHomestayPriceFen", 0)), "catalog:write")));
        @SuppressWarnings("unchecked")
        long id = ((Number) ((Map<String, Object>) saved.get("homestay")).get("id")).longValue();
        return id;
    }

    /** Places a one-night order; retried while order-service's replica has not yet seen the homestay. */
    protected static String placeOrder(ServiceProcess orderService, long user, long homestayId) {
        long start = LocalDate.now(SHANGHAI).plusDays(1).atTime(12, 0).atZone(SHANGHAI).toEpochSecond();
        String body = "{\"homestayId\":" + homestayId + ",\"isFood\":false,\"liveStartTime\":" + start + ",\"liveEndTime\":"
                + (start + 86_400) + ",\"livePeopleNum\":1,\"remark\":\"system test\"}";
        Map<String, Object> placed = answered("placing an order on homestay " + homestayId, CLIENT_PATIENCE,
                () -> STACK.post(orderService, "/order/v1/homestayOrder/createHomestayOrder", user, body),
                answer -> Integer.valueOf(200).equals(answer.get("code")));
        return (String) data(placed).get("orderSn");
    }

    /**
     * thirdPaymentWxPay; retried while payment-service has not yet seen the order on order.events (it answers "does
     * not exist" until then) or the user's WeChat sign-in on user.events. Returns the prepay id.
     */
    protected static String prepay(long user, String orderSn) {
        return prepay(STACK.payment, user, orderSn);
    }

    protected static String prepay(ServiceProcess payment, long user, String orderSn) {
        return prepay(payment, user, orderSn, CLIENT_PATIENCE);
    }

    protected static String prepay(ServiceProcess payment, long user, String orderSn, Duration patience) {
        Map<String, Object> answer = answered("the prepay of order " + orderSn + " by user " + user, patience,
                () -> STACK.post(payment, "/payment/v1/thirdPayment/thirdPaymentWxPay", user,
                        Map.of("orderSn", orderSn, "serviceType", "homestayOrder")),
                tried -> !Integer.valueOf(100007).equals(tried.get("code")) && !Integer.valueOf(100012).equals(tried.get("code"))
                        && !tellsToRetry(tried));
        return ((String) data(answer).get("package")).substring("prepay_id=".length());
    }

    /** The sandbox plays the user paying in WeChat; the gateway's notification follows asynchronously. */
    protected static Map<String, Object> sandboxPay(long user, String prepayId) {
        return sandboxPay(STACK.payment, user, prepayId);
    }

    protected static Map<String, Object> sandboxPay(ServiceProcess payment, long user, String prepayId) {
        boolean[] retried = {false};
        Map<String, Object> answer = retriedWhileBusy(() -> {
            Map<String, Object> tried = STACK.post(payment, "/payment/v1/sandbox/pay", user, Map.of("prepayId", prepayId, "success", true));
            retried[0] |= tellsToRetry(tried);
            return tried;
        });
        // a try answered 503 may have committed: the retry then finds the prepay paid, by this payer
        if (retried[0] && Integer.valueOf(100008).equals(answer.get("code")) && String.valueOf(answer.get("msg")).endsWith("is SUCCESS")) {
            return Map.of("tradeState", "SUCCESS");
        }
        return data(answer);
    }

    /**
     * A route answers 503 with Retry-After when a request passed its deadline (1.8 s; this machine is shared with
     * five services and their infrastructure): a client tries again, as these tests do.
     */
    protected static Map<String, Object> retriedWhileBusy(Supplier<Map<String, Object>> call) {
        return answered("a call answered 503", CLIENT_PATIENCE, call, answer -> !tellsToRetry(answer));
    }

    /**
     * Calls until an answer is accepted, as a client would (200 ms apart), for at most {@code patience}; if none is,
     * fails with the last answer, which says what the service kept refusing (a bare timeout does not).
     */
    protected static Map<String, Object> answered(String what, Duration patience, Supplier<Map<String, Object>> call,
                                                  Predicate<Map<String, Object>> accepted) {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> accepted.test(last.updateAndGet(previous -> call.get())));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": no accepted answer within " + patience + "; the last one: " + last.get(), e);
        }
        return last.get();
    }

    private static boolean tellsToRetry(Map<String, Object> answer) {
        return Integer.valueOf(503).equals(answer.get("status")) || Integer.valueOf(100001).equals(answer.get("code"))
                && String.valueOf(answer.get("msg")).contains("try again") || Integer.valueOf(100005).equals(answer.get("code"));
    }

    /** The operator closes the order now, through the scheduler's fire-now on its timeout timer. */
    protected static void fireCloseNow(String sn) {
        Map<String, Object> fired = STACK.post(STACK.scheduler, "/scheduler/v1/admin/schedules/order-timeout:" + sn + "/fire-now", 1,
                "", "scheduler:admin");
        assertThat(fired.toString()).doesNotContain("\"code\":1000");
    }

    protected static Map<String, Object> orderDetail(long user, String sn) {
        return data(retriedWhileBusy(() -> STACK.post(STACK.orders.get(0),
                "/order/v1/homestayOrder/userHomestayOrderDetail", user, Map.of("sn", sn))));
    }

    protected static Map<String, Object> paymentStatus(long user, String sn) {
        return data(retriedWhileBusy(() -> STACK.post(STACK.payment, "/payment/v1/thirdPayment/thirdPaymentStatus", user,
                Map.of("orderSn", sn))));
    }

    /** A service's table as a map of its first column to its second (an integer). */
    protected static Map<String, Integer> column(String schema, String sql) throws Exception {
        Map<String, Integer> values = new java.util.HashMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestInfra.get().jdbcUrl(schema), "looklook",
                TestInfra.DB_PASSWORD); java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getInt(2));
            }
        }
        return values;
    }

    protected static int tradeState(long user, String sn) {
        return ((Number) orderDetail(user, sn).get("tradeState")).intValue();
    }
}
