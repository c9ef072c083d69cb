package io.looklook.order.application;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param zone                       business time zone: calendar dates, nights and order numbers are counted in it
 * @param maxNights                  the longest stay one order may book
 * @param closeAfter                 an unpaid order is closed this long after creation (its pay deadline)
 * @param idempotencyTtl             how long an Idempotency-Key is remembered
 * @param idempotencyInFlightTimeout after this, a key still "in flight" is taken to belong to a crashed request
 */
@ConfigurationProperties("looklook.order")
public record OrderSettings(ZoneId zone, Integer maxNights, Duration closeAfter, Duration idempotencyTtl,
                            Duration idempotencyInFlightTimeout) {

    public OrderSettings {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        maxNights = maxNights == null ? 30 : maxNights;
        closeAfter = closeAfter == null ? Duration.ofMinutes(30) : closeAfter;
        idempotencyTtl = idempotencyTtl == null ? Duration.ofHours(24) : idempotencyTtl;
        idempotencyInFlightTimeout = idempotencyInFlightTimeout == null ? Duration.ofSeconds(30) : idempotencyInFlightTimeout;
    }
}
