package io.looklook.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeKeyTest {

    @Test
    void keysSortBytewiseInDueOrder() {
        Random random = new Random(11);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // across byte boundaries: small, large and equal due times
            long due = i % 3 == 0 ? random.nextInt(300) : Math.abs(random.nextLong() >>> 1);
            keys.add(TimeKey.of(due, "id-" + random.nextInt(50)));
        }
        keys.sort(Arrays::compareUnsigned); // how RocksDB orders keys
        for (int i = 1; i < keys.size(); i++) {
            assertThat(TimeKey.dueAt(keys.get(i))).isGreaterThanOrEqualTo(TimeKey.dueAt(keys.get(i - 1)));
        }
    }

    @Test
    void theUpperBoundAdmitsExactlyTheKeysDueByThen() {
        long now = 1_780_000_000_000L;
        assertThat(Arrays.compareUnsigned(TimeKey.of(now, "zzzz"), TimeKey.after(now))).isNegative();
        assertThat(Arrays.compareUnsigned(TimeKey.of(now, ""), TimeKey.after(now))).isNegative();
        assertThat(Arrays.compareUnsigned(TimeKey.of(now + 1, "a"), TimeKey.after(now))).isPositive(); // ids are never empty
        assertThat(Arrays.compareUnsigned(TimeKey.of(0, "a"), TimeKey.FIRST)).isPositive();
    }

    @Test
    void theIdAndDueTimeComeBackOut() {
        byte[] key = TimeKey.of(1234L, "order-timeout:HSO2026 ünïcode");
        assertThat(TimeKey.dueAt(key)).isEqualTo(1234L);
        assertThat(TimeKey.scheduleId(key)).isEqualTo("order-timeout:HSO2026 ünïcode");
    }
}
