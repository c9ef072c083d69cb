package io.looklook.payment.adapter.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.looklook.payment.application.PaymentGateway;
import io.looklook.payment.domain.Payment;
import io.looklook.platform.money.Money;

/** Response bodies of looklook's payment-api, same field names. */
public final class PaymentViews {

    private PaymentViews() {
    }

    /** The arguments of {@code wx.requestPayment}, all strings, as looklook returns them. */
    public record ThirdPaymentWxPayResp(String appid, String nonceStr, String paySign, @JsonProperty("package") String packageValue,
                                        String timestamp, String signType) {

        static ThirdPaymentWxPayResp of(PaymentGateway.PrepayParams p) {
            return new ThirdPaymentWxPayResp(p.appId(), p.nonceStr(), p.paySign(), p.packageValue(), p.timeStamp(), p.signType());
        }
    }

    /**
     * The latest payment of an order. {@code payStatus}: -1 failed, 0 waiting, 1 paid, 2 refunded; {@code tradeState} is
     * the gateway's word for it; {@code payTotal} in yuan; {@code payTime} unix seconds, 0 until paid.
     */
    public record ThirdPaymentStatusResp(String orderSn, String paymentSn, int payStatus, String tradeState, String tradeStateDesc,
                                         double payTotal, String payMode, long payTime, long expireTime) {

        static ThirdPaymentStatusResp of(Payment p) {
            return new ThirdPaymentStatusResp(p.orderSn(), p.sn(), p.payStatus().code(), p.tradeState(), p.tradeStateDesc(),
                    Money.fenToYuan(p.payTotal()), p.payMode(), p.payTime() == null ? 0 : p.payTime().getEpochSecond(),
                    p.expiresAt().getEpochSecond());
        }
    }
}
