package io.looklook.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.Events;
import io.looklook.platform.PlatformFaults;
import io.looklook.platform.PlatformIT;
import io.looklook.platform.PlatformTestTopics;
import io.looklook.platform.kafka.ConsumerRetries;
import io.looklook.platform.kafka.KafkaConsumersHealth;
import io.looklook.platform.kafka.KafkaDefaultsAutoConfiguration;
import io.looklook.platform.outbox.OutboxProperties;
import io.looklook.platform.outbox.OutboxRelay;
import io.looklook.platform.outbox.OutboxRelayHealth;
import io.looklook.schemas.AvroSerdes;
import io.looklook.schemas.RegistryContract;
import io.looklook.testsupport.TestInfra;
import io.looklook.travel.HomestaySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The platform's failure rule against real outages of MariaDB and the registry (cut: connections refused; freeze:
 * connections open, nothing answered), played through {@link PlatformFaults}' proxies while the servers run on.
 */
class OutageIT extends PlatformIT {

    private static final String TOPIC = PlatformTestTopics.OUTAGE;

    @Autowired
    ApplicationContext context;
    @Autowired
    ConsumerRetries retries;
    @Autowired
    KafkaConsumersHealth consumersHealth;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void bringEverythingBack() {
        PlatformFaults.DATABASE.restore();
        PlatformFaults.REGISTRY.restore();
    }

    @Test
    void aConsumerWaitsThroughADatabaseOutageAndAppliesEverythingInOrderAfterItWithoutDeadLetters() throws Exception {
        PlatformFaults.DATABASE.cut();
        HomestaySnapshot first = Events.snapshot(11, "first during the outage");
        HomestaySnapshot second = Events.snapshot(12, "second during the outage");
        send(AvroSerdes.valueSerializer(TestInfra.get().registryUrl()).serialize(TOPIC, first));
        send(AvroSerdes.valueSerializer(TestInfra.get().registryUrl()).serialize(TOPIC, second));

        // far more attempts than a record of unknown failure gets before the DLT (4), and still waiting
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingOn(TOPIC).stream().anyMatch(w -> w.attempts() >= 8));
        assertThat(meters.get("looklook.platform.kafka.consumer.retrying").tag("topic", TOPIC).gauge().value()).isEqualTo(1.0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumersHealth.health().getStatus().equals(Status.DOWN));
        assertThat(consumersHealth.health().getDetails().toString()).contains(TOPIC + "-0").contains("cause");
        assertThat(deadLetters(TOPIC)).as("nothing dead-lettered while the database was away").isZero();

