package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimelineStartTest {

    @Test
    void anOrderNumbersStampLessFifteenHoursIsWhereReadingStarts() {
        // 2026-11-29 01:11:22 in any zone is at the earliest 2026-11-28T11:11:22Z (UTC+14); an hour more for clocks
        assertThat(TimelineCommand.placedAtTheEarliest("HSO2026112901112273670844"))
                .isEqualTo(new Position.AtTime(Instant.parse("2026-11-28T10:11:22Z")));
    }

    @Test
    void aNumberWithoutAStampIsReadFromTheStart() {
        assertThat(TimelineCommand.placedAtTheEarliest("HSO-BENCH-TARGET")).isEqualTo(new Position.Earliest());
        assertThat(TimelineCommand.placedAtTheEarliest("HSO2026139901112273670844")).isEqualTo(new Position.Earliest()); // month 13
    }
}
