package io.looklook.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.looklook.platform.error.BusinessException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The money table: prices, nights, guests, food and row type against totals computed by hand (fen). */
class PriceTest {

    private static Homestay homestay(long roomPrice, long foodPrice, int rowType) {
        return new Homestay(1, 1, "t", "", "a.jpg,b.jpg", "", 6, 1, 101, Homestay.ON_SHELF, rowType, "", foodPrice, roomPrice, 0);
    }

    @ParameterizedTest(name = "room {0} food {1} rowType {2}, {3} nights, {4} guests, food={5} -> {6} + {7} = {8}")
    @CsvSource({
            // room,  food, rowType, nights, guests, food?, homestayTotal, foodTotal, total
            "38800,  3800, 0, 1, 2, false,  38800,      0,  38800",
            "38800,  3800, 0, 1, 2, true,   38800,   7600,  46400",
            "38800,  3800, 0, 3, 2, true,  116400,  22800, 139200",
            "38800,  3800, 0, 3, 5, false, 116400,      0, 116400",
            " 8800,  2500, 1, 2, 3, false,  52800,      0,  52800",
            " 8800,  2500, 1, 2, 3, true,   52800,  15000,  67800",
            "    1,     1, 1, 1, 1, true,       1,      1,      2",
            "168800,    0, 0, 30, 8, true, 5064000,     0, 5064000",
    })
    void totals(long room, long food, int rowType, int nights, int guests, boolean withFood,
                long homestayTotal, long foodTotal, long total) {
        assertThat(Price.of(homestay(room, food, rowType), nights, guests, withFood))
                .isEqualTo(new Price(homestayTotal, foodTotal, total));
    }

    @Test
    void anOverflowIsAnErrorNotANegativeTotal() {
        assertThatThrownBy(() -> Price.of(homestay(Long.MAX_VALUE / 2, 0, 0), 3, 1, false)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void nightsAreCalendarDatesInTheBusinessZone() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.of(2026, 12, 1);
        // 23:30 on the 1st to 00:30 on the 2nd: one night, although only an hour passes
        long start = ZonedDateTime.of(2026, 12, 1, 23, 30, 0, 0, shanghai).toEpochSecond();
        long end = ZonedDateTime.of(2026, 12, 2, 0, 30, 0, 0, shanghai).toEpochSecond();
        assertThat(Stay.of(start, end, shanghai, today, 30)).isEqualTo(new Stay(today, today.plusDays(1), 1));
        // the same day: zero nights
        long sameDayEnd = ZonedDateTime.of(2026, 12, 1, 23, 59, 0, 0, shanghai).toEpochSecond();
        assertThatThrownBy(() -> Stay.of(start - 3600, sameDayEnd, shanghai, today, 30)).isInstanceOf(BusinessException.class)
                .hasMessageContaining("at least one night");
        // yesterday
        assertThatThrownBy(() -> Stay.of(start - 86_400, end, shanghai, today, 30)).hasMessageContaining("past");
        // too long
        assertThatThrownBy(() -> Stay.of(start, end + 31L * 86_400, shanghai, today, 30)).hasMessageContaining("at most 30");
        assertThatThrownBy(() -> Stay.of(start, Long.MAX_VALUE, shanghai, today, 30)).hasMessageContaining("at most 30");
    }

    @Test
    void aStayStartsAtMostAYearAndADayAheadAndHugeTimesAreRefusedNotThrown() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.of(2026, 12, 1);
        long lastStart = today.plusDays(Stay.MAX_DAYS_AHEAD).atTime(23, 59).atZone(shanghai).toEpochSecond();
        assertThat(Stay.of(lastStart, lastStart + 86_400, shanghai, today, 30).start()).isEqualTo(today.plusDays(366));
        assertThatThrownBy(() -> Stay.of(lastStart + 60, lastStart + 60 + 86_400, shanghai, today, 30))
                .isInstanceOf(BusinessException.class).hasMessageContaining("more than 366 days ahead");
        long year9999 = LocalDate.of(9999, 1, 1).atStartOfDay(shanghai).toEpochSecond();
        assertThatThrownBy(() -> Stay.of(year9999, year9999 + 86_400, shanghai, today, 30)).isInstanceOf(BusinessException.class);
        assertThatThrownBy(() -> Stay.of(Long.MAX_VALUE - 86_400, Long.MAX_VALUE, shanghai, today, 30))
                .isInstanceOf(BusinessException.class).hasMessageContaining("days ahead");
        long inTenDays = today.plusDays(10).atTime(12, 0).atZone(shanghai).toEpochSecond();
        assertThatThrownBy(() -> Stay.of(inTenDays, inTenDays + 86_400, shanghai, today, 30, 7)) // a configured horizon
                .hasMessageContaining("more than 7 days ahead");
        assertThat(Stay.of(inTenDays, inTenDays + 86_400, shanghai, today, 30, 10).nights()).isEqualTo(1);
    }

    @Test
    void orderNumbersAndTradeCodesHaveLooklooksShape() {
        OrderNumbers numbers = new OrderNumbers(ZoneId.of("Asia/Shanghai"));
        assertThat(numbers.newSn(java.time.Instant.parse("2026-12-01T00:00:00Z"))).matches("HSO20261201080000\\d{8}").hasSize(25);
        assertThat(numbers.newTradeCode()).matches("[0-9a-zA-Z]{8}");
    }
}
