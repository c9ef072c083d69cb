package io.looklook.payment.application;

import io.looklook.payment.domain.GatewayNotice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
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

    /**
     * What the gateway knows of {@code paymentSn} now (WeChat Pay "query order by out_trade_no"), shaped as the
     * notification it would send: its id is {@link #queriedId derived} from the payment and the state, so applying the
     * same answer twice is a duplicate. Empty if the gateway has no such order (the prepay never reached it).
     */
    Mono<GatewayNotice.Transaction> query(String paymentSn);

    /**
     * Closes the unpaid gateway order {@code paymentSn}, after which nobody can pay it. A paid one is refused with a
     * {@link GatewayRefusedException} ({@code ORDERPAID}); closing a closed or unknown one is a no-op.
     */
    Mono<Void> close(String paymentSn);

    /** What the gateway knows of the refund {@code refundSn}, shaped as its notification; empty if it has none. */
    Mono<GatewayNotice.Refund> queryRefund(String refundSn);

    /** The gateway's trade bill of {@code day} (its business day): every payment taken and every refund made. */
    Flux<BillLine> tradeBill(LocalDate day);

    /** The id under which a queried state is applied: the same payment in the same state is the same fact. */
    static String queriedId(String sn, String state) {
        return UUID.nameUUIDFromBytes(("query:" + sn + ":" + state).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * One line of a trade bill: a payment ({@code refundSn} empty) or a refund of one. WeChat's bill has more
     * columns; these are the ones reconciliation compares.
     */
    record BillLine(String paymentSn, String transactionId, String tradeState, long total, String refundSn, long refundAmount) {

        public boolean isRefund() {
            return !refundSn.isEmpty();
        }
    }

    /** The parameters the client passes to {@code wx.requestPayment}. */
    record PrepayParams(String prepayId, String appId, String timeStamp, String nonceStr, String packageValue,
                        String signType, String paySign) {
    }
}
