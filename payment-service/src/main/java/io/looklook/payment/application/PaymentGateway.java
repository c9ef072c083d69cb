package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import java.time.Instant;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The payment gateway (WeChat Pay v3 JSAPI in looklook). Calls are idempotent on our numbers (out_trade_no,
 * out_refund_no), so a retry after a crash or a timeout never pays or refunds twice. Outcomes arrive later as signed
 * notifications on our callback routes, which {@link #verify} checks.
 */
public interface PaymentGateway {

    /**
     * Opens (or finds again) the gateway order for {@code paymentSn}, payable only by the WeChat user
     * {@code payerOpenid}; it takes no money after {@code expiresAt}.
     */
    Mono<PrepayParams> prepay(String paymentSn, long amount, String description, String payerOpenid, Instant expiresAt);

    /** Asks for a full refund; the outcome arrives as a refund notification. */
    Mono<Void> refund(String refundSn, String paymentSn, long amount);

    /**
     * A notification's signature, age, merchant and app checked and its resource decrypted, or an
     * {@link InvalidNotificationException}: nothing in it may be trusted before this.
     */
    Mono<GatewayNotice> verify(Map<String, String> headers, String body);

    /** The parameters the client passes to {@code wx.requestPayment}. */
    record PrepayParams(String prepayId, String appId, String timeStamp, String nonceStr, String packageValue,
                        String signType, String paySign) {
    }
}
