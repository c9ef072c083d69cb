package io.looklook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ClientRateLimiter limiter = new ClientRateLimiter(10, 3, now::get);

    @Test
    void aBurstThenTheSteadyRatePerClient() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.acquire("b")).as("another client has its own bucket").isZero();
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).as("refills up to the burst, no more").isZero();
        }
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void aLongIdleTimeOrAHighRateRefillsTheBucketWithoutOverflowing() {
        ClientRateLimiter fast = new ClientRateLimiter(100_000, 100_000, now::get);
        assertThat(fast.acquire("c")).isZero();
        now.addAndGet(Duration.ofSeconds(100).toNanos()); // 1e11 ns x 1e5 x 1000 overflows a long
        assertThat(fast.acquire("c")).isZero();
        assertThat(limiter.acquire("d")).isZero();
        now.addAndGet(Duration.ofDays(3).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("d")).isZero();
        }
    }
}
