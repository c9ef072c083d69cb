package io.looklook.payment.adapter.gateway.sandbox;

import io.looklook.payment.adapter.gateway.CallbackUrls;
import io.looklook.payment.adapter.gateway.WechatPayCrypto;
import io.looklook.payment.adapter.gateway.WechatPayNotifications;
import io.looklook.payment.adapter.gateway.WechatPayProperties;
import io.looklook.payment.application.PaymentGateway;
import io.looklook.payment.domain.GatewayNotice;
import io.looklook.platform.error.BusinessException;
import io.looklook.platform.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payment gateway that behaves like WeChat Pay v3 JSAPI, in this process, so the whole flow runs locally:
 * prepay with {@code time_expire}, a route that plays the payer ({@link SandboxController}), and signed, encrypted
 * notifications ({@link SandboxNotifier}) retried until our callback answers 2xx; refunds with their own
 * notification. Only for {@code looklook.payment.gateway=sandbox}.
 */
public class SandboxGateway implements PaymentGateway {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private final SandboxLedger ledger;
    private final SandboxKeys keys;
    private final WechatPayProperties merchant;
    private final WechatPayNotifications notifications;
    private final CallbackUrls callbacks;
    private final JsonMapper json;
    private final Clock clock;
    private final Runnable notifierWakeUp;

    SandboxGateway(SandboxLedger ledger, SandboxKeys keys, WechatPayProperties merchant, CallbackUrls callbacks, JsonMapper json,
                   Clock clock, Runnable notifierWakeUp) {
        this.ledger = ledger;
        this.keys = keys;
        this.merchant = merchant;
        this.callbacks = callbacks;
        this.json = json;
        this.clock = clock;
        this.notifierWakeUp = notifierWakeUp;
        this.notifications = new WechatPayNotifications(merchant, keys::platformKey, json, clock);
    }

    @Override
    public Mono<PrepayParams> prepay(String paymentSn, long amount, String description, String payerOpenid, Instant expiresAt) {
        SandboxLedger.Transaction request = new SandboxLedger.Transaction("wx" + SandboxLedger.digits(30), paymentSn,
                merchant.appid(), merchant.mchid(), payerOpenid, amount, expiresAt, callbacks.paymentNotifyUrl(),
                "NOTPAY", "", null);
        return ledger.prepay(request).map(this::requestPaymentParams);
    }

    /** What {@code wx.requestPayment} needs, signed with the merchant key as the v3 SDK's PrepayWithRequestPayment does. */
    private PrepayParams requestPaymentParams(String prepayId) {
        String timeStamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = WechatPayCrypto.nonce(32);
        String packageValue = "prepay_id=" + prepayId;
        String paySign = WechatPayCrypto.sign(keys.merchant().getPrivate(),
                WechatPayCrypto.message(merchant.appid(), timeStamp, nonce, packageValue));
        return new PrepayParams(prepayId, merchant.appid(), timeStamp, nonce, packageValue, "RSA", paySign);
    }

    @Override
    public Mono<Void> refund(String refundSn, String paymentSn, long amount) {
        String url = callbacks.refundNotifyUrl();
        String refundId = "50" + SandboxLedger.digits(28);
        return ledger.refund(refundSn, refundId, paymentSn, amount, url, t -> refundNotification(refundSn, refundId, t, url))
                .doOnSuccess(done -> notifierWakeUp.run());
    }

    @Override
    public Mono<GatewayNotice> verify(Map<String, String> headers, String body) {
        // RSA verification is CPU work: off the event loop
        return Mono.fromCallable(() -> notifications.verify(headers, body)).subscribeOn(Schedulers.parallel());
    }

    @Override
    public Mono<GatewayNotice.Transaction> query(String paymentSn) {
        return ledger.transaction(paymentSn).map(t -> new GatewayNotice.Transaction(PaymentGateway.queriedId(paymentSn,
                t.tradeState()), t.outTradeNo(), t.transactionId(), "JSAPI", t.tradeState(), describe(t.tradeState()), t.amount(),
                "CNY", t.successTime()));
    }

    @Override
    public Mono<Void> close(String paymentSn) {
        return ledger.close(paymentSn);
    }

    @Override
    public Mono<GatewayNotice.Refund> queryRefund(String refundSn) {
        return ledger.refundOf(refundSn).map(r -> new GatewayNotice.Refund(PaymentGateway.queriedId(refundSn, "SUCCESS"),
                r.outRefundNo(), r.outTradeNo(), r.refundId(), "SUCCESS", r.amount(), r.successTime()));
    }

    /** WeChat's bill days are China's calendar days. */
    @Override
    public Flux<BillLine> tradeBill(LocalDate day) {
        return ledger.bill(day.atStartOfDay(CHINA).toInstant(), day.plusDays(1).atStartOfDay(CHINA).toInstant());
    }

