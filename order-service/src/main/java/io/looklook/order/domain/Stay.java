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

    public static Stay of(long startEpochSecond, long endEpochSecond, ZoneId zone, LocalDate today, int maxNights) {
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
