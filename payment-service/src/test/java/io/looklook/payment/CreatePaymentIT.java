package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseReason;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.payment.adapter.gateway.WechatPayCrypto;
import io.looklook.payment.adapter.gateway.sandbox.SandboxKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** thirdPaymentWxPay: who may open a payment, when, and that one order has one open payment. */
class CreatePaymentIT extends PaymentIT {

    @Autowired
    SandboxKeys sandboxKeys;

    @Test
    void theOwnerGetsSignedPrepayParametersAndOnePaymentCreatedEvent() {
        long user = newUser();
        String sn = placeOrder(user, 60_000);

        Map<String, Object> params = data(payRequest(user, sn));

        assertThat(params).containsEntry("appid", APPID).containsEntry("signType", "RSA");
        assertThat((String) params.get("package")).startsWith("prepay_id=wx");
        assertThat(WechatPayCrypto.verify(sandboxKeys.merchant().getPublic(), WechatPayCrypto.message(APPID,
                (String) params.get("timestamp"), (String) params.get("nonceStr"), (String) params.get("package")),
                (String) params.get("paySign"))).as("paySign verifies with the merchant key").isTrue();
        String paymentSn = paymentSnOf(sn);
        assertThat(payStatus(paymentSn)).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentCreated.class) == 1);
        PaymentCreated created = EVENTS.events(sn, PaymentCreated.class).get(0);
        assertThat(created.getPaymentSn()).isEqualTo(paymentSn);
        assertThat(created.getUserId()).isEqualTo(user);
        assertThat(created.getPayTotal()).isEqualTo(60_000);
    }

    @Test
    void repeatedAndConcurrentCallsReturnTheSamePrepayAndOpenOnePayment() {
        long user = newUser();
        String sn = placeOrder(user, 12_300);
        List<CompletableFuture<String>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> (String) data(payRequestRetriedWhileBusy(user, sn)).get("package")))
                .toList();
        List<String> packages = calls.stream().map(CompletableFuture::join).distinct().toList();

        assertThat(packages).hasSize(1);
        assertThat(data(payRequest(user, sn)).get("package")).isEqualTo(packages.get(0));
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE order_sn = '" + sn + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sandbox_transaction WHERE out_trade_no = '" + paymentSnOf(sn) + "'")).isEqualTo(1);
    }

    @Test
    void anotherUsersOrderLooksUnknownAndOpensNothing() {
        long owner = newUser();
        String sn = placeOrder(owner, 10_000);

        Map<String, Object> stranger = payRequest(newUser(), sn);
        Map<String, Object> unknown = payRequest(owner, newOrderSn());

        assertThat(stranger.get("code")).isEqualTo(100007);
        assertThat(unknown.get("code")).isEqualTo(100007);
        assertThat(stranger.get("msg")).isEqualTo("order " + sn + " does not exist");
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE order_sn = '" + sn + "'")).isZero();
    }

    @Test
    void theUsersOwnOpenidIsThePayerOfThePrepay() {
        long user = newUser();
        String sn = placeOrder(user, 10_000);

        String prepayId = prepay(user, sn);

        assertThat(db.sql("SELECT payer_openid FROM sandbox_transaction WHERE prepay_id = :p").bind("p", prepayId)
                .map(r -> r.get("payer_openid", String.class)).one().block()).isEqualTo(openidOf(user));
    }

    @Test
    void aUserWhoNeverSignedInWithWechatIsToldSoAndOpensNothing() {
        long user = newUserWithoutWechat();
        String sn = placeOrder(user, 10_000);

        post("/payment/v1/thirdPayment/thirdPaymentWxPay", user, "{\"orderSn\":\"" + sn + "\",\"serviceType\":\"homestayOrder\"}")
                .expectStatus().isForbidden().expectBody()
                .jsonPath("$.code").isEqualTo(100012)
                .jsonPath("$.msg").isEqualTo("Get user wechat openid fail，Please pay before authorization by weChat");
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE order_sn = '" + sn + "'")).isZero();

        linkWechat(user, openidOf(user)); // after a wxMiniAuth the same order can be paid
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> count("SELECT COUNT(*) FROM payer_openid WHERE user_id = " + user) == 1);
        assertThat(prepay(user, sn)).startsWith("wx");
    }

    @Test
    void closedPaidOrExpiredOrdersCannotBePaid() {
        long user = newUser();
        String closed = placeOrder(user, 10_000);
        sendEvent("order.events", closed, new OrderClosed(UUID.randomUUID(), Instant.now(), closed, user, CloseReason.TIMEOUT));
        String paid = placeOrder(user, 10_000);
        sendEvent("order.events", paid, new OrderPaid(UUID.randomUUID(), Instant.now(), paid, user, "PMTX", 10_000L,
                Instant.now(), "WECHAT_PAY"));
        String expired = placeOrder(user, 10_000, Instant.now().minusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM payable_order WHERE order_sn IN ('"
                + closed + "','" + paid + "') AND state <> 'WAITING'") == 2);

        assertThat(payRequest(user, closed)).containsEntry("code", 100008).containsEntry("msg", "order " + closed + " is closed");
        assertThat(payRequest(user, paid)).containsEntry("code", 100008).containsEntry("msg", "order " + paid + " is already paid");
        assertThat(payRequest(user, expired)).containsEntry("code", 100008)
                .containsEntry("msg", "the pay deadline of order " + expired + " has passed");
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE order_sn IN ('" + closed + "','" + paid + "','" + expired + "')"))
                .isZero();
    }

    @Test
    void badRequestsAreRefusedClearly() {
        long user = newUser();
        String sn = placeOrder(user, 10_000);

        assertThat(post("/payment/v1/thirdPayment/thirdPaymentWxPay", user, "{\"orderSn\":\"" + sn + "\",\"serviceType\":\"flight\"}")
                .expectBody(Map.class).returnResult().getResponseBody())
                .containsEntry("code", 100002).containsEntry("msg", "Payment for this business type is not supported: flight");
        post("/payment/v1/thirdPayment/thirdPaymentWxPay", user, "{\"orderSn\":").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(100002);
        post("/payment/v1/thirdPayment/thirdPaymentWxPay", user, "{\"orderSn\":\"" + sn + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(100002);
        post("/payment/v1/thirdPayment/thirdPaymentWxPay", user, "{\"orderSn\":42,\"serviceType\":[]}").expectStatus().isBadRequest();
        http.post().uri("/payment/v1/thirdPayment/thirdPaymentWxPay").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderSn\":\"" + sn + "\",\"serviceType\":\"homestayOrder\"}").exchange()
                .expectStatus().isUnauthorized();
        http.post().uri("/payment/v1/thirdPayment/thirdPaymentWxPay").headers(h -> h.setBearerAuth("not.a.token"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"orderSn\":\"" + sn + "\",\"serviceType\":\"homestayOrder\"}")
                .exchange().expectStatus().isUnauthorized();
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE order_sn = '" + sn + "'")).isZero();
    }

    @Test
    void theStatusRouteShowsTheOwnersLatestPaymentOnly() {
        long user = newUser();
        String sn = placeOrder(user, 25_050);
        prepay(user, sn);

        Map<String, Object> status = data(post("/payment/v1/thirdPayment/thirdPaymentStatus", user, "{\"orderSn\":\"" + sn + "\"}")
                .expectBody(Map.class).returnResult().getResponseBody());

        assertThat(status).containsEntry("orderSn", sn).containsEntry("paymentSn", paymentSnOf(sn)).containsEntry("payStatus", 0)
                .containsEntry("tradeState", "NOTPAY").containsEntry("payTotal", 250.5).containsEntry("payTime", 0);
        assertThat(post("/payment/v1/thirdPayment/thirdPaymentStatus", newUser(), "{\"orderSn\":\"" + sn + "\"}")
                .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("code", 100007);
    }
}
