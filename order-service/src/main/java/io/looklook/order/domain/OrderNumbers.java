package io.looklook.order.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Order numbers ({@code HSO} + yyyyMMddHHmmss + 8 digits = 25 chars) and check-in codes (8 letters and digits),
 * from a secure random source: the original reseeded math/rand per call, so codes were predictable and collided.
 */
public final class OrderNumbers {

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final SecureRandom random = new SecureRandom();
    private final ZoneId zone;

    public OrderNumbers(ZoneId zone) {
        this.zone = zone;
    }

    public String newSn(Instant now) {
        return "HSO" + STAMP.format(now.atZone(zone)) + eightDigits(random.nextInt(100_000_000));
    }

    private static String eightDigits(int n) {
        String digits = Integer.toString(n);
        return "0".repeat(8 - digits.length()) + digits;
    }

    public String newTradeCode() {
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
