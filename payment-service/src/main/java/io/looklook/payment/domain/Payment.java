package io.looklook.payment.domain;

import java.time.Instant;

/**
 * One attempt to pay an order through the gateway ({@code third_payment}). {@code sn} is the gateway's
 * out_trade_no; {@code expiresAt} is the order's pay deadline, after which the gateway takes no money.
 */
public record Payment(String sn, String orderSn, long userId, String serviceType, String payMode, long payTotal,
                      PayStatus payStatus, String tradeState, String tradeStateDesc, String transactionId, Instant payTime,
                      String prepayId, Instant expiresAt, Instant createTime) {

    public static final String WECHAT_PAY = "WECHAT_PAY";

    public static Payment open(String sn, PayableOrder order, Instant now) {
        return new Payment(sn, order.orderSn(), order.userId(), ServiceType.HOMESTAY_ORDER, WECHAT_PAY, order.total(),
                PayStatus.WAITING, "NOTPAY", "", "", null, "", order.payDeadline(), now);
    }
}
