package io.looklook.order.domain;

import io.looklook.platform.error.BusinessException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A stay in calendar dates of the business time zone: the original counted nights from raw timestamps but stored
 * dates, so what it charged and what it stored could disagree (spec 7.10).
 */
public record Stay(LocalDate start, LocalDate end, int nights) {

    /** The default booking horizon: a year and a day (the original had none, and 2^63-1 s broke the dates: a 500). */
    public static final int MAX_DAYS_AHEAD = 366;

    public static Stay of(long startEpochSecond, long endEpochSecond, ZoneId zone, LocalDate today, int maxNights) {
        return of(startEpochSecond, endEpochSecond, zone, today, maxNights, MAX_DAYS_AHEAD);
    }

    /** A stay whose first night is at most {@code horizonDays} after {@code today}. */
    public static Stay of(long startEpochSecond, long endEpochSecond, ZoneId zone, LocalDate today, int maxNights,
                          int horizonDays) {
        // bounded before any date is made of them: Instant refuses years beyond 1,000,000,000 (an exception, not a 400)
        LocalDate latestStart = today.plusDays(horizonDays);
        if (startEpochSecond >= latestStart.plusDays(1).atStartOfDay(zone).toEpochSecond()) {
            throw BusinessException.invalidParameter("liveStartTime is more than " + horizonDays
                    + " days ahead (the latest first night is " + latestStart + ")");
        }
        if (endEpochSecond - startEpochSecond > (maxNights + 1L) * 86_400) { // both >= 0: no overflow
            throw BusinessException.invalidParameter("a stay is at most " + maxNights + " nights");
        }
        LocalDate start = Instant.ofEpochSecond(startEpochSecond).atZone(zone).toLocalDate();
        LocalDate end = Instant.ofEpochSecond(endEpochSecond).atZone(zone).toLocalDate();
        if (start.isBefore(today)) {
            throw BusinessException.invalidParameter("liveStartTime is in the past (" + start + " < " + today + ")");
        }
        long nights = ChronoUnit.DAYS.between(start, end);
        if (nights < 1) {
            throw BusinessException.invalidParameter("stay at least one night: liveEndTime must be a later date than liveStartTime");
        }
        if (nights > maxNights) {
            throw BusinessException.invalidParameter("a stay is at most " + maxNights + " nights, asked for " + nights);
        }
        return new Stay(start, end, (int) nights);
    }
}
