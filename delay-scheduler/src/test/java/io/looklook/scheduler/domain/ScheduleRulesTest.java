package io.looklook.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.scheduler.domain.ScheduleRules.Accept;
import io.looklook.scheduler.domain.ScheduleRules.Reject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleRulesTest {

    private static final long NOW = 1_780_000_000_000L;
    private final ScheduleRules rules = new ScheduleRules(Set.of("reminders"), Duration.ofHours(1), 100, 20, "order.commands");

    @Test
    void acceptsADueTimeOrADelayWithinTheLimits() {
        assertThat(rules.check("a", NOW + 3_600_000, null, "reminders", 100, NOW)).isEqualTo(new Accept(NOW + 3_600_000, false));
        assertThat(rules.check("a", null, 0L, "reminders", 0, NOW)).isEqualTo(new Accept(NOW, false));
        assertThat(rules.check("a", NOW - 1, null, "reminders", 0, NOW)).isEqualTo(new Accept(NOW - 1, true));
    }

    @Test
    void rejectsEachBrokenRuleWithItsReason() {
        assertThat(reason(rules.check("a", NOW + 3_600_001, null, "reminders", 0, NOW))).contains("maximum delay");
        assertThat(reason(rules.check("a", null, 3_600_001L, "reminders", 0, NOW))).contains("maximum delay");
        assertThat(reason(rules.check("a", NOW, null, "order.events", 0, NOW))).contains("allow-list");
        assertThat(reason(rules.check("a", NOW, null, "reminders", 101, NOW))).contains("101 bytes");
        assertThat(reason(rules.check("", NOW, null, "reminders", 0, NOW))).contains("1 to 20 characters");
        assertThat(reason(rules.check("x".repeat(21), NOW, null, "reminders", 0, NOW))).contains("1 to 20 characters");
        assertThat(reason(rules.check("order-timeout:1", NOW, null, "reminders", 0, NOW))).contains("reserved");
        assertThat(reason(rules.check("a", NOW, 1L, "reminders", 0, NOW))).contains("exactly one");
        assertThat(reason(rules.check("a", null, null, "reminders", 0, NOW))).contains("exactly one");
        assertThat(reason(rules.check("a", null, -1L, "reminders", 0, NOW))).contains("negative");
        assertThat(reason(rules.check("a", -5L, null, "reminders", 0, NOW))).contains("epoch");
        assertThat(reason(rules.check("a", NOW, null, "order.commands", 0, NOW))).contains("reserved for the order timeouts");
    }

    @Test
    void theDeliveredKeyAndHeadersAreBoundedLikeThePayload() {
        assertThat(ScheduleRules.envelopeRefusal(1024, 32, 8192)).isNull();
        assertThat(ScheduleRules.envelopeRefusal(1025, 0, 0)).contains("key of 1025 bytes");
        assertThat(ScheduleRules.envelopeRefusal(0, 33, 0)).contains("33 headers");
        assertThat(ScheduleRules.envelopeRefusal(0, 1, 8193)).contains("headers of 8193 bytes");
    }

    @Test
    void anOrderTimeoutCannotBeCancelledFromTheRequestsTopic() {
        assertThat(rules.cancelRefusal("order-timeout:HSO1")).contains("reserved for order timeouts");
        assertThat(rules.cancelRefusal("reminder-1")).isNull();
    }

    @Test
    void theOrderCommandsTopicCannotBeAllowListed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScheduleRules(Set.of("reminders", "order.commands"),
                Duration.ofHours(1), 100, 20, "order.commands")).hasMessageContaining("must not list order.commands");
        assertThat(new ScheduleRules(null, Duration.ofHours(1), 100, 20, "order.commands").allowedTargets()).isEmpty();
    }

    private static String reason(ScheduleRules.Decision decision) {
        assertThat(decision).isInstanceOf(Reject.class);
        return ((Reject) decision).reason();
    }
}
