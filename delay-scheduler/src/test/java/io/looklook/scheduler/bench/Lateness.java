package io.looklook.scheduler.bench;

import java.util.Arrays;

/** Deliveries of one benchmark phase: how late each was (receive time - due time), and when they arrived. */
final class Lateness {

    private long[] samples = new long[1 << 16];
    private int count;
    private long firstAt = Long.MAX_VALUE;
    private long lastAt;
    private int early;

    synchronized void record(long dueMs, long receivedMs) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        long lateness = receivedMs - dueMs;
        if (lateness < 0) {
            early++;
        }
        samples[count++] = lateness;
        firstAt = Math.min(firstAt, receivedMs);
        lastAt = Math.max(lastAt, receivedMs);
    }

    synchronized int count() {
        return count;
    }

    synchronized long lastAt() {
        return lastAt;
    }

    synchronized long firstAt() {
        return firstAt;
    }

    /** The {@code q} quantile (0..1) of the lateness in ms. */
    synchronized long quantile(double q) {
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(q * count) - 1)];
    }

    synchronized String summary() {
        double seconds = Math.max(1, lastAt - firstAt) / 1000.0;
        return String.format("delivered %,d (early %d)  lateness p50 %d ms  p99 %d ms  max %d ms  fired/s %,.0f",
                count, early, quantile(0.5), quantile(0.99), quantile(1.0), count / seconds);
    }
}
