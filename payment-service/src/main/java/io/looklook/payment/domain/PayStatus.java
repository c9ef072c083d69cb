package io.looklook.payment.domain;

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

    public static PayStatus of(int code) {
        for (PayStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no pay status " + code);
    }
}
