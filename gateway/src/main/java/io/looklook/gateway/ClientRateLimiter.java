package io.looklook.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address, in this gateway's memory (Spring Cloud Gateway's own limiter needs Redis): a
 * client may send {@code burst} requests at once, then {@code perSecond} a second. Idle buckets are dropped.
 */
final class ClientRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Tokens left at {@code at}, in thousandths of a request. */
    private record Bucket(long milliTokens, long at) {
    }

    private final int perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final long fullRefillNanos;
    private final Cache<String, Bucket> buckets;

    ClientRateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("looklook.gateway.requests-per-second and .burst must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.fullRefillNanos = (long) burst * NANOS_PER_SECOND / perSecond + 1;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5)).maximumSize(1_000_000).build();
    }

    /** Takes one request's token; {@code Duration.ZERO} if allowed, else how long until one is there. */
    Duration acquire(String client) {
        long now = nanoTime.getAsLong();
        Duration[] wait = {Duration.ZERO};
        buckets.asMap().compute(client, (k, b) -> {
            // the idle time counts only up to a full refill: a longer one would overflow the product (a client idle
            // for days, or a high rate, got a negative bucket and was refused)
            long idle = b == null ? 0 : Math.min(now - b.at(), fullRefillNanos);
            long tokens = b == null ? burst * 1000L
                    : Math.min(burst * 1000L, b.milliTokens() + idle * perSecond * 1000L / NANOS_PER_SECOND);
            if (tokens >= 1000) {
                return new Bucket(tokens - 1000, now);
            }
            wait[0] = Duration.ofNanos((1000 - tokens) * NANOS_PER_SECOND / (perSecond * 1000L));
            return new Bucket(tokens, now);
        });
        return wait[0];
    }
}