        PlatformFaults.DATABASE.restore();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effectId(second) != null);
        assertThat(effectId(first)).as("applied in their order on the partition").isLessThan(effectId(second));
        assertThat(deadLetters(TOPIC)).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumersHealth.health().getStatus().equals(Status.UP));
        assertThat(meters.get("looklook.platform.kafka.consumer.retrying").tag("topic", TOPIC).gauge().value()).isZero();
    }

    @Test
    void aRecordInASchemaTheConsumerHasNotSeenWaitsForTheRegistryInsteadOfGoingToTheDlt() throws Exception {
        // a producer moved on to a compatible new version (an optional field added): a schema id this consumer has
        // never looked up, while the registry is away
        Schema newer = withOptionalField(HomestaySnapshot.getClassSchema());
        HomestaySnapshot event = Events.snapshot(13, "written with a newer schema");
        GenericRecord record = new GenericData.Record(newer);
        for (Schema.Field field : HomestaySnapshot.getClassSchema().getFields()) {
            Object value = event.get(field.pos());
            record.put(field.name(), value instanceof java.util.UUID u ? u.toString()
                    : value instanceof java.time.Instant i ? i.toEpochMilli() : value);
        }
        new RegistryContract(TestInfra.get().registryUrl(), null).register(newer); // producers do not register
        byte[] bytes = AvroSerdes.valueSerializer(TestInfra.get().registryUrl()).serialize(TOPIC, record);
        PlatformFaults.REGISTRY.cut();
        send(bytes);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingOn(TOPIC).stream().anyMatch(w -> w.attempts() >= 6
                && w.cause().contains("schema registry unreachable")));
        assertThat(deadLetters(TOPIC)).isZero();

        PlatformFaults.REGISTRY.restore();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effectId(event) != null);
        assertThat(deadLetters(TOPIC)).isZero();
    }

    @Test
    void routesAnswer503WithRetryAfterWithinTwoSecondsWhileTheDatabaseIsAwayAndRecoverWithoutARestart() {
        WebTestClient http = WebTestClient.bindToApplicationContext(context).configureClient()
                .responseTimeout(Duration.ofSeconds(10)).build();
        warm(http);

        PlatformFaults.DATABASE.cut();
        assertUnavailableWithinTwoSeconds(http, true, "100005");
        assertUnavailableWithinTwoSeconds(http, false, "100005");
        PlatformFaults.DATABASE.restore();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                http.get().uri("/platform-test/effects").exchange().expectStatus().isOk());

        PlatformFaults.DATABASE.freeze();
        assertUnavailableWithinTwoSeconds(http, true, "100001");
        assertUnavailableWithinTwoSeconds(http, false, "100001");
        PlatformFaults.DATABASE.restore();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                http.post().uri("/platform-test/events").exchange().expectStatus().isOk());
    }

    @Test
    void writesGoOnThroughARegistryOutageWithTheSchemaIdsAlreadyUsed() {
        WebTestClient http = WebTestClient.bindToApplicationContext(context).build();
        warm(http); // the schema's id is now known
        // an entry past its lifetime is kept when the registry cannot be asked (fault-tolerant refresh)
        Map<String, Object> config = AvroSerdes.serializerConfig(PlatformFaults.registryUrl());
        config.put("apicurio.registry.check-period-ms", 1L);
        io.apicurio.registry.serde.avro.AvroKafkaSerializer<HomestaySnapshot> shortLived =
                new io.apicurio.registry.serde.avro.AvroKafkaSerializer<>();
        shortLived.configure(config, false);
        byte[] before = shortLived.serialize(TOPIC, Events.snapshot(14, "before"));

        PlatformFaults.REGISTRY.cut();
        http.post().uri("/platform-test/events").exchange().expectStatus().isOk();
        byte[] during = shortLived.serialize(TOPIC, Events.snapshot(14, "during"));
        assertThat(java.util.Arrays.copyOf(during, 5)).as("same schema id").isEqualTo(java.util.Arrays.copyOf(before, 5));
    }

    @Test
    void theRelaySaysItIsNotKeepingUpWhileTheDatabaseIsAway() {
        OutboxRelay relay = newRelay();
        OutboxRelayHealth health = new OutboxRelayHealth(relay,
                new OutboxProperties(true, 100, Duration.ofMillis(20), null, null, Duration.ofMillis(500), Duration.ofSeconds(3)));
        relay.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
            PlatformFaults.DATABASE.cut();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.DOWN));
            PlatformFaults.DATABASE.restore();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.UP));
        } finally {
            relay.stop();
        }
    }

    /**
     * The routes answer before the test begins: the first requests of a cold test JVM (first connections, classes
     * instrumented by BlockHound as they load) can take longer than the request deadline on a busy machine.
     */
    private static void warm(WebTestClient http) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            http.get().uri("/platform-test/effects").exchange().expectStatus().isOk();
            http.post().uri("/platform-test/events").exchange().expectStatus().isOk();
        });
    }

    private void assertUnavailableWithinTwoSeconds(WebTestClient http, boolean read, String code) {
        long started = System.nanoTime();
        EntityExchangeResult<String> result = (read ? http.get().uri("/platform-test/effects") : http.post().uri("/platform-test/events"))
                .exchange().expectStatus().isEqualTo(503).expectHeader().exists("Retry-After")
                .expectBody(String.class).returnResult();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(elapsedMs).as("answered within 2 s").isLessThan(2_000);
        assertThat(result.getResponseBody()).contains("\"code\":" + code).contains("\"msg\"");
    }

    private List<ConsumerRetries.Waiting> waitingOn(String topic) {
        return retries.stuck(Duration.ZERO).stream().filter(w -> w.key().topic().equals(topic)).toList();
    }

    private Long effectId(HomestaySnapshot event) {
        return db.sql("SELECT id FROM applied_effect WHERE event_id = :id ORDER BY id LIMIT 1")
                .bind("id", event.getEventId().toString()).map(r -> r.get("id", Long.class)).first().block();
    }

    private static void send(byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "outage", value)).get();
        }
    }

    private static long deadLetters(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition dlt = new TopicPartition(topic + KafkaDefaultsAutoConfiguration.DLT_SUFFIX, 0);
            return consumer.endOffsets(List.of(dlt)).get(dlt);
        }
    }

    private static Schema withOptionalField(Schema schema) {
        String json = schema.toString();
        String field = "{\"name\":\"outageTestNote\",\"type\":[\"null\",\"string\"],\"default\":null}";
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + "," + field + "]}");
    }
}
