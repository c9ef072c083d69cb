package io.looklook.order.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderEventsProbe;
import io.looklook.order.OrderIT;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * order-service as a real process, killed with SIGKILL right after an order committed and before its
 * {@code OrderCreated} was published (its relay held off). The next process publishes it, once. The processes use
 * their own schema and replica group, so nothing else in this JVM can publish for them.
 */
class OrderServiceKillIT extends OrderIT {

    private static final String SCHEMA = "looklook_order_crash";

    @Test
    void anOrderCommittedBeforeAKillMinusNineStillAnnouncesItself() throws Exception {
        long homestay = newHomestay(2, 30000, 0);
        // its own consumer groups: a killed member would hold partitions of the tests' groups until its session expires
        String group = "--looklook.order.replica-group=crash-replica-" + UUID.randomUUID();
        String commandsGroup = "--looklook.order.commands-group=crash-commands-" + UUID.randomUUID();
        String paymentsGroup = "--looklook.order.payments-group=crash-payments-" + UUID.randomUUID();
        long user = newUser();
        String sn;
        ServiceProcess first = ServiceProcess.start("order-service", "order-kill-first", SCHEMA,
                "--looklook.outbox.relay-enabled=false", group, commandsGroup, paymentsGroup);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> count("SELECT COUNT(*) FROM homestay_replica WHERE id = " + homestay) == 1);
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(first.baseUrl() + "/order/v1/homestayOrder/createHomestayOrder"))
                    .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(orderJson(homestay, false, day(1), day(3), 2, "kill test")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            sn = created.body().replaceAll(".*\"orderSn\":\"([A-Z0-9]+)\".*", "$1");
        } finally {
            first.kill();
        }
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE message_key = '" + sn + "'")).isEqualTo(1);
        assertThat(OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(2))).as("not published before the restart").isEmpty();

        try (ServiceProcess second = ServiceProcess.start("order-service", "order-kill-second", SCHEMA, group, commandsGroup,
                paymentsGroup)) {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> !OrderEventsProbe.eventsWhere("sn", sn, Duration.ofMillis(500)).isEmpty());
            assertThat(OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(1))).singleElement()
                    .satisfies((GenericRecord e) -> {
                        assertThat(e.get("userId")).isEqualTo(user);
                        assertThat(e.get("orderTotalPrice")).isEqualTo(60_000L);
                    });
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfra.get().jdbcUrl(SCHEMA), "looklook", TestInfra.DB_PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