    private static String describe(String tradeState) {
        return switch (tradeState) {
            case "SUCCESS" -> "支付成功";
            case "NOTPAY" -> "订单未支付";
            case "CLOSED" -> "订单已关闭";
            case "REFUND" -> "转入退款";
            default -> "支付失败，请重新下单支付";
        };
    }

    /** The payer (the openid the prepay named) pays, or fails to pay, before the expiry. */
    Mono<SandboxLedger.Transaction> pay(String prepayId, boolean success, String payerOpenid) {
        return ledger.pay(prepayId, t -> outcome(t, success, payerOpenid),
                        paid -> notification(paid.notifyUrl(), success ? "TRANSACTION.SUCCESS" : "TRANSACTION.PAYERROR",
                                "transaction", transactionResource(paid)))
                .doOnSuccess(paid -> notifierWakeUp.run());
    }

    private SandboxLedger.Transaction outcome(SandboxLedger.Transaction t, boolean success, String payerOpenid) {
        if (!t.payerOpenid().equals(payerOpenid)) {
            throw new BusinessException(ErrorCode.FORBIDDEN, "this prepay was opened for another payer");
        }
        if (!"NOTPAY".equals(t.tradeState())) {
            throw BusinessException.conflict("prepay " + t.prepayId() + " is " + t.tradeState());
        }
        if (!clock.instant().isBefore(t.expiresAt())) {
            throw BusinessException.conflict("prepay " + t.prepayId() + " expired at " + t.expiresAt() + " (time_expire)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return success
                ? new SandboxLedger.Transaction(t.prepayId(), t.outTradeNo(), t.appid(), t.mchid(), t.payerOpenid(), t.amount(),
                        t.expiresAt(), t.notifyUrl(), "SUCCESS", "42" + SandboxLedger.digits(26), now)
                : new SandboxLedger.Transaction(t.prepayId(), t.outTradeNo(), t.appid(), t.mchid(), t.payerOpenid(), t.amount(),
                        t.expiresAt(), t.notifyUrl(), "PAYERROR", "42" + SandboxLedger.digits(26), null);
    }

    private Map<String, Object> transactionResource(SandboxLedger.Transaction t) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("appid", t.appid());
        resource.put("mchid", t.mchid());
        resource.put("out_trade_no", t.outTradeNo());
        resource.put("transaction_id", t.transactionId());
        resource.put("trade_type", "JSAPI");
        resource.put("trade_state", t.tradeState());
        resource.put("trade_state_desc", describe(t.tradeState()));
        resource.put("bank_type", "OTHERS");
        resource.put("attach", "");
        if (t.successTime() != null) {
            resource.put("success_time", RFC3339.format(t.successTime().atOffset(CHINA)));
        }
        resource.put("payer", Map.of("openid", t.payerOpenid()));
        resource.put("amount", Map.of("total", t.amount(), "payer_total", t.amount(), "currency", "CNY", "payer_currency", "CNY"));
        return resource;
    }

    private SandboxLedger.Notification refundNotification(String refundSn, String refundId, SandboxLedger.Transaction t, String url) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("mchid", t.mchid());
        resource.put("out_trade_no", t.outTradeNo());
        resource.put("transaction_id", t.transactionId());
        resource.put("out_refund_no", refundSn);
        resource.put("refund_id", refundId);
        resource.put("refund_status", "SUCCESS");
        resource.put("success_time", RFC3339.format(clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(CHINA)));
        resource.put("user_received_account", "支付用户零钱");
        resource.put("amount", Map.of("total", t.amount(), "refund", t.amount(), "payer_total", t.amount(), "payer_refund", t.amount()));
        return notification(url, "REFUND.SUCCESS", "refund", resource);
    }

    /** A v3 notification (its id stays the same on every retry) with the resource encrypted under the APIv3 key. */
    private SandboxLedger.Notification notification(String url, String eventType, String originalType, Map<String, Object> resource) {
        String id = SandboxLedger.newNotificationId();
        String nonce = WechatPayCrypto.nonce(12);
        Map<String, Object> encrypted = new LinkedHashMap<>();
        encrypted.put("original_type", originalType);
        encrypted.put("algorithm", "AEAD_AES_256_GCM");
        encrypted.put("ciphertext", WechatPayCrypto.encrypt(merchant.apiV3Key(), originalType, nonce, json.writeValueAsString(resource)));
        encrypted.put("associated_data", originalType);
        encrypted.put("nonce", nonce);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("create_time", RFC3339.format(clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(CHINA)));
        envelope.put("resource_type", "encrypt-resource");
        envelope.put("event_type", eventType);
        envelope.put("summary", eventType.endsWith("SUCCESS") ? "支付成功" : "支付失败");
        envelope.put("resource", encrypted);
        return new SandboxLedger.Notification(id, url, json.writeValueAsString(envelope), 0);
    }
}
