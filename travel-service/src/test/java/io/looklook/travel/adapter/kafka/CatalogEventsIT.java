package io.looklook.travel.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.security.JwtTokens;
import io.looklook.testsupport.RegistryOnlyDecoder;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import io.looklook.travel.TravelIT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Catalog changes reach {@code travel.homestays}, decoded by a consumer that knows only the registry (none of
 * the project's generated classes); a new consumer reading from the start sees the whole demo catalog.
 */
class CatalogEventsIT extends TravelIT {

    private static final String ADMIN = "/travel/v1/admin/homestay";

    @Autowired
    WebTestClient http;
    final TestTokens tokens = TestTokens.get();
    @Autowired
    DatabaseClient db;

    private KafkaConsumer<String, byte[]> consumer;
    private RegistryOnlyDecoder decoder;

    @BeforeEach
    void subscribeFromTheStart() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "catalog-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(TravelTopics.HOMESTAYS));
        decoder = new RegistryOnlyDecoder(TestInfra.get().registryUrl());
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private String adminToken() {
        return tokens.forUser(1, Duration.ofMinutes(5), JwtTokens.CATALOG_WRITE_SCOPE);
    }

    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    /** Polls until a record for {@code key} matches, returning the latest value for it (null = tombstone). */
    private ConsumerRecord<String, byte[]> awaitRecord(String key, java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> key.equals(r.key()) && match.test(r));
        });
        return seen.stream().filter(r -> key.equals(r.key()) && match.test(r)).reduce((a, b) -> b).orElseThrow();
    }

    private GenericRecord decode(ConsumerRecord<String, byte[]> record) {
        try {
            return decoder.decode(record.value());
        } catch (Exception e) {
            throw new AssertionError("undecodable with the registry alone", e);
        }
    }

    @Test
    void theDemoCatalogIsOnTheTopicForANewConsumer() {
        Map<String, GenericRecord> latest = new HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                latest.put(r.key(), r.value() == null ? null : decode(r));
            }
            return latest.keySet().containsAll(List.of("1", "5", "13", "22"));
        });
        GenericRecord first = latest.get("1");
        assertThat(first.get("title")).hasToString("Naxi Courtyard Suite");
        assertThat(first.get("homestayPrice")).isEqualTo(38800L);
        assertThat(latest.get("5").get("rowState")).as("off-shelf homestays are published too").isEqualTo(0);
        assertThat(first.getSchema().getFullName()).isEqualTo("io.looklook.travel.HomestaySnapshot");
    }

    @Test
    void createUpdateTakeOffShelfAndRemoveEachPublishASnapshot() {
        String body = homestayJson(null, "Riverside Loft", 1, 26800);
        Map<?, ?> created = save(body);
        long id = ((Number) ((Map<?, ?>) ((Map<?, ?>) created.get("data")).get("homestay")).get("id")).longValue();
        String key = String.valueOf(id);

        GenericRecord v1 = decode(awaitRecord(key, r -> r.value() != null));
        assertThat(v1.get("version")).isEqualTo(1L);
        assertThat(v1.get("title")).hasToString("Riverside Loft");
        assertThat(v1.get("userId")).as("landlord from the business").isEqualTo(105L);
        assertThat(v1.get("homestayPrice")).isEqualTo(26800L);

        save(homestayJson(id, "Riverside Loft", 1, 29900));
        GenericRecord v2 = decode(awaitRecord(key, r -> r.value() != null && (Long) decode(r).get("version") == 2L));
        assertThat(v2.get("homestayPrice")).isEqualTo(29900L);

        save(homestayJson(id, "Riverside Loft", 0, 29900));
        GenericRecord v3 = decode(awaitRecord(key, r -> r.value() != null && (Long) decode(r).get("version") == 3L));
        assertThat(v3.get("rowState")).isEqualTo(0);

        http.post().uri(ADMIN + "/remove").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":" + id + "}")
                .exchange().expectStatus().isOk();
        awaitRecord(key, r -> r.value() == null);
        http.post().uri("/travel/v1/homestay/homestayDetail").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":" + id + "}").exchange().expectStatus().isNotFound();
    }

    @Test
    void theRequestsTraceContinuesInTheEventsTraceparentHeader() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Map<?, ?> created = http.post().uri(ADMIN + "/save").headers(h -> {
                    h.setBearerAuth(adminToken());
                    h.set("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(homestayJson(null, "Traced Cabin", 1, 15000))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String key = String.valueOf(((Map<?, ?>) ((Map<?, ?>) created.get("data")).get("homestay")).get("id"));

        ConsumerRecord<String, byte[]> record = awaitRecord(key, r -> r.value() != null);
        String traceparent = new String(record.headers().lastHeader("traceparent").value(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(traceparent).startsWith("00-" + traceId + "-");
        assertThat(new String(record.headers().lastHeader("eventType").value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("HomestaySnapshot");
    }

    @Test
    void catalogEditingNeedsAValidTokenWithTheCatalogScope() {
        String body = homestayJson(null, "Should not exist", 1, 10000);
        long before = homestayCount();

        http.post().uri(ADMIN + "/save").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003);
        http.post().uri(ADMIN + "/save").headers(h -> h.setBearerAuth(tokens.forUser(7, Duration.ofMinutes(5))))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo(100009);
        String expired = tokens.issue(1, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1), JwtTokens.CATALOG_WRITE_SCOPE);
        http.post().uri(ADMIN + "/save").headers(h -> h.setBearerAuth(expired))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        String forged = TestTokens.issue(TestTokens.newKey("unpublished"), 1L, Instant.now(), Duration.ofMinutes(5),
                JwtTokens.CATALOG_WRITE_SCOPE);
        http.post().uri(ADMIN + "/save").headers(h -> h.setBearerAuth(forged))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        http.post().uri(ADMIN + "/save").headers(h -> h.setBearerAuth("not.a.jwt"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();

        assertThat(homestayCount()).isEqualTo(before);
    }

    @Test
    void invalidEditsChangeNothingAndPublishNothing() {
        long homestays = homestayCount();
        long outbox = outboxCount();
        List<String> bad = List.of(
                homestayJson(null, "", 1, 10000),
                homestayJson(null, "x".repeat(33), 1, 10000),
                homestayJson(null, "Ok title", 2, 10000),
                homestayJson(null, "Ok title", 1, 0),
                homestayJson(null, "Ok title", 1, 10000).replace("\"peopleNum\":2", "\"peopleNum\":0"),
                homestayJson(null, "Ok title", 1, 10000).replace("\"homestayBusinessId\":5", "\"homestayBusinessId\":999"),
                homestayJson(999999L, "Ok title", 1, 10000),
                homestayJson(null, "Ok title", 1, 10000).replace("\"info\":\"\"", "\"info\":" + '"' + "i".repeat(4070) + '"'),
                "{\"title\":");
        for (String body : bad) {
            http.post().uri(ADMIN + "/save").headers(h -> h.setBearerAuth(adminToken()))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().value(status -> assertThat(status).as(body).isIn(400, 404));
        }
        http.post().uri(ADMIN + "/remove").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":999999}")
                .exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(homestayCount()).isEqualTo(homestays);
        assertThat(outboxCount()).isEqualTo(outbox);
    }

    private Map<?, ?> save(String body) {
        return http.post().uri(ADMIN + "/save").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private long homestayCount() {
        return db.sql("SELECT COUNT(*) AS n FROM homestay").map(r -> r.get("n", Long.class)).one().block();
    }

    private long outboxCount() {
        return db.sql("SELECT COUNT(*) AS n FROM outbox_event").map(r -> r.get("n", Long.class)).one().block();
    }

    private static String homestayJson(Long id, String title, int rowState, long priceFen) {
        return "{" + (id == null ? "" : "\"id\":" + id + ",")
                + "\"title\":\"" + title + "\",\"subTitle\":\"By the river\",\"banner\":\"https://img/1.jpg\",\"info\":\"\","
                + "\"peopleNum\":2,\"homestayBusinessId\":5,\"rowState\":" + rowState + ",\"rowType\":0,"
                + "\"foodInfo\":\"\",\"foodPriceFen\":0,\"homestayPriceFen\":" + priceFen + ",\"marketHomestayPriceFen\":0}";
    }
}
