package io.looklook.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.testsupport.TestEvents;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import io.looklook.travel.HomestaySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of order-service's integration tests: the service on a random port against a real broker, registry and
 * MariaDB. Tests play travel-service by publishing {@code HomestaySnapshot}s to {@code travel.homestays}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class OrderIT {

    protected static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final AtomicLong NEXT_HOMESTAY = new AtomicLong(System.nanoTime() % 1_000_000 * 100 + 1_000_000);
    private static final AtomicLong NEXT_USER = new AtomicLong(System.nanoTime() % 1_000_000 * 100 + 5_000_000);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry);
    }

    @Autowired
    protected WebTestClient http;
    protected final TestTokens tokens = TestTokens.get();
    @Autowired
    protected DatabaseClient db;

    protected static long newUser() {
        return NEXT_USER.incrementAndGet();
    }

    protected String token(long userId) {
        return tokens.forUser(userId, Duration.ofMinutes(10));
    }

    /** Publishes a homestay as travel-service would and waits until the replica has consumed it. */
    protected long publishHomestay(long id, long version, int peopleNum, int rowState, int rowType, long price, long food) {
        return publishHomestay(id, version, peopleNum, rowState, rowType, price, food,
                "https://img/" + id + "/1.jpg,https://img/" + id + "/2.jpg");
    }

    protected long publishHomestay(long id, long version, int peopleNum, int rowState, int rowType, long price, long food,
                                   String banner) {
        HomestaySnapshot snapshot = HomestaySnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setHomestayId(id).setVersion(version).setTitle("Test Homestay " + id).setSubTitle("sub")
                .setBanner(banner).setInfo("info")
                .setPeopleNum(peopleNum).setHomestayBusinessId(3).setUserId(103).setRowState(rowState).setRowType(rowType)
                .setFoodInfo("breakfast").setFoodPrice(food).setHomestayPrice(price).setMarketHomestayPrice(price + 1000)
                .build();
        RecordMetadata sent = TestEvents.send("travel.homestays", String.valueOf(id), snapshot);
        // the replica's consumer group has committed past this record: it was applied (or, if stale, ignored)
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("order-service-homestay-replica")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > sent.offset();
            }
        });
        return id;
    }

    protected long newHomestay(int peopleNum, long price, long food) {
        return publishHomestay(NEXT_HOMESTAY.incrementAndGet(), 1, peopleNum, 1, 0, price, food);
    }

    protected static long nextHomestayId() {
        return NEXT_HOMESTAY.incrementAndGet();
    }

    /** Noon in Shanghai, {@code daysFromToday} days from today there, as unix seconds. */
    protected static long day(int daysFromToday) {
        return LocalDate.now(SHANGHAI).plusDays(daysFromToday).atTime(12, 0).atZone(SHANGHAI).toEpochSecond();
    }

    protected static String orderJson(long homestayId, boolean food, long start, long end, int people, String remark) {
        return "{\"homestayId\":" + homestayId + ",\"isFood\":" + food + ",\"liveStartTime\":" + start + ",\"liveEndTime\":"
                + end + ",\"livePeopleNum\":" + people + ",\"remark\":\"" + remark + "\"}";
    }

    protected WebTestClient.ResponseSpec post(String route, long userId, String json) {
        return http.post().uri("/order/v1/homestayOrder/" + route).headers(h -> h.setBearerAuth(token(userId)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> data(Map<?, ?> envelope) {
        assertThat(envelope.get("code")).as(String.valueOf(envelope)).isEqualTo(200);
        return (Map<String, Object>) envelope.get("data");
    }

    protected String place(long user, String json) {
        Map<?, ?> envelope = post("createHomestayOrder", user, json).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) data(envelope).get("orderSn");
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> detail(long user, String sn) {
        Map<?, ?> envelope = post("userHomestayOrderDetail", user, "{\"sn\":\"" + sn + "\"}").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return data(envelope);
    }

    protected long ordersOf(long userId) {
        return db.sql("SELECT COUNT(*) AS n FROM homestay_order WHERE user_id = :u").bind("u", userId)
                .map(r -> r.get("n", Long.class)).one().block();
    }

    protected long outboxRowsFor(String sn) {
        return db.sql("SELECT COUNT(*) AS n FROM outbox_event WHERE message_key = :sn").bind("sn", sn)
                .map(r -> r.get("n", Long.class)).one().block();
    }

    protected int tradeState(String sn) {
        return db.sql("SELECT trade_state FROM homestay_order WHERE sn = :sn").bind("sn", sn)
                .map(r -> r.get("trade_state", Integer.class)).one().block();
    }

    /** Waits until some consumer's inbox recorded {@code eventId} as handled. */
    protected void awaitProcessed(UUID eventId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> db.sql(
                        "SELECT COUNT(*) AS n FROM processed_event WHERE event_id = :id").bind("id", eventId.toString())
                .map(r -> r.get("n", Long.class)).one().block() == 1);
    }

    /** Sends {@code event} to {@code topic} as another service would: Avro through the registry, keyed by {@code key}. */
    protected static void sendEvent(String topic, String key, Object event) {
        TestEvents.send(topic, key, event);
    }
}
