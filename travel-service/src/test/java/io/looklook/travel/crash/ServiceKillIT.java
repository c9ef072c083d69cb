package io.looklook.travel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.security.JwtTokens;
import io.looklook.testsupport.RegistryOnlyDecoder;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.travel.TravelIT;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import io.looklook.travel.adapter.kafka.TravelTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;

/**
 * travel-service as a real process, killed with SIGKILL right after a catalog change committed and before its
 * event was published (its relay is held off, as if it had not had its turn yet). A new process publishes it.
 * Runs against its own schema ({@code looklook_travel_crash}) so no other test's relay can publish the row.
 */
class ServiceKillIT {

    private static final String SCHEMA = "looklook_travel_crash";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aChangeCommittedBeforeAKillMinusNineIsPublishedByTheNextProcess() throws Exception {
        TestInfra infra = TestInfra.get();
        String marker = "crash-test-" + UUID.randomUUID();

        ServiceProcess first = ServiceProcess.start("travel-service", "service-kill-first", SCHEMA,
                "--looklook.outbox.relay-enabled=false", "--spring.flyway.locations=" + TravelIT.WITH_DEMO_CATALOG);
        try {
            // let the first start's catalog publication commit (it snapshots homestay 1 too, which would be a second,
            // legitimate event for the marker if it ran after the change)
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(infra, "SELECT COUNT(*) FROM catalog_publication") == 0);
            String token = TestTokens.get().forUser(1, Duration.ofMinutes(5), JwtTokens.CATALOG_WRITE_SCOPE);
            HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/travel/v1/admin/homestay/save"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":1,\"title\":\"Naxi Courtyard Suite\",\"subTitle\":\"" + marker
                            + "\",\"banner\":\"\",\"info\":\"\",\"peopleNum\":2,\"homestayBusinessId\":1,\"rowState\":1,\"rowType\":0,"
                            + "\"foodInfo\":\"\",\"foodPriceFen\":3800,\"homestayPriceFen\":38800,\"marketHomestayPriceFen\":45800}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        } finally {
            first.kill(); // SIGKILL right after the commit, before any relay turn
        }
        assertThat(pendingOutboxRows(infra)).as("the committed change waits in the outbox").isPositive();

        try (KafkaConsumer<String, byte[]> consumer = consumer(infra)) {
            assertThat(markedSnapshots(consumer, marker, Duration.ofSeconds(2))).as("nothing published before the restart").isEmpty();

            try (ServiceProcess second = ServiceProcess.start("travel-service", "service-kill-second", SCHEMA,
                    "--spring.flyway.locations=" + TravelIT.WITH_DEMO_CATALOG)) {
                List<GenericRecord> published = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    published.addAll(markedSnapshots(consumer, marker, Duration.ofMillis(500)));
                    return !published.isEmpty();
                });
                published.addAll(markedSnapshots(consumer, marker, Duration.ofSeconds(1)));
                assertThat(published).as("published once").singleElement().satisfies(s -> {
                    assertThat(s.get("homestayId")).isEqualTo(1L);
                    assertThat(s.get("version")).isEqualTo(2L);
                });
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pendingOutboxRows(infra) == 0);
            }
        }
    }

    private static long pendingOutboxRows(TestInfra infra) throws Exception {
        return count(infra, "SELECT COUNT(*) FROM outbox_event WHERE message_key = '1'");
    }

    private static long count(TestInfra infra, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(SCHEMA), "looklook", TestInfra.DB_PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(TestInfra infra) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "kill-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(TravelTopics.HOMESTAYS));
        return consumer;
    }

    /** Snapshots carrying the marker seen while polling for {@code window}. */
    private static List<GenericRecord> markedSnapshots(KafkaConsumer<String, byte[]> consumer, String marker, Duration window)
            throws IOException {
        RegistryOnlyDecoder decoder = new RegistryOnlyDecoder(TestInfra.get().registryUrl());
        List<GenericRecord> found = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value() != null) {
                    GenericRecord snapshot = decoder.decode(r.value());
                    if (marker.equals(String.valueOf(snapshot.get("subTitle")))) {
                        found.add(snapshot);
                    }
                }
            }
        }
        return found;
    }
}
