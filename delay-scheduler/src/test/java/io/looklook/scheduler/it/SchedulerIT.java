package io.looklook.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.OrderCreated;
import io.looklook.scheduler.ScheduleFired;
import io.looklook.scheduler.ScheduleRejected;
import io.looklook.scheduler.ScheduleRequested;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/** The scheduler against a real broker and registry: order timeouts and the generic API, end to end. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext // stop this scheduler after the class: the crash test runs its own on the same topics
class SchedulerIT {

    private static final String TARGET = "it.reminders";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) throws Exception {
        TestInfra.register(registry);
        String stateDir = TestInfra.scratchDirectory("scheduler-it").toString();
        registry.add("looklook.scheduler.state-dir", () -> stateDir);
        registry.add("looklook.scheduler.allowed-targets", () -> TARGET);
    }

    @BeforeAll
    static void targetTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(TARGET)) {
                admin.createTopics(List.of(new NewTopic(TARGET, 1, (short) 1))).all().get();
            }
        }
    }

    private WebTestClient http;

    @Autowired
    void client(WebTestClient client) {
        this.http = client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, AdminTokens.admin()).build();
    }

    @Autowired
    private WebTestClient anonymous;

    @Test
    void anOrderLeftUnpaidGetsItsCloseRequestJustAfterItsDeadline() {
        awaitReady();
        String sn = "HSO" + System.nanoTime();
        Instant deadline = Instant.now().plusSeconds(3);
        send("order.events", sn, order(sn, deadline));

        ConsumerRecord<byte[], byte[]> record = awaitRecord("order.commands", sn);
        Instant seen = Instant.now();
        CloseOrderRequested command = (CloseOrderRequested) decode("order.commands", record.value());
        assertThat(command.getSn()).isEqualTo(sn);
        assertThat(command.getDeadline()).isEqualTo(deadline.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(command.getRequestedAt()).isAfterOrEqualTo(command.getDeadline());
        assertThat(Duration.between(deadline, seen)).isLessThan(Duration.ofSeconds(1));
        assertThat(new String(record.headers().lastHeader("looklook-fire-id").value(), StandardCharsets.UTF_8))
                .as("<scheduleId>:<version>/<where the OrderCreated was read>").matches("order-timeout:" + sn + ":1/order\\.events-\\d+@\\d+");
    }

    @Test
    void aGenericTimerDeliversItsPayloadAndAnInvalidRequestIsRejected() {
        awaitReady();
        String id = "it-" + UUID.randomUUID();
        send("scheduler.requests", id, ScheduleRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setScheduleId(id).setDueAt(null).setDelayMs(500L).setTargetTopic(TARGET)
                .setKey(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8))).setHeaders(Map.of())
                .setPayload(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).build());
        ConsumerRecord<byte[], byte[]> delivered = awaitRecord(TARGET, id);
        assertThat(new String(delivered.value(), StandardCharsets.UTF_8)).isEqualTo("hello");

        String bad = "it-bad-" + UUID.randomUUID();
        send("scheduler.requests", bad, ScheduleRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setScheduleId(bad).setDueAt(null).setDelayMs(10L).setTargetTopic("payment.events").setKey(null)
                .setHeaders(Map.of()).setPayload(null).build());
        ScheduleRejected rejected = (ScheduleRejected) decode("scheduler.events", awaitRecord("scheduler.events", bad).value());
        assertThat(rejected.getReason()).contains("allow-list");
    }

    @Test
    void operatorsCanSeeListAndCancelPendingTimers() {
        awaitReady();
        long due = Instant.now().plusSeconds(3_600).toEpochMilli();
        List<String> ids = List.of("admin-a-" + UUID.randomUUID(), "admin-b-" + UUID.randomUUID(), "admin-c-" + UUID.randomUUID());
        for (int i = 0; i < ids.size(); i++) {
            send("scheduler.requests", ids.get(i), ScheduleRequested.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(Instant.now()).setScheduleId(ids.get(i)).setDueAt(Instant.ofEpochMilli(due + i)).setDelayMs(null)
                    .setTargetTopic(TARGET).setKey(null).setHeaders(Map.of("h", ByteBuffer.wrap(new byte[] {1})))
                    .setPayload(ByteBuffer.wrap(new byte[42])).build());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/scheduler/v1/admin/schedules/" + ids.get(2))
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        http.get().uri("/scheduler/v1/admin/schedules/" + ids.get(0)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.scheduleId").isEqualTo(ids.get(0)).jsonPath("$.version").isEqualTo(1)
                .jsonPath("$.dueAt").isEqualTo(due).jsonPath("$.targetTopic").isEqualTo(TARGET)
                .jsonPath("$.headers[0]").isEqualTo("h").jsonPath("$.payloadBytes").isEqualTo(42);

        // the three, in due order, two per page
        String range = "/scheduler/v1/admin/schedules?from=" + due + "&to=" + (due + 3) + "&limit=2";
        http.get().uri(range).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.schedules.length()").isEqualTo(2)
                .jsonPath("$.schedules[0].scheduleId").isEqualTo(ids.get(0))
                .jsonPath("$.schedules[1].scheduleId").isEqualTo(ids.get(1))
                .jsonPath("$.next").isEqualTo((due + 1) + ":" + ids.get(1));
        http.get().uri(range + "&after=" + (due + 1) + ":" + ids.get(1)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.schedules.length()").isEqualTo(1)
                .jsonPath("$.schedules[0].scheduleId").isEqualTo(ids.get(2))
                .jsonPath("$.next").isEmpty();

        http.post().uri("/scheduler/v1/admin/schedules/" + ids.get(1) + "/cancel").exchange().expectStatus().isAccepted();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/scheduler/v1/admin/schedules/" + ids.get(1))
                .exchange().returnResult(String.class).getStatus().value() == 404);
        http.get().uri("/scheduler/v1/admin/schedules/never-" + UUID.randomUUID()).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo(100007)
                .jsonPath("$.msg").value(m -> assertThat((String) m).contains("no pending timer"));
        http.post().uri("/scheduler/v1/admin/schedules/order-timeout:HSO1/cancel").exchange().expectStatus().isEqualTo(409);
        http.get().uri("/scheduler/v1/admin/schedules?from=5&to=5").exchange().expectStatus().isBadRequest();
        http.get().uri("/scheduler/v1/admin/schedules?from=0&to=5&limit=0").exchange().expectStatus().isBadRequest();
        http.get().uri("/scheduler/v1/admin/schedules?from=0&to=5&after=garbage").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(100002);
    }

    @Test
    void everyErrorIsInTheEnvelopeWithNothingInternalInIt() {
        http.get().uri("/scheduler/v1/admin/schedules?to=5").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo(100002)
                .jsonPath("$.msg").value(m -> assertThat((String) m).startsWith("invalid parameter").doesNotContain("io.looklook")
                        .doesNotContain("Mono"));
        http.get().uri("/scheduler/v1/admin/schedules?from=x&to=5").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo(100002)
                .jsonPath("$.msg").value(m -> assertThat((String) m).doesNotContain("io.looklook"));
        http.get().uri("/scheduler/v1/admin/nothing-here").exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.code").isEqualTo(100007).jsonPath("$.msg").isEqualTo("no such route");
        http.get().uri("/scheduler/v1/admin/schedules/" + "x".repeat(5_000)).exchange().expectStatus().isEqualTo(414).expectBody()
                .jsonPath("$.code").isEqualTo(100002)
                .jsonPath("$.msg").value(m -> assertThat((String) m).contains("at most 4096"));
    }

    @Test
    void fireNowDeliversAPendingTimerAtOnceEvenAnOrderTimeout() {
        awaitReady();
        String id = "now-" + UUID.randomUUID();
        send("scheduler.requests", id, ScheduleRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setScheduleId(id).setDueAt(Instant.now().plusSeconds(3_600)).setDelayMs(null).setTargetTopic(TARGET)
                .setKey(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8))).setHeaders(Map.of()).setPayload(null).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/scheduler/v1/admin/schedules/" + id)
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        http.post().uri("/scheduler/v1/admin/schedules/" + id + "/fire-now").exchange().expectStatus().isAccepted();
        assertThat(awaitRecord(TARGET, id)).isNotNull();

        // an order timeout lives in its order's partition: the request must reach that task
        String sn = "HSONOW" + System.nanoTime();
        send("order.events", sn, order(sn, Instant.now().plusSeconds(3_600)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/scheduler/v1/admin/schedules/order-timeout:" + sn)
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        http.post().uri("/scheduler/v1/admin/schedules/order-timeout:" + sn + "/fire-now").exchange().expectStatus().isAccepted();
        CloseOrderRequested command = (CloseOrderRequested) decode("order.commands", awaitRecord("order.commands", sn).value());
        assertThat(command.getSn()).isEqualTo(sn);
        ScheduleFired fired = (ScheduleFired) decode("scheduler.events",
                awaitRecord("scheduler.events", "order-timeout:" + sn, ScheduleFired.class).value());
        assertThat(fired.getOnRequest()).isTrue();
    }

    @Test
    void theAdminApiNeedsATokenWithTheAdminScope() {
        String path = "/scheduler/v1/admin/schedules/anything";
        anonymous.get().uri(path).exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003);
        anonymous.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo(100003);
        io.looklook.testsupport.TestTokens.get().refusedTokens(1).forEach((what, bad) ->
                anonymous.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + bad).exchange()
                        .expectStatus().isUnauthorized());
        anonymous.post().uri(path + "/fire-now").header(HttpHeaders.AUTHORIZATION, AdminTokens.bearer("catalog:write"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo(100009);
        anonymous.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Autowired
    private io.looklook.scheduler.config.SchedulerStreams scheduler;

    /** Every open store reports the one shared cache's capacity (application.yml's 256MB), not its own 50 MB. */
    @Test
    void everyRocksDbStoreSharesTheOneBoundedMemoryBudget() {
        awaitReady();
        String sn = "HSO" + System.nanoTime();
        send("order.events", sn, order(sn, Instant.now().plusSeconds(60)));
        java.util.function.Supplier<List<Object>> capacities = () -> scheduler.streams().metrics().values().stream()
                .filter(m -> m.metricName().name().equals("block-cache-capacity")).map(m -> m.metricValue()).toList();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !capacities.get().isEmpty());
        assertThat(capacities.get()).allSatisfy(capacity ->
                assertThat(((Number) capacity).longValue()).isEqualTo(256L * 1024 * 1024));
    }

    /** The scheduler's own meters in the looklook_scheduler_* style, lateness as buckets, Kafka Streams' and the admin producer's metrics. */
    @Test
    void exportsItsMetricsForPrometheus() {
        awaitReady();
        // the Kafka binders add the clients' metrics as the clients create them (checked again every minute)
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> anonymous.get().uri("/actuator/prometheus")
                .exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).contains("looklook_scheduler_restore_remaining_records ",
                        "looklook_scheduler_fire_lateness_seconds_bucket{", "looklook_scheduler_pending_timers ",
                        "kafka_stream_thread_", "kafka_producer_").doesNotContain("quantile=")));
    }

    private void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> http.get().uri("/actuator/health/readiness").exchange()
                .returnResult(String.class).getStatus().is2xxSuccessful());
    }

    private static void send(String topic, String key, Object value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key,
                    AvroSerdes.valueSerializer(TestInfra.get().registryUrl()).serialize(topic, value))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object decode(String topic, byte[] value) {
        return AvroSerdes.valueDeserializer(TestInfra.get().registryUrl()).deserialize(topic, value);
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String key) {
        return awaitRecord(topic, key, null);
    }

    /**
     * The first committed record on {@code topic} with {@code key} (and, if given, that event type), read as a
     * downstream consumer would.
     */
    private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String key, Class<?> type) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && (type == null || type.isInstance(decode(topic, r.value())))) {
                        found.add(r);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static OrderCreated order(String sn, Instant deadline) {
        return OrderCreated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setSn(sn).setUserId(7)
                .setHomestayId(1).setHomestayVersion(1).setTitle("t").setHomestayBusinessId(1).setHomestayUserId(2)
                .setRowType(0).setLiveStartDate(LocalDate.now().plusDays(1)).setLiveEndDate(LocalDate.now().plusDays(2))
                .setNights(1).setLivePeopleNum(1).setNeedFood(false).setHomestayPrice(100).setFoodPrice(0)
                .setMarketHomestayPrice(100).setHomestayTotalPrice(100).setFoodTotalPrice(0).setOrderTotalPrice(100)
                .setTradeState(0).setPayDeadline(deadline).build();
    }
}
