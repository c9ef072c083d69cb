package io.looklook.payment.domain;

import java.util.Optional;

/** looklook's {@code third_payment.pay_status}: the platform's view of a payment, whatever the gateway calls it. */
public enum PayStatus {
    FAILED(-1), WAITING(0), SUCCEEDED(1), REFUNDED(2);

    private final int code;

    PayStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * What may follow what: a waiting payment succeeds or fails; a failed one may still succeed (the payer paid after
     * a failed try: WeChat tells SUCCESS later); a succeeded one is refunded. Each move is a conditional UPDATE on the
     * state it leaves (R2dbcPaymentStore: {@code pay_status IN (0, -1)}, {@code = 0}, {@code = 1}).
     */
    public boolean mayMoveTo(PayStatus next) {
        return switch (this) {
            case WAITING -> next == SUCCEEDED || next == FAILED;
            case FAILED -> next == SUCCEEDED;
            case SUCCEEDED -> next == REFUNDED;
            case REFUNDED -> false;
        };
    }

    /**
     * The status a WeChat Pay trade_state settles a payment in: SUCCESS succeeded; CLOSED, REVOKED, PAYERROR failed;
     * empty for NOTPAY and USERPAYING (nothing final yet) and for REFUND (told by the refund's own notification).
     */
    public static Optional<PayStatus> settledBy(String tradeState) {
        return switch (tradeState == null ? "" : tradeState) {
            case "SUCCESS" -> Optional.of(SUCCEEDED);
            case "CLOSED", "REVOKED", "PAYERROR" -> Optional.of(FAILED);
            default -> Optional.empty();
        };
    }

    public static PayStatus of(int code) {
        for (PayStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no pay status " + code);
    }
}
