package io.looklook.payment.adapter.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** WeChat Pay v3 notification bodies, field for field (snake_case on the wire). */
public final class WechatPayMessages {

    /** Headers of a signed v3 notification. */
    public static final String TIMESTAMP = "Wechatpay-Timestamp";
    public static final String NONCE = "Wechatpay-Nonce";
    public static final String SIGNATURE = "Wechatpay-Signature";
    public static final String SERIAL = "Wechatpay-Serial";

    private WechatPayMessages() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope(String id, @JsonProperty("create_time") String createTime, @JsonProperty("event_type") String eventType,
                           @JsonProperty("resource_type") String resourceType, String summary, Resource resource) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resource(String algorithm, String ciphertext, @JsonProperty("associated_data") String associatedData,
                           @JsonProperty("original_type") String originalType, String nonce) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transaction(String appid, String mchid, @JsonProperty("out_trade_no") String outTradeNo,
                              @JsonProperty("transaction_id") String transactionId, @JsonProperty("trade_type") String tradeType,
                              @JsonProperty("trade_state") String tradeState, @JsonProperty("trade_state_desc") String tradeStateDesc,
                              @JsonProperty("success_time") String successTime, Payer payer, Amount amount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payer(String openid) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Amount(Long total, @JsonProperty("payer_total") Long payerTotal, String currency,
                         @JsonProperty("payer_currency") String payerCurrency) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refund(String mchid, @JsonProperty("out_trade_no") String outTradeNo,
                         @JsonProperty("transaction_id") String transactionId, @JsonProperty("out_refund_no") String outRefundNo,
                         @JsonProperty("refund_id") String refundId, @JsonProperty("refund_status") String refundStatus,
                         @JsonProperty("success_time") String successTime, RefundAmount amount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RefundAmount(Long total, Long refund, @JsonProperty("payer_total") Long payerTotal,
                               @JsonProperty("payer_refund") Long payerRefund) {
    }
}
