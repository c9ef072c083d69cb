package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.PaymentRefunded;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Replay safety: with everything running, order-service's and payment-service's consumer groups are re-pointed to the
 * start of their topics with {@code looklook reset-group}, and the services re-consume the whole history. Every
 * consumer is idempotent, so nothing may change: no new event, no changed row, no dead letter.
 */
class ReplaySafetySystemIT extends SystemIT {

    /** Every consumer group of order-service (both instances share them) and payment-service. */
    private static final List<String> GROUPS = List.of("order-service-commands", "order-service-payments",
            "order-service-homestay-replica", "payment-service-orders");
    private static final List<String> SCHEMAS = List.of("looklook_order", "looklook_payment");

    @Test
    void reconsumingEveryTopicFromTheStartProducesNothingAndChangesNothing() throws Exception {
        historyWithEveryKindOfOrder();
        Map<String, List<String>> before = settledSnapshot();
        Map<TopicPartition, Long> endsBefore = endOffsets();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committedBefore = committed();

        Looklook.Run refused = Looklook.run("reset-group", "payment-service-orders", "--to", "earliest", "--execute");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("active member(s)");

        List<ServiceProcess> consumers = List.of(STACK.orders.get(0), STACK.orders.get(1), STACK.payment);
        for (ServiceProcess service : consumers) {
            service.stop();
        }
        for (String group : GROUPS) {
            Looklook.Run reset = Looklook.run("reset-group", group, "--to", "earliest", "--execute");
            assertThat(reset.exitCode()).as(group + ": " + reset.err()).isZero();
        }
        for (ServiceProcess service : consumers) {
            service.startAgain();
        }

        // each group has consumed again up to where it was before the reset
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> now = committed();
            committedBefore.forEach((group, offsets) -> offsets.forEach((p, o) ->
                    assertThat(now.get(group).get(p)).as(group + " " + p).isNotNull()
                            .satisfies(c -> assertThat(c.offset()).isGreaterThanOrEqualTo(o.offset()))));
        });
        assertThat(endOffsets()).as("no event published, no dead letter written").isEqualTo(endsBefore);
        assertThat(settledSnapshot()).as("no row changed").isEqualTo(before);
    }

    /** A paid order, an order closed unpaid, and one closed and then paid (refunded), whatever the other tests left. */
    private static void historyWithEveryKindOfOrder() {
        long user = newUser();
        long homestay = newHomestay(8_800);
        String paid = placeOrder(STACK.orders.get(0), user, homestay);
        sandboxPay(user, prepay(user, paid));
        String refunded = placeOrder(STACK.orders.get(1), user, homestay);
        String prepayId = prepay(user, refunded);
        fireCloseNow(refunded);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tradeState(user, refunded) == -1);
        sandboxPay(user, prepayId);
        String closed = placeOrder(STACK.orders.get(0), user, homestay);
        fireCloseNow(closed);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tradeState(user, paid) == 1 && tradeState(user, closed) == -1
                && EVENTS.count(refunded, PaymentRefunded.class) == 1);
    }

    /** Every row of both services' schemas, once no order is still waiting and two reads a second apart agree. */
    private static Map<String, List<String>> settledSnapshot() {
        AtomicReference<Map<String, List<String>>> last = new AtomicReference<>(Map.of());
        Awaitility.await().atMost(LooklookStack.CLOSE_AFTER.plusSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, List<String>> now = snapshot();
            boolean waiting = now.get("looklook_order.homestay_order").stream().anyMatch(row -> row.contains("trade_state=0,"));
            return !waiting && now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    private static Map<String, List<String>> snapshot() throws Exception {
        Map<String, List<String>> tables = new HashMap<>();
        for (String schema : SCHEMAS) {
            try (Connection c = DriverManager.getConnection(TestInfra.get().jdbcUrl(schema), "looklook", TestInfra.DB_PASSWORD);
                 Statement statement = c.createStatement()) {
                List<String> names = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SHOW TABLES")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (String table : names) {
                    if (!table.equals("flyway_schema_history")) {
                        tables.put(schema + "." + table, rows(statement, table));
                    }
                }
            }
        }
        return tables;
    }

    private static List<String> rows(Statement statement, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i)).append(',');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** End offsets of the topics the re-consuming services write to, and of every dead-letter topic. */
    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = admin()) {
            List<String> topics = new ArrayList<>(List.of("order.events", "payment.events"));
            admin.listTopics().names().get().stream().filter(t -> t.endsWith("-dlt")).forEach(topics::add);
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions().forEach(p ->
                    query.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(query).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> committed() throws Exception {
        try (Admin admin = admin()) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> result = new HashMap<>();
            for (String group : GROUPS) {
                result.put(group, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
            }
            return result;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()));
    }
}
