package io.looklook.order.application;

import java.time.Duration;
import io.looklook.order.domain.Stay;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param zone                       business time zone: calendar dates, nights and order numbers are counted in it
 * @param maxNights                  the longest stay one order may book
 * @param bookingHorizonDays         how many days ahead a stay may start
 * @param closeAfter                 an unpaid order is closed this long after creation (its pay deadline)
 * @param idempotencyTtl             how long an Idempotency-Key is remembered
 * @param idempotencyInFlightTimeout after this, a key still "in flight" is taken to belong to a crashed request
 */
@ConfigurationProperties("looklook.order")
public record OrderSettings(ZoneId zone, Integer maxNights, Integer bookingHorizonDays, Duration closeAfter,
                            Duration idempotencyTtl, Duration idempotencyInFlightTimeout) {

    public OrderSettings {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        maxNights = maxNights == null ? 30 : maxNights;
        bookingHorizonDays = bookingHorizonDays == null ? Stay.MAX_DAYS_AHEAD : bookingHorizonDays;
        closeAfter = closeAfter == null ? Duration.ofMinutes(30) : closeAfter;
        idempotencyTtl = idempotencyTtl == null ? Duration.ofHours(24) : idempotencyTtl;
        idempotencyInFlightTimeout = idempotencyInFlightTimeout == null ? Duration.ofSeconds(30) : idempotencyInFlightTimeout;
    }
}
