package io.looklook.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.looklook.infra.RegistryServer;
import io.looklook.platform.Events;
import io.looklook.schemas.AvroSerdes;
import io.looklook.schemas.RegistryContract;
import io.looklook.schemas.RegistryFailures;
import io.looklook.schemas.RegistryWarmUp;
import io.looklook.schemas.SchemaCatalog;
import io.looklook.testsupport.RegistryOnlyDecoder;
import io.looklook.testsupport.TestInfra;
import io.looklook.travel.HomestaySnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real registry: ids survive a restart (replay depends on it) and an incompatible schema is refused. */
class RegistryIT {

    @TempDir
    Path dataDir;

    @Test
    void schemaIdsSurviveARegistryRestart() throws Exception {
        Path jar = RegistryServer.runnerJar(TestInfra.projectRoot());
        int port = TestInfra.freePort();
        String url = "http://127.0.0.1:" + port;
        Path log = Files.createTempFile(dataDir, "registry", ".log");

        Process first = RegistryServer.start(jar, port, TestInfra.freePort(), dataDir, log);
        int id;
        try {
            RegistryServer.awaitReady(url, first, Duration.ofSeconds(90));
            new RegistryContract(url, null).register(HomestaySnapshot.getClassSchema());
            Serializer<SpecificRecord> serializer = AvroSerdes.valueSerializer(url);
            id = RegistryOnlyDecoder.schemaId(serializer.serialize("travel.homestays", Events.snapshot(1, "before restart")));
        } finally {
            first.destroy();
            first.waitFor();
        }

        Process second = RegistryServer.start(jar, port, TestInfra.freePort(), dataDir, log);
        try {
            RegistryServer.awaitReady(url, second, Duration.ofSeconds(90));
            Schema schema = new RegistryOnlyDecoder(url).fetch(id);
            assertThat(schema.getFullName()).isEqualTo("io.looklook.travel.HomestaySnapshot");
            Serializer<SpecificRecord> fresh = AvroSerdes.valueSerializer(url);
            assertThat(RegistryOnlyDecoder.schemaId(fresh.serialize("travel.homestays", Events.snapshot(2, "after"))))
                    .as("the same schema keeps its id").isEqualTo(id);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    @Test
    void aProducerWhoseSchemaIsNotRegisteredRefusesToStart() {
        // HomestaySnapshot with a field the registry never accepted: what a service built from unreleased schemas carries
        Schema unregistered = new Schema.Parser().parse(HomestaySnapshot.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"unreleased\",\"type\":\"int\",\"default\":0},"));
        var serializer = new AvroKafkaSerializer<Object>();
        serializer.configure(AvroSerdes.serializerConfig(TestInfra.get().registryUrl()), false);

        assertThatThrownBy(() -> RegistryWarmUp.resolve(serializer, List.of(unregistered), () -> true,
                (attempt, wait, reason) -> { }))
                .satisfies(refused -> assertThat(RegistryFailures.isRefusal(refused)).as(String.valueOf(refused)).isTrue());
        // and the schemas the services write are all there, before any of them ran (TestInfra registers them as infra/stack does)
        assertThat(RegistryWarmUp.resolve(serializer, SchemaCatalog.EVENTS, () -> true,
                (attempt, wait, reason) -> { })).isTrue();
    }

    @Test
    void theRegistryRefusesABackwardIncompatibleVersion() throws Exception {
        String url = TestInfra.get().registryUrl();
        String subject = "compat-check-" + System.nanoTime();
        String v1 = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        String breaking = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"int\"}]}";
        String compatible = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";

        assertThat(register(url, subject, v1)).isEqualTo(200);
        assertThat(register(url, subject, breaking)).isEqualTo(409);
        assertThat(register(url, subject, compatible)).isEqualTo(200);
    }

    private static int register(String url, String subject, String schema) throws Exception {
        String body = "{\"schema\":" + quote(schema) + "}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + RegistryServer.CCOMPAT_PATH + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
