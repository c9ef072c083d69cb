package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderCreated;
import io.looklook.testsupport.TestEvents;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import io.looklook.testsupport.TopicRecorder;
import io.looklook.usercenter.UserAuthLinked;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of payment-service's integration tests: the service (with the sandbox gateway) on a random port against a
 * real broker, registry and MariaDB. Tests play order-service by publishing order events to {@code order.events}, and
 * the user center by publishing each new user's WeChat sign-in ({@code UserAuthLinked}) to {@code user.events}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "looklook.payment.gateway=sandbox",
        "looklook.payment.wechat.appid=" + PaymentIT.APPID,
        "looklook.payment.wechat.mchid=" + PaymentIT.MCHID,
        "looklook.payment.wechat.api-v3-key=" + PaymentIT.API_V3_KEY,
        "looklook.payment.sandbox.retry-backoff=200ms",
        "looklook.payment.refund-poll-interval=200ms"})
@AutoConfigureWebTestClient
public abstract class PaymentIT {

    public static final String APPID = "wx-test-app";
    public static final String MCHID = "1230000109";
    public static final String API_V3_KEY = "test-only-apiv3-key-0123456789ab";

    private static final AtomicLong NEXT_USER = new AtomicLong(System.nanoTime() % 1_000_000 * 100 + 7_000_000);
    private static final AtomicLong NEXT_ORDER = new AtomicLong(System.nanoTime() % 10_000_000);
    /** payment.events and order.events as a downstream consumer sees them, for the whole test JVM. */
    protected static final TopicRecorder EVENTS = TopicRecorder.of("payment.events", "order.events");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry);
    }

    @Autowired
    protected WebTestClient http;
    protected final TestTokens tokens = TestTokens.get();
    @Autowired
    protected DatabaseClient db;

    /** Users whose WeChat sign-in was published: their orders wait for the payer-openid view too. */
    private static final Set<Long> SIGNED_IN_WITH_WECHAT = ConcurrentHashMap.newKeySet();

    /** A user who signed in with the mini-program, as every payer must have. */
    protected static long newUser() {
        long user = newUserWithoutWechat();
        linkWechat(user, openidOf(user));
        return user;
    }

    /** A user who never signed in with WeChat (registered with mobile and password only): cannot pay. */
    protected static long newUserWithoutWechat() {
        return NEXT_USER.incrementAndGet();
    }

    protected static String openidOf(long user) {
        return "oTest" + user;
    }

    /** Publishes {@code UserAuthLinked} (wxMini) as the user center does after a wxMiniAuth. */
    protected static void linkWechat(long user, String openid) {
        sendEvent("user.events", String.valueOf(user), UserAuthLinked.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now()).setUserId(user).setAuthType("wxMini").setAuthKey(openid).build());
        SIGNED_IN_WITH_WECHAT.add(user);
    }

    protected String token(long userId) {
        return tokens.forUser(userId, Duration.ofMinutes(10));
    }

    protected static String newOrderSn() {
        return "HSO20261128" + String.format("%014d", NEXT_ORDER.incrementAndGet());
    }

    /**
     * Publishes {@code OrderCreated} as order-service would and waits until the payable-order view has it (and the
     * payer-openid view has its user, if they signed in with WeChat).
     */
    protected String placeOrder(long userId, long total, Instant payDeadline) {
        String sn = publishOrder(userId, total, payDeadline);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) AS n FROM payable_order WHERE order_sn = '"
                + sn + "'") == 1 && (!SIGNED_IN_WITH_WECHAT.contains(userId)
                || count("SELECT COUNT(*) FROM payer_openid WHERE user_id = " + userId) == 1));
        return sn;
    }

    /** Publishes {@code OrderCreated} as order-service would; returns its sn. */
    protected static String publishOrder(long userId, long total, Instant payDeadline) {
        String sn = newOrderSn();
        sendEvent("order.events", sn, OrderCreated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setSn(sn).setUserId(userId).setHomestayId(1).setHomestayVersion(1).setTitle("Test Homestay")
                .setHomestayBusinessId(3).setHomestayUserId(103).setRowType(0).setLiveStartDate(LocalDate.now().plusDays(1))
                .setLiveEndDate(LocalDate.now().plusDays(2)).setNights(1).setLivePeopleNum(1).setNeedFood(false)
                .setHomestayPrice(total).setFoodPrice(0).setMarketHomestayPrice(total).setHomestayTotalPrice(total)
                .setFoodTotalPrice(0).setOrderTotalPrice(total).setTradeState(0).setPayDeadline(payDeadline).build());
        return sn;
    }

    protected String placeOrder(long userId, long total) {
        return placeOrder(userId, total, Instant.now().plus(Duration.ofMinutes(30)));
    }

    protected WebTestClient.ResponseSpec post(String route, long userId, String json) {
        return http.post().uri(route).headers(h -> h.setBearerAuth(token(userId)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> payRequest(long userId, String orderSn) {
        return (Map<String, Object>) post("/payment/v1/thirdPayment/thirdPaymentWxPay", userId,
                "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}")
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /**
     * thirdPaymentWxPay as a client told to retry does it: a 503 (the request deadline passed, on a cold or loaded JVM)
     * is tried again a Retry-After (1 s) later; the first other answer is returned as it came.
     */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> payRequestRetriedWhileBusy(long userId, String orderSn) {
        AtomicReference<EntityExchangeResult<Map>> answer = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
            answer.set(post("/payment/v1/thirdPayment/thirdPaymentWxPay", userId,
                    "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}").expectBody(Map.class).returnResult());
            return answer.get().getStatus().value() != 503;
        });
        return (Map<String, Object>) answer.get().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> data(Map<?, ?> envelope) {
        assertThat(envelope.get("code")).as(String.valueOf(envelope)).isEqualTo(200);
        return (Map<String, Object>) envelope.get("data");
    }

    /** The prepay id of a successful thirdPaymentWxPay. */
    protected String prepay(long userId, String orderSn) {
        return ((String) data(payRequest(userId, orderSn)).get("package")).substring("prepay_id=".length());
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> sandboxPay(long userId, String prepayId, boolean success) {
        return (Map<String, Object>) post("/payment/v1/sandbox/pay", userId, "{\"prepayId\":\"" + prepayId + "\",\"success\":" + success + "}")
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    protected String paymentSnOf(String orderSn) {
        return db.sql("SELECT sn FROM third_payment WHERE order_sn = :o ORDER BY id DESC LIMIT 1").bind("o", orderSn)
                .map(r -> r.get("sn", String.class)).one().block();
    }

    protected int payStatus(String paymentSn) {
        return db.sql("SELECT pay_status FROM third_payment WHERE sn = :sn").bind("sn", paymentSn)
                .map(r -> r.get("pay_status", Integer.class)).one().block();
    }

    protected long count(String sql) {
        return db.sql(sql).map(r -> ((Number) r.get(0)).longValue()).one().block();
    }

    /** Pays {@code orderSn} through the sandbox and waits until the callback recorded it. */
    protected String payThroughSandbox(long userId, String orderSn) {
        assertThat(data(sandboxPay(userId, prepay(userId, orderSn), true)).get("tradeState")).isEqualTo("SUCCESS");
        String paymentSn = paymentSnOf(orderSn);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> payStatus(paymentSn) == 1);
        return paymentSn;
    }

    /** Sends {@code event} to {@code topic} as another service would: Avro through the registry, keyed by {@code key}. */
    protected static void sendEvent(String topic, String key, Object event) {
        TestEvents.send(topic, key, event);
    }
}
