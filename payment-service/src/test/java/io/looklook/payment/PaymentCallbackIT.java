package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.looklook.payment.adapter.gateway.WechatPayCrypto;
import io.looklook.payment.adapter.gateway.WechatPayMessages;
import io.looklook.payment.adapter.gateway.sandbox.SandboxKeys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * thirdPaymentWxPayCallback: the sandbox's signed notifications are applied once; forged, replayed, mismatched or
 * foreign ones are refused and change nothing; a callback that fails is retried with back-off until it answers 2xx.
 */
class PaymentCallbackIT extends PaymentIT {

    private static final String CALLBACK = "/payment/v1/thirdPayment/thirdPaymentWxPayCallback";

    @Autowired
    SandboxKeys sandboxKeys;
    @Autowired
    JsonMapper json;
    @LocalServerPort
    int port;

    @Test
    void aSuccessfulPaymentIsRecordedWithTheGatewaysFactsAndAnnouncedOnce() {
        long user = newUser();
        String sn = placeOrder(user, 88_800);
        Instant before = Instant.now().minusSeconds(1);

        String paymentSn = payThroughSandbox(user, sn);

        Map<String, Object> row = db.sql("SELECT trade_state, transaction_id, pay_time FROM third_payment WHERE sn = :sn")
                .bind("sn", paymentSn).fetch().one().block();
        assertThat(row.get("trade_state")).isEqualTo("SUCCESS");
        assertThat((String) row.get("transaction_id")).startsWith("42").hasSize(28);
        assertThat(((java.time.LocalDateTime) row.get("pay_time")).toInstant(ZoneOffset.UTC)).isAfter(before.minusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentSucceeded.class) == 1);
        PaymentSucceeded event = EVENTS.events(sn, PaymentSucceeded.class).get(0);
        assertThat(event.getOrderSn()).isEqualTo(sn);
        assertThat(event.getPaymentSn()).isEqualTo(paymentSn);
        assertThat(event.getPayTotal()).isEqualTo(88_800);
        assertThat(event.getPayMode()).isEqualTo("WECHAT_PAY");
        assertThat(event.getTransactionId()).isEqualTo(row.get("transaction_id"));
        assertThat(data(post("/payment/v1/thirdPayment/thirdPaymentStatus", user, "{\"orderSn\":\"" + sn + "\"}")
                .expectBody(Map.class).returnResult().getResponseBody())).containsEntry("payStatus", 1).containsEntry("tradeState", "SUCCESS");
        // the sandbox takes no second payment on the same prepay
        assertThat(sandboxPay(user, prepayOf(paymentSn), true)).containsEntry("code", 100008);
    }

    @Test
    void aFailedPaymentIsRecordedAndTheOrderCanBePaidAgain() {
        long user = newUser();
        String sn = placeOrder(user, 5_000);
        String prepayId = prepay(user, sn);
        String failedSn = paymentSnOf(sn);

        assertThat(data(sandboxPay(user, prepayId, false))).containsEntry("tradeState", "PAYERROR");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> payStatus(failedSn) == -1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentFailed.class) == 1);
        assertThat(EVENTS.events(sn, PaymentFailed.class).get(0).getTradeState()).isEqualTo("PAYERROR");
        String secondSn = payThroughSandbox(user, sn);
        assertThat(secondSn).isNotEqualTo(failedSn);
        assertThat(payStatus(failedSn)).isEqualTo(-1);
    }

    @Test
    void onlyThePayerTheSandboxPrepayWasOpenedForCanPay() {
        long user = newUser();
        String sn = placeOrder(user, 5_000);
        String prepayId = prepay(user, sn);

        assertThat(sandboxPay(newUser(), prepayId, true)).containsEntry("code", 100009);
        assertThat(sandboxPay(user, "wx-no-such-prepay", true)).containsEntry("code", 100007);
        assertThat(payStatus(paymentSnOf(sn))).isZero();
    }

    @Test
    void forgedReplayedForeignOrMismatchedNotificationsAreRefusedAndChangeNothing() throws Exception {
        long user = newUser();
        String sn = placeOrder(user, 30_000);
        prepay(user, sn);
        String paymentSn = paymentSnOf(sn);
        String serial = sandboxKeys.platformSerial();
        PrivateKey platform = sandboxKeys.platform().getPrivate();

        String genuine = notification(transaction(paymentSn, MCHID, APPID, 30_000));
        KeyPair forger = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertRefused(genuine, signed(genuine, Instant.now(), forger.getPrivate(), serial), "signature does not verify");
        assertRefused(genuine, signed(genuine, Instant.now(), platform, "0000BADSERIAL"), "unknown platform certificate serial");
        assertRefused(genuine, signed(genuine, Instant.now().minus(Duration.ofMinutes(10)), platform, serial), "a replay");
        assertRefused(genuine, Map.of(), "missing header");
        String tampered = genuine.replace("\"id\":\"", "\"id\":\"x");
        assertRefused(tampered, signed(genuine, Instant.now(), platform, serial), "signature does not verify");

        String changedAmount = notification(transaction(paymentSn, MCHID, APPID, 1));
        assertRefused(changedAmount, signed(changedAmount, Instant.now(), platform, serial), "the notification says 1 CNY");
        String otherMerchant = notification(transaction(paymentSn, "9999999999", APPID, 30_000));
        assertRefused(otherMerchant, signed(otherMerchant, Instant.now(), platform, serial), "not ours");
        String unknownPayment = notification(transaction("PMT20261128000000000000000".substring(0, 25), MCHID, APPID, 30_000));
        assertRefused(unknownPayment, signed(unknownPayment, Instant.now(), platform, serial), "no payment");
        String wrongKey = notificationEncryptedWith("another-apiv3-key-0123456789abcd", transaction(paymentSn, MCHID, APPID, 30_000));
        assertRefused(wrongKey, signed(wrongKey, Instant.now(), platform, serial), "does not decrypt");
        assertRefused("{not json", signed("{not json", Instant.now(), platform, serial), "malformed");

        assertThat(payStatus(paymentSn)).isZero();
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE sn = '" + paymentSn + "' AND transaction_id <> ''")).isZero();
        assertThat(EVENTS.count(sn, PaymentSucceeded.class)).isZero();
    }

    @Test
    void aDuplicateOfAnAppliedNotificationIsAcknowledgedAndChangesNothing() {
        long user = newUser();
        String sn = placeOrder(user, 7_700);
        String paymentSn = payThroughSandbox(user, sn);
        String delivered = deliveredNotificationOf(paymentSn);
        assertThat(delivered).isNotNull();
        Map<String, Object> before = paymentRow(paymentSn);

        // the gateway's retry (same notification, signed again) and a second copy signed by the same platform key
        for (int i = 0; i < 3; i++) {
            callback(delivered, signed(delivered, Instant.now(), sandboxKeys.platform().getPrivate(), sandboxKeys.platformSerial()))
                    .expectStatus().isNoContent();
        }
        String sameFactsNewId = delivered.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\"");
        callback(sameFactsNewId, signed(sameFactsNewId, Instant.now(), sandboxKeys.platform().getPrivate(), sandboxKeys.platformSerial()))
                .expectStatus().isNoContent();

        assertThat(paymentRow(paymentSn)).isEqualTo(before);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> EVENTS.count(sn, PaymentSucceeded.class) == 1);
    }

    @Test
    void aCallbackThatFailsIsRetriedWithBackOffUntilItAnswers2xx() throws Exception {
        long user = newUser();
        String sn = placeOrder(user, 9_900);
        String prepayId = prepay(user, sn);
        String paymentSn = paymentSnOf(sn);
        AtomicInteger attempts = new AtomicInteger();
        List<String> nonces = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient forward = HttpClient.newHttpClient();
        flaky.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (nonces) {
                nonces.add(exchange.getRequestHeaders().getFirst(WechatPayMessages.NONCE));
                times.add(Instant.now());
            }
            int status = 503;
            if (attempts.incrementAndGet() > 2) { // the first two attempts find our callback down
                HttpRequest.Builder copy = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CALLBACK))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
                for (String h : List.of(WechatPayMessages.TIMESTAMP, WechatPayMessages.NONCE, WechatPayMessages.SIGNATURE,
                        WechatPayMessages.SERIAL)) {
                    copy.header(h, exchange.getRequestHeaders().getFirst(h));
                }
                try {
                    status = forward.send(copy.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        flaky.start();
        try {
            db.sql("UPDATE sandbox_transaction SET notify_url = :url WHERE prepay_id = :p")
                    .bind("url", "http://127.0.0.1:" + flaky.getAddress().getPort() + "/notify").bind("p", prepayId)
                    .fetch().rowsUpdated().block();

            sandboxPay(user, prepayId, true);

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == 1);
        } finally {
            flaky.stop(0);
        }
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(nonces).doesNotHaveDuplicates(); // each attempt is signed afresh
        // back-off 200 ms, then 400 ms (retries are picked up by the notifier's next turn, so gaps are at least that)
        assertThat(Duration.between(times.get(0), times.get(1))).as("first back-off").isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.between(times.get(1), times.get(2))).as("doubled back-off").isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(count("SELECT COUNT(*) FROM sandbox_notification WHERE url LIKE 'http://127.0.0.1:" + flaky.getAddress().getPort()
                + "/%' AND attempts = 3 AND delivered_at IS NOT NULL")).isEqualTo(1);
    }

    private void assertRefused(String body, Map<String, String> headers, String why) {
        callback(body, headers).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("FAIL")
                .jsonPath("$.message").value(message -> assertThat((String) message).contains(why));
    }

    private WebTestClient.ResponseSpec callback(String body, Map<String, String> headers) {
        return http.post().uri(CALLBACK).headers(h -> headers.forEach(h::set)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    /** The sandbox's delivered notification about {@code paymentSn} (found by decrypting each: the sandbox keeps them sealed). */
    private String deliveredNotificationOf(String paymentSn) {
        return db.sql("SELECT body FROM sandbox_notification WHERE delivered_at IS NOT NULL").map(r -> r.get("body", String.class))
                .all().filter(body -> {
                    try {
                        Map<?, ?> resource = (Map<?, ?>) json.readValue(body, Map.class).get("resource");
                        String plain = WechatPayCrypto.decrypt(API_V3_KEY, (String) resource.get("associated_data"),
                                (String) resource.get("nonce"), (String) resource.get("ciphertext"));
                        return paymentSn.equals(json.readValue(plain, Map.class).get("out_trade_no"));
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }).blockFirst();
    }

    private Map<String, Object> paymentRow(String paymentSn) {
        return db.sql("SELECT pay_status, trade_state, transaction_id, pay_time, version FROM third_payment WHERE sn = :sn")
                .bind("sn", paymentSn).fetch().one().block();
    }

    private String prepayOf(String paymentSn) {
        return db.sql("SELECT prepay_id FROM third_payment WHERE sn = :sn").bind("sn", paymentSn)
                .map(r -> r.get("prepay_id", String.class)).one().block();
    }

    private static Map<String, Object> transaction(String paymentSn, String mchid, String appid, long total) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("appid", appid);
        t.put("mchid", mchid);
        t.put("out_trade_no", paymentSn);
        t.put("transaction_id", "4200000000000000000000000001");
        t.put("trade_type", "JSAPI");
        t.put("trade_state", "SUCCESS");
        t.put("trade_state_desc", "ok");
        t.put("success_time", "2026-11-28T12:00:00+08:00");
        t.put("amount", Map.of("total", total, "payer_total", total, "currency", "CNY", "payer_currency", "CNY"));
        return t;
    }

    private String notification(Map<String, Object> resource) {
        return notificationEncryptedWith(API_V3_KEY, resource);
    }

    private String notificationEncryptedWith(String apiV3Key, Map<String, Object> resource) {
        String nonce = WechatPayCrypto.nonce(12);
        return json.writeValueAsString(Map.of("id", UUID.randomUUID().toString(), "create_time", "2026-11-28T12:00:00+08:00",
                "resource_type", "encrypt-resource", "event_type", "TRANSACTION.SUCCESS", "summary", "ok",
                "resource", Map.of("original_type", "transaction", "algorithm", "AEAD_AES_256_GCM", "associated_data", "transaction",
                        "nonce", nonce, "ciphertext", WechatPayCrypto.encrypt(apiV3Key, "transaction", nonce,
                                json.writeValueAsString(resource)))));
    }

    private static Map<String, String> signed(String body, Instant at, PrivateKey key, String serial) {
        String timestamp = Long.toString(at.getEpochSecond());
        String nonce = WechatPayCrypto.nonce(32);
        return Map.of(WechatPayMessages.TIMESTAMP, timestamp, WechatPayMessages.NONCE, nonce, WechatPayMessages.SERIAL, serial,
                WechatPayMessages.SIGNATURE, WechatPayCrypto.sign(key, WechatPayCrypto.message(timestamp, nonce, body)));
    }
}
