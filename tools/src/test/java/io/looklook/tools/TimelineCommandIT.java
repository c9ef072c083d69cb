package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.scheduler.ScheduleAccepted;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

/** On the topics the services use (as TestInfra provisions them), with orders of this test's own. */
class TimelineCommandIT extends ToolsIT {

    @Test
    void showsAnOrdersEventsAndCommandsAcrossTopicsInTimeOrderAndNothingOfOtherOrders() {
        String sn = "HSO" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String other = sn + "X";
        Instant t = Instant.now();
        sendEvent("scheduler.events", "order-timeout:" + sn, new ScheduleAccepted(UUID.randomUUID(), t, "order-timeout:" + sn, 1L,
                t.plusSeconds(1800), "order.commands", false));
        sendEvent("order.commands", sn, new CloseOrderRequested(UUID.randomUUID(), t, sn, t, t));
        sendEvent("order.events", other, closed(other));
        sendEvent("order.events", sn, closed(sn));
        sendEvent("payment.events", sn, new PaymentSucceeded(UUID.randomUUID(), t, sn, "PMT1", 7L, 100L, t, "WECHAT_PAY", "wx-1"));
        sendRaw("order.commands-dlt", sn, "poison".getBytes(), header(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "cannot decode"));

        Run table = run("timeline", sn);

        assertThat(table.exitCode()).isZero();
        List<String> rows = table.lines().subList(1, table.lines().size());
        assertThat(rows).extracting(r -> r.split("\\s+")[3]).containsExactly("ScheduleAccepted", "CloseOrderRequested", "OrderClosed",
                "PaymentSucceeded", "(undecodable)");
        assertThat(rows).extracting(r -> r.split("\\s+")[1]).containsExactly("scheduler.events", "order.commands", "order.events",
                "payment.events", "order.commands-dlt");
        assertThat(rows.get(2)).contains("reason=TIMEOUT");
        assertThat(rows.get(3)).contains("paymentSn=PMT1").contains("payTotal=100");
        assertThat(rows.get(4)).contains("dead-lettered: cannot decode");
        assertThat(table.out()).doesNotContain(other);

        Run json = run("timeline", sn, "--json");
        assertThat(json.json()).extracting(l -> l.get("type").isNull() ? "(undecodable)" : l.get("type").asString())
                .containsExactly("ScheduleAccepted", "CloseOrderRequested", "OrderClosed", "PaymentSucceeded", "(undecodable)");
    }

    @Test
    void readingStartsShortlyBeforeTheTimeInTheOrderNumber() {
        // an order placed now in Asia/Shanghai (as order-service numbers it), and a record under its key from two days ago
        String sn = "HSO" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(ZonedDateTime.now(ZoneId.of("Asia/Shanghai")))
                + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        sendEventAt("order.events", sn, closed(sn), Instant.now().minus(Duration.ofDays(2)));
        sendEvent("order.events", sn, closed(sn));

        assertThat(run("timeline", sn, "--json").json()).hasSize(1); // the old one is before the order existed: not read
        assertThat(run("timeline", sn, "--json", "--from", "earliest").json()).hasSize(2);
    }

    @Test
    void anOrderWithNoEventsSaysSo() {
        Run run = run("timeline", "HSO-never-placed");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("no events or commands for order HSO-never-placed");
    }
}
