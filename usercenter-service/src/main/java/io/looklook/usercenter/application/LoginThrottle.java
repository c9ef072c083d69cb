package io.looklook.usercenter.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.looklook.platform.error.TooManyAttemptsException;
import io.looklook.usercenter.config.UsercenterProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing: failed logins per mobile number (one account cannot be guessed at, from however many
 * addresses) and attempts per client address (one client cannot spray many accounts). Fixed windows that start at
 * the first counted event. Counted in this instance's memory: with N instances behind the gateway a client gets up to
 * N times the limit, and a restart forgets the counts (usercenter-service README, limits).
 */
@Component
public class LoginThrottle {

    private record Window(Instant start, int count) {
    }

    private final Clock clock;
    private final UsercenterProperties.Login limits;
    private final Cache<String, Window> failuresByMobile;
    private final Cache<String, Window> attemptsByAddress;

    public LoginThrottle(UsercenterProperties properties, Clock clock) {
        this.clock = clock;
        this.limits = properties.login();
        this.failuresByMobile = cache(limits.mobileWindow());
        this.attemptsByAddress = cache(limits.addressWindow());
    }

    private Cache<String, Window> cache(Duration window) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        return Caffeine.newBuilder().ticker(ticker).expireAfterWrite(window.multipliedBy(2)).maximumSize(1_000_000).build();
    }

    /** Counts an attempt from {@code address}; refuses it when the address used up its window. */
    public void admitAttempt(String address) {
        Window window = count(attemptsByAddress, address, limits.addressWindow());
        if (window.count() > limits.attemptsPerAddress()) {
            throw new TooManyAttemptsException("too many attempts from this address, please try again in "
                    + seconds(retryAfter(window, limits.addressWindow())) + " s", retryAfter(window, limits.addressWindow()));
        }
    }

    /** Refuses a login for {@code mobile} while its failures fill the window (before the password is even checked). */
    public void checkMobile(String mobile) {
        Window window = failuresByMobile.getIfPresent(mobile);
        if (window != null && current(window, limits.mobileWindow()) && window.count() >= limits.failuresPerMobile()) {
            throw new TooManyAttemptsException("too many failed logins for this account, please try again in "
                    + seconds(retryAfter(window, limits.mobileWindow())) + " s", retryAfter(window, limits.mobileWindow()));
        }
    }

    public void failed(String mobile) {
        count(failuresByMobile, mobile, limits.mobileWindow());
    }

    private Window count(Cache<String, Window> cache, String key, Duration length) {
        Instant now = clock.instant();
        return cache.asMap().compute(key, (k, w) -> w == null || !current(w, length) ? new Window(now, 1)
                : new Window(w.start(), w.count() + 1));
    }

    private boolean current(Window window, Duration length) {
        return window.start().plus(length).isAfter(clock.instant());
    }

    private Duration retryAfter(Window window, Duration length) {
        return Duration.between(clock.instant(), window.start().plus(length));
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
