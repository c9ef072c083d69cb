package io.looklook.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.PlatformIT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** processed_event keeps what a consumer applied for the retention, then the purge deletes it, batch by batch. */
class RetentionIT extends PlatformIT {

    @Autowired
    List<RetentionRule> rules;

    @Test
    void eventsOlderThanTheRetentionAreDeletedInBatchesAndNewerOnesKept() {
        String consumer = "retention-" + UUID.randomUUID();
        for (int i = 0; i < 12; i++) {
            record(consumer, 40); // older than the 30 days kept
        }
        record(consumer, 29);
        record(consumer, 0);

        RetentionPurge purge = new RetentionPurge(db, List.of(new RetentionRule("processed_event", "processed_at",
                Duration.ofDays(30), false)), new RetentionProperties(null, null, 5, null), new SimpleMeterRegistry());
        assertThat(purge.purgeNow().block()).as("12 rows, in batches of 5").isGreaterThanOrEqualTo(12L);

        assertThat(count("SELECT COUNT(*) AS n FROM processed_event WHERE consumer = :id", consumer)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) AS n FROM processed_event WHERE consumer = :id "
                + "AND processed_at < NOW(3) - INTERVAL 30 DAY", consumer)).isZero();
    }

    @Test
    void theInboxHasARetentionOfThirtyDaysByDefault() {
        assertThat(rules).contains(new RetentionRule("processed_event", "processed_at", Duration.ofDays(30), false));
    }

    private void record(String consumer, int daysAgo) {
        db.sql("INSERT INTO processed_event (consumer, event_id, processed_at) "
                        + "VALUES (:consumer, :id, NOW(3) - INTERVAL :days DAY)")
                .bind("consumer", consumer).bind("id", UUID.randomUUID().toString()).bind("days", daysAgo)
                .fetch().rowsUpdated().block();
    }
}
