package io.looklook.payment.adapter.gateway.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.looklook.payment.adapter.gateway.CallbackUrls;
import io.looklook.payment.adapter.gateway.WechatPayCrypto;
import io.looklook.payment.adapter.gateway.WechatPayMessages;
import io.looklook.payment.adapter.gateway.WechatPayProperties;
import io.looklook.payment.application.GatewayRefusedException;
import io.looklook.payment.application.InvalidNotificationException;
import io.looklook.payment.application.PaymentGateway;
import io.looklook.payment.application.PaymentGateway.BillLine;
import io.looklook.payment.domain.GatewayNotice;
import io.looklook.platform.error.FailureKind;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WeChat Pay adapter against {@link FakeWechatPay}: what it sends (paths, bodies, signed Authorization), how it
 * maps WeChat's answers onto the port, and how it fails. Every call is made from a Reactor parallel thread, where
 * BlockHound (test-support) fails the test if the SDK's blocking I/O ran there instead of on boundedElastic.
 */
class WechatPayGatewayTest {

    private static final String APPID = "wx-test-app";
    private static final String MCHID = "1230000109";
    private static final String API_V3_KEY = "test-only-apiv3-key-0123456789ab";
    private static final String NOTIFY_URL = "https://looklook.example/payment/v1/thirdPayment/thirdPaymentWxPayCallback";
    private static final String REFUND_NOTIFY_URL = "https://looklook.example/payment/v1/thirdPayment/thirdPaymentWxRefundCallback";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static FakeWechatPay wechat;
    private static WechatPayGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        wechat = new FakeWechatPay(MCHID);
        gateway = gateway(wechat.baseUrl());
    }

    @AfterAll
    static void stop() {
        wechat.close();
    }

    @BeforeEach
    void reset() {
        wechat.reset();
    }

    /** Built as the Spring configuration builds it, from PEM text. */
    private static WechatPayGateway gateway(URI baseUrl) {
        WechatPayProperties merchant = new WechatPayProperties(APPID, MCHID, API_V3_KEY, NOTIFY_URL, REFUND_NOTIFY_URL, null);
        WechatPayApiProperties api = new WechatPayApiProperties(FakeWechatPay.MERCHANT_SERIAL,
                FakeWechatPay.pem("PRIVATE KEY", wechat.merchant.getPrivate().getEncoded()), null, FakeWechatPay.PUBLIC_KEY_ID,
                FakeWechatPay.publicPem(wechat.platform.getPublic()), null, baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(5));
        return new WechatPayConfig().wechatPayGateway(merchant, api, new CallbackUrls(merchant, new MockEnvironment()), JSON,
                Clock.systemUTC());
    }

    @Test
    void prepayOpensTheJsapiOrderAndSignsThePaymentParameters() {
        wechat.answer("POST", "/v3/pay/transactions/jsapi", FakeWechatPay.Answer.json(200, "{\"prepay_id\":\"wx201410272009395522657a690389285100\"}"));
        Instant expiresAt = Instant.parse("2026-03-01T04:15:30.250Z");

        PaymentGateway.PrepayParams params = await(gateway.prepay("PMT20260301001", 8800, "looklook homestay", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", expiresAt));

        FakeWechatPay.Received request = wechat.last("POST", "/v3/pay/transactions/jsapi");
        assertThat(request.authorizationProblem()).isNull();
        assertThat(request.wechatpaySerial()).isEqualTo(FakeWechatPay.PUBLIC_KEY_ID);
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("appid").asString()).isEqualTo(APPID);
        assertThat(body.get("mchid").asString()).isEqualTo(MCHID);
        assertThat(body.get("out_trade_no").asString()).isEqualTo("PMT20260301001");
        assertThat(body.get("description").asString()).isEqualTo("looklook homestay");
        assertThat(body.get("time_expire").asString()).isEqualTo("2026-03-01T12:15:30+08:00");
        assertThat(body.get("notify_url").asString()).isEqualTo(NOTIFY_URL);
        assertThat(body.get("amount").get("total").asLong()).isEqualTo(8800);
        assertThat(body.get("amount").get("currency").asString()).isEqualTo("CNY");
        assertThat(body.get("payer").get("openid").asString()).isEqualTo("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");

        assertThat(params.prepayId()).isEqualTo("wx201410272009395522657a690389285100");
        assertThat(params.appId()).isEqualTo(APPID);
        assertThat(params.packageValue()).isEqualTo("prepay_id=wx201410272009395522657a690389285100");
        assertThat(params.signType()).isEqualTo("RSA");
        assertThat(params.nonceStr()).hasSize(32);
        assertThat(Long.parseLong(params.timeStamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        // what wx.requestPayment's paySign must be: our merchant key over appId, timeStamp, nonceStr, package
        assertThat(WechatPayCrypto.verify(wechat.merchant.getPublic(),
                WechatPayCrypto.message(APPID, params.timeStamp(), params.nonceStr(), params.packageValue()), params.paySign())).isTrue();
    }

    @Test
    void queryMapsPaidUnpaidAndUnknownOrders() {
        String path = "/v3/pay/transactions/out-trade-no/PMT001";
        wechat.answer("GET", path, FakeWechatPay.Answer.json(200, """
                {"appid":"wx-test-app","mchid":"1230000109","out_trade_no":"PMT001","transaction_id":"4200000001202603010000000001",
                 "trade_type":"JSAPI","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS",
                 "success_time":"2026-03-01T10:00:01+08:00","payer":{"openid":"oUpF8u"},
                 "amount":{"total":8800,"payer_total":8800,"currency":"CNY","payer_currency":"CNY"},"promotion_detail":[]}"""));

        GatewayNotice.Transaction paid = await(gateway.query("PMT001"));

        assertThat(wechat.last("GET", path).uri()).isEqualTo(path + "?mchid=" + MCHID);
        assertThat(wechat.last("GET", path).authorizationProblem()).isNull();
        assertThat(paid).isEqualTo(new GatewayNotice.Transaction(PaymentGateway.queriedId("PMT001", "SUCCESS"), "PMT001",
                "4200000001202603010000000001", "JSAPI", "SUCCESS", "支付成功", 8800, "CNY", Instant.parse("2026-03-01T02:00:01Z")));
        assertThat(paid.succeeded()).isTrue();

        wechat.answer("GET", "/v3/pay/transactions/out-trade-no/PMT002", FakeWechatPay.Answer.json(200, """
                {"appid":"wx-test-app","mchid":"1230000109","out_trade_no":"PMT002","trade_state":"NOTPAY",
                 "trade_state_desc":"订单未支付","amount":{"total":100,"currency":"CNY","payer_currency":"CNY"}}"""));
        GatewayNotice.Transaction unpaid = await(gateway.query("PMT002"));
        assertThat(unpaid.tradeState()).isEqualTo("NOTPAY");
        assertThat(unpaid.notificationId()).isEqualTo(PaymentGateway.queriedId("PMT002", "NOTPAY"));
        assertThat(unpaid.transactionId()).isEmpty();
        assertThat(unpaid.successTime()).isNull();
        assertThat(unpaid.succeeded() || unpaid.failed()).isFalse();

        wechat.answer("GET", "/v3/pay/transactions/out-trade-no/PMT003", FakeWechatPay.Answer.error(404, "ORDER_NOT_EXIST", "订单不存在"));
        assertThat(await(gateway.query("PMT003"))).isNull();
    }

    @Test
    void closeClosesIsANoOpForAnUnknownOrderAndIsRefusedForAPaidOne() {
        wechat.answer("POST", "/v3/pay/transactions/out-trade-no/PMT010/close", FakeWechatPay.Answer.noContent());
        await(gateway.close("PMT010"));
        FakeWechatPay.Received close = wechat.last("POST", "/v3/pay/transactions/out-trade-no/PMT010/close");
        assertThat(close.authorizationProblem()).isNull();
        assertThat(JSON.readTree(close.body()).get("mchid").asString()).isEqualTo(MCHID);

        wechat.answer("POST", "/v3/pay/transactions/out-trade-no/PMT011/close", FakeWechatPay.Answer.error(404, "ORDER_NOT_EXIST", "订单不存在"));
        await(gateway.close("PMT011"));

        wechat.answer("POST", "/v3/pay/transactions/out-trade-no/PMT012/close", FakeWechatPay.Answer.error(400, "ORDERPAID", "订单已支付"));
        assertThatThrownBy(() -> await(gateway.close("PMT012")))
                .isInstanceOfSatisfying(GatewayRefusedException.class, e -> assertThat(e.code()).isEqualTo("ORDERPAID"));
    }

    @Test
    void refundIsSubmittedAndQueried() {
        wechat.answer("POST", "/v3/refund/domestic/refunds", FakeWechatPay.Answer.json(200, refundJson("PROCESSING", null)));
        await(gateway.refund("RFD001", "PMT001", 8800));
        FakeWechatPay.Received submitted = wechat.last("POST", "/v3/refund/domestic/refunds");
        assertThat(submitted.authorizationProblem()).isNull();
        JsonNode body = JSON.readTree(submitted.body());
        assertThat(body.get("out_trade_no").asString()).isEqualTo("PMT001");
        assertThat(body.get("out_refund_no").asString()).isEqualTo("RFD001");
        assertThat(body.get("notify_url").asString()).isEqualTo(REFUND_NOTIFY_URL);
        assertThat(body.get("amount").get("refund").asLong()).isEqualTo(8800);
        assertThat(body.get("amount").get("total").asLong()).isEqualTo(8800);
        assertThat(body.get("amount").get("currency").asString()).isEqualTo("CNY");

        wechat.answer("GET", "/v3/refund/domestic/refunds/RFD001", FakeWechatPay.Answer.json(200, refundJson("PROCESSING", null)));
        GatewayNotice.Refund processing = await(gateway.queryRefund("RFD001"));
        assertThat(processing.settled()).isFalse();
        assertThat(wechat.last("GET", "/v3/refund/domestic/refunds/RFD001").authorizationProblem()).isNull();

        wechat.answer("GET", "/v3/refund/domestic/refunds/RFD001", FakeWechatPay.Answer.json(200, refundJson("SUCCESS", "2026-03-01T11:00:05+08:00")));
        assertThat(await(gateway.queryRefund("RFD001"))).isEqualTo(new GatewayNotice.Refund(PaymentGateway.queriedId("RFD001", "SUCCESS"),
                "RFD001", "PMT001", "50300000012026030100000000001", "SUCCESS", 8800, Instant.parse("2026-03-01T03:00:05Z")));

        wechat.answer("GET", "/v3/refund/domestic/refunds/RFD404", FakeWechatPay.Answer.error(404, "RESOURCE_NOT_EXISTS", "退款单不存在"));
        assertThat(await(gateway.queryRefund("RFD404"))).isNull();
    }

    private static String refundJson(String status, String successTime) {
        return "{\"refund_id\":\"50300000012026030100000000001\",\"out_refund_no\":\"RFD001\",\"transaction_id\":\"4200000001202603010000000001\","
                + "\"out_trade_no\":\"PMT001\",\"channel\":\"ORIGINAL\",\"user_received_account\":\"支付用户零钱\","
                + (successTime == null ? "" : "\"success_time\":\"" + successTime + "\",")
                + "\"create_time\":\"2026-03-01T11:00:00+08:00\",\"status\":\"" + status + "\",\"funds_account\":\"AVAILABLE\","
                + "\"amount\":{\"total\":8800,\"refund\":8800,\"payer_total\":8800,\"payer_refund\":8800,\"settlement_refund\":8800,"
                + "\"settlement_total\":8800,\"discount_refund\":0,\"currency\":\"CNY\"},\"promotion_detail\":[]}";
    }

    /** WeChat's ALL bill: header, backquoted detail lines (a payment, a refund, another app's payment), then the summary. */
    private static final String BILL = """
            交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注
            `2026-03-01 10:00:01,`wx-test-app,`1230000109,`0,`,`4200000001202603010000000001,`PMT001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`88.00,`0.00,`0,`0,`0.00,`0.00,`,`,`looklook homestay, 2 nights,`,`0.53000,`0.60%,`88.00,`0.00,`
            `2026-03-01 11:00:00,`wx-test-app,`1230000109,`0,`,`4200000001202603010000000002,`PMT002,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000012026030100000000001,`RFD002,`120.50,`0.00,`ORIGINAL,`SUCCESS,`looklook homestay,`,`-0.72000,`0.60%,`0.00,`120.50,`
            `2026-03-01 12:00:00,`wx-other-app,`1230000109,`0,`,`4200000001202603010000000003,`SHOP77,`oXyz,`JSAPI,`SUCCESS,`OTHERS,`CNY,`5.00,`0.00,`0,`0,`0.00,`0.00,`,`,`another app,`,`0.03000,`0.60%,`5.00,`0.00,`
            总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额
            `3,`93.00,`120.50,`0.00,`-0.16000,`93.00,`120.50
            """;

    @Test
    void tradeBillKeepsOurPaymentAndRefundLinesAndChecksTheFileHash() throws Exception {
        billAnswers(BILL, sha1(BILL));

        List<BillLine> lines = await(gateway.tradeBill(LocalDate.parse("2026-03-01")));

        FakeWechatPay.Received asked = wechat.last("GET", "/v3/bill/tradebill");
        assertThat(asked.uri()).isEqualTo("/v3/bill/tradebill?bill_date=2026-03-01&bill_type=ALL");
        assertThat(asked.authorizationProblem()).isNull();
        assertThat(wechat.last("GET", "/v3/billdownload/file").authorizationProblem()).isNull();
        assertThat(lines).containsExactly(
                new BillLine("PMT001", "4200000001202603010000000001", "SUCCESS", 8800, "", 0),
                new BillLine("PMT002", "4200000001202603010000000002", "REFUND", 0, "RFD002", 12050));

        billAnswers(BILL.replace("`88.00", "`8.00"), sha1(BILL));
        assertThatThrownBy(() -> await(gateway.tradeBill(LocalDate.parse("2026-03-01"))))
                .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.TRANSIENT))
                .hasMessageContaining("SHA-1");

        wechat.answer("GET", "/v3/bill/tradebill", FakeWechatPay.Answer.error(400, "NO_STATEMENT_EXIST", "请求的账单文件不存在"));
        assertThat(await(gateway.tradeBill(LocalDate.parse("2026-03-02")))).isEmpty();

        wechat.answer("GET", "/v3/bill/tradebill", FakeWechatPay.Answer.error(400, "STATEMENT_CREATING", "账单生成中"));
        assertThatThrownBy(() -> await(gateway.tradeBill(LocalDate.parse("2026-03-02"))))
                .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.TRANSIENT));
    }

    private static void billAnswers(String file, String sha1) {
        // the download URL names WeChat's host: the adapter's base URL takes it to the test server too
        wechat.answer("GET", "/v3/bill/tradebill", FakeWechatPay.Answer.json(200, "{\"hash_type\":\"SHA1\",\"hash_value\":\"" + sha1
                + "\",\"download_url\":\"https://api.mch.weixin.qq.com/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2\"}"));
        wechat.answer("GET", "/v3/billdownload/file", FakeWechatPay.Answer.file(file));
    }

    @Test
    void serverErrorsThrottlingAndNoAnswerAreTransient() throws Exception {
        wechat.answer("GET", "/v3/pay/transactions/out-trade-no/PMT500", FakeWechatPay.Answer.error(500, "SYSTEM_ERROR", "系统错误"));
        assertTransient(() -> await(gateway.query("PMT500")), "SYSTEM_ERROR");

        wechat.answer("POST", "/v3/refund/domestic/refunds", FakeWechatPay.Answer.error(429, "FREQUENCY_LIMITED", "频率超限"));
        assertTransient(() -> await(gateway.refund("RFD429", "PMT429", 100)), "FREQUENCY_LIMITED");

        // a proxy's error page, not WeChat's JSON
        wechat.answer("GET", "/v3/pay/transactions/out-trade-no/PMT502",
                new FakeWechatPay.Answer(502, "text/html", "<html><body>502 Bad Gateway</body></html>", false, false));
        assertTransient(() -> await(gateway.query("PMT502")), "HTTP_502");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WechatPayGateway unreachable = gateway(URI.create("http://127.0.0.1:" + closedPort));
        assertTransient(() -> await(unreachable.query("PMT001")), "could not be reached");

        // a refusal is not transient: asking again the same way gets the same answer
        wechat.answer("POST", "/v3/pay/transactions/jsapi", FakeWechatPay.Answer.error(400, "PARAM_ERROR", "参数错误"));
        assertThatThrownBy(() -> await(gateway.prepay("PMT400", 1, "x", "o", Instant.now().plusSeconds(600))))
                .isInstanceOfSatisfying(GatewayRefusedException.class, e -> assertThat(e.code()).isEqualTo("PARAM_ERROR"))
                .satisfies(e -> assertThat(FailureKind.of(e)).isNotEqualTo(FailureKind.TRANSIENT));
    }

    private static void assertTransient(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String said) {
        assertThatThrownBy(call)
                .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.TRANSIENT))
                .hasMessageContaining(said);
    }

    @Test
    void anAnswerNotSignedByWechatPayIsNeverAResult() {
        wechat.answer("GET", "/v3/pay/transactions/out-trade-no/PMT001", FakeWechatPay.Answer.json(200, """
                {"appid":"wx-test-app","mchid":"1230000109","out_trade_no":"PMT001","transaction_id":"4200000001202603010000000001",
                 "trade_type":"JSAPI","trade_state":"SUCCESS","trade_state_desc":"支付成功","success_time":"2026-03-01T10:00:01+08:00",
                 "amount":{"total":8800,"currency":"CNY"}}""").forgedSignature());
        assertThatThrownBy(() -> await(gateway.query("PMT001")))
                .isInstanceOf(WechatPayGateway.UntrustedAnswerException.class)
                .hasMessageContaining("signature");

        wechat.answer("POST", "/v3/pay/transactions/out-trade-no/PMT001/close", FakeWechatPay.Answer.noContent().forgedSignature());
        assertThatThrownBy(() -> await(gateway.close("PMT001"))).isInstanceOf(WechatPayGateway.UntrustedAnswerException.class);
    }

    @Test
    void notificationsAreVerifiedWithTheConfiguredWechatPayPublicKey() {
        String resource = "{\"appid\":\"wx-test-app\",\"mchid\":\"1230000109\",\"out_trade_no\":\"PMT001\","
                + "\"transaction_id\":\"4200000001202603010000000001\",\"trade_type\":\"JSAPI\",\"trade_state\":\"SUCCESS\","
                + "\"trade_state_desc\":\"支付成功\",\"success_time\":\"2026-03-01T10:00:01+08:00\",\"payer\":{\"openid\":\"oUpF8u\"},"
                + "\"amount\":{\"total\":8800,\"payer_total\":8800,\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
        String nonce = WechatPayCrypto.nonce(12);
        String body = "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2026-03-01T10:00:02+08:00\",\"resource_type\":\"encrypt-resource\","
                + "\"event_type\":\"TRANSACTION.SUCCESS\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\","
                + "\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"" + WechatPayCrypto.encrypt(API_V3_KEY, "transaction", nonce, resource)
                + "\",\"associated_data\":\"transaction\",\"nonce\":\"" + nonce + "\"}}";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signatureNonce = WechatPayCrypto.nonce(32);
        String signature = WechatPayCrypto.sign(wechat.platform.getPrivate(), WechatPayCrypto.message(timestamp, signatureNonce, body));

        GatewayNotice notice = await(gateway.verify(headers(timestamp, signatureNonce, signature, FakeWechatPay.PUBLIC_KEY_ID), body));
        assertThat(notice).isInstanceOfSatisfying(GatewayNotice.Transaction.class, t -> {
            assertThat(t.notificationId()).isEqualTo("EV-2018022511223320873");
            assertThat(t.succeeded()).isTrue();
            assertThat(t.total()).isEqualTo(8800);
        });

        assertThatThrownBy(() -> await(gateway.verify(headers(timestamp, signatureNonce, signature, "PUB_KEY_ID_SOMEONE_ELSE"), body)))
                .isInstanceOf(InvalidNotificationException.class);
        String forged = WechatPayCrypto.sign(wechat.merchant.getPrivate(), WechatPayCrypto.message(timestamp, signatureNonce, body));
        assertThatThrownBy(() -> await(gateway.verify(headers(timestamp, signatureNonce, forged, FakeWechatPay.PUBLIC_KEY_ID), body)))
                .isInstanceOf(InvalidNotificationException.class);
    }

    private static Map<String, String> headers(String timestamp, String nonce, String signature, String serial) {
        return Map.of(WechatPayMessages.TIMESTAMP, timestamp, WechatPayMessages.NONCE, nonce, WechatPayMessages.SIGNATURE, signature,
                WechatPayMessages.SERIAL, serial);
    }

    /** Subscribed from a non-blocking thread: BlockHound fails the test if the SDK's I/O ran on it. */
    private static <T> T await(Mono<T> call) {
        return call.subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(15));
    }

    private static <T> List<T> await(Flux<T> call) {
        return await(call.collectList());
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
