package io.looklook.payment.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Payment ({@code PMT}) and refund ({@code RFD}) numbers: prefix + yyyyMMddHHmmss + 8 secure-random digits = 25 chars. */
public final class PaymentNumbers {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final SecureRandom random = new SecureRandom();
    private final ZoneId zone;

    public PaymentNumbers(ZoneId zone) {
        this.zone = zone;
    }

    public String newPaymentSn(Instant now) {
        return "PMT" + stamp(now);
    }

    public String newRefundSn(Instant now) {
        return "RFD" + stamp(now);
    }

    private String stamp(Instant now) {
        String digits = Integer.toString(random.nextInt(100_000_000));
        return STAMP.format(now.atZone(zone)) + "0".repeat(8 - digits.length()) + digits;
    }
}
