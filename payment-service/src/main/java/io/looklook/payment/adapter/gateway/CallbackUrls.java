package io.looklook.payment.adapter.gateway;

import org.springframework.core.env.Environment;

/**
 * Where the gateway sends its notifications: configured ({@code looklook.payment.wechat.notify-url}, the public URL
 * in production), else this process's own callback routes on loopback (the local stack and tests, where the sandbox
 * runs in this process and the port may be random).
 */
public class CallbackUrls {

    public static final String PAYMENT_CALLBACK = "/payment/v1/thirdPayment/thirdPaymentWxPayCallback";
    public static final String REFUND_CALLBACK = "/payment/v1/thirdPayment/thirdPaymentWxRefundCallback";

    private final WechatPayProperties merchant;
    private final Environment environment;

    public CallbackUrls(WechatPayProperties merchant, Environment environment) {
        this.merchant = merchant;
        this.environment = environment;
    }

    public String paymentNotifyUrl() {
        return merchant.notifyUrl() != null ? merchant.notifyUrl() : self() + PAYMENT_CALLBACK;
    }

    public String refundNotifyUrl() {
        return merchant.refundNotifyUrl() != null ? merchant.refundNotifyUrl() : self() + REFUND_CALLBACK;
    }

    private String self() {
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    }
}
