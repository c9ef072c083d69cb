package io.looklook.payment.adapter.gateway.sandbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the sandbox delivers notifications. WeChat retries 15 times over about 24 hours (15 s, 15 s, 30 s, 3 min ...);
 * the sandbox keeps the shape, compressed for local runs: doubling from {@code retryBackoff} up to {@code retryMax}.
 *
 * @param retryBackoff  wait after the first failed attempt; doubles per attempt
 * @param retryMax      longest wait between two attempts
 * @param maxAttempts   attempts before a notification is given up (logged as an error)
 * @param timeout       how long one attempt waits for the callback's answer
 * @param concurrency   notifications in flight at once
 * @param dropShare     share of notifications (0 to 1) never sent, as if lost: reconciliation must find those payments
 * @param delayShare    share of the others sent only after {@code delay}
 * @param delay         how late a delayed notification goes out
 */
@ConfigurationProperties("looklook.payment.sandbox")
public record SandboxProperties(Duration retryBackoff, Duration retryMax, Integer maxAttempts, Duration timeout, Integer concurrency,
                                Double dropShare, Double delayShare, Duration delay) {

    public SandboxProperties {
        dropShare = share(dropShare, "drop-share");
        delayShare = share(delayShare, "delay-share");
        delay = delay == null ? Duration.ofSeconds(30) : delay;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(1) : retryBackoff;
        retryMax = retryMax == null ? Duration.ofMinutes(1) : retryMax;
        maxAttempts = maxAttempts == null ? 15 : maxAttempts;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        concurrency = concurrency == null ? 32 : concurrency;
    }

    private static double share(Double value, String name) {
        if (value != null && (value < 0 || value > 1)) {
            throw new IllegalArgumentException("looklook.payment.sandbox." + name + " must be between 0 and 1, not " + value);
        }
        return value == null ? 0 : value;
    }
}
