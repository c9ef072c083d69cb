package io.looklook.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** order-service applying CloseOrderRequested from order.commands, as the delay-scheduler sends it. */
class CloseOrderIT extends OrderIT {

    @Test
    void anUnpaidOrderIsClosedOnceWithOneOrderClosed() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, 10_000, 0), false, day(3), day(4), 1, "close me"));
        UUID command = UUID.randomUUID();

        sendClose(sn, command);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tradeState(sn) == -1);
        assertThat(((Number) detail(user, sn).get("tradeState")).intValue()).isEqualTo(-1);

        sendClose(sn, command); // redelivered: the inbox recognises it
        UUID second = UUID.randomUUID();
        sendClose(sn, second); // a second request: the order no longer waits for payment
        awaitProcessed(second); // same key, same partition: the redelivery was handled before it
        var closed = OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(3)).stream()
                .filter(e -> e.getSchema().getName().equals("OrderClosed")).toList();
        assertThat(closed).hasSize(1);
        GenericRecord event = closed.get(0);
        assertThat(event.get("reason").toString()).isEqualTo("TIMEOUT");
        assertThat(((Number) event.get("userId")).longValue()).isEqualTo(user);
    }

    @Test
    void aPaidOrderIsLeftAloneAndEmitsNothing() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, 10_000, 0), false, day(3), day(4), 1, "paid"));
        db.sql("UPDATE homestay_order SET trade_state = 1 WHERE sn = :sn").bind("sn", sn).fetch().rowsUpdated().block();
        // its OrderCreated relayed first: the relay deletes what it published, which would hide a new row
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outboxRowsFor(sn) == 0);
        UUID command = UUID.randomUUID();

        sendClose(sn, command);
        awaitProcessed(command);
        assertThat(tradeState(sn)).isEqualTo(1);
        assertThat(outboxRowsFor(sn)).isZero();
        assertThat(OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(3)))
                .noneMatch(e -> e.getSchema().getName().equals("OrderClosed"));
    }

    @Test
    void aCloseRequestForAnUnknownOrderChangesNothing() {
        String sn = "HSO20991231000000" + (10_000_000 + (int) (Math.random() * 89_999_999));
        UUID command = UUID.randomUUID();
        sendClose(sn, command);
        awaitProcessed(command);
        assertThat(outboxRowsFor(sn)).isZero();
    }

    private static void sendClose(String sn, UUID eventId) {
        sendEvent("order.commands", sn, new CloseOrderRequested(eventId, Instant.now(), sn, Instant.now(),
                Instant.now().minusSeconds(1)));
    }
}
