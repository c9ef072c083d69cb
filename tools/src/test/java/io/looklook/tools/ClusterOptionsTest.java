package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A secured cluster: the client settings file reaches every client, the registry's credentials every lookup. */
class ClusterOptionsTest {

    private static ClusterOptions parse(String... args) {
        ClusterOptions options = new ClusterOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aCommandConfigFileGivesEveryClientItsSecuritySettingsAndTheFlagsKeepTheBrokers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nbootstrap.servers=elsewhere:9092\n");

        Map<String, Object> config = parse("--bootstrap-servers", "broker-1:9093", "--command-config", file.toString()).shortLived();

        assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "broker-1:9093");
    }

    @Test
    void withoutACommandConfigOnlyTheBrokersAreSet() {
        assertThat(parse().shortLived()).doesNotContainKey("security.protocol").containsKey("bootstrap.servers");
    }

    @Test
    void theRegistryIsAskedWithTheGivenCredentials() throws IOException {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/apis/ccompat/v7/schemas/ids/7", exchange -> {
            seen.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        try {
            EventDecoder decoder = parse("--registry", "http://127.0.0.1:" + registry.getAddress().getPort(),
                    "--registry-auth", "reader:s3cret").decoder();
            // magic byte, schema id 7, then the Avro string "hi" (length 2, zig-zag encoded as 4)
            byte[] value = ByteBuffer.allocate(8).put((byte) 0).putInt(7).put((byte) 4).put((byte) 'h').put((byte) 'i').array();

            EventDecoder.Decoded decoded = decoder.decode(java.util.Arrays.copyOf(value, 8));

            assertThat(decoded.error()).isNull();
            assertThat(String.valueOf(decoded.value())).isEqualTo("hi");
            assertThat(seen.get()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                    .encodeToString("reader:s3cret".getBytes(StandardCharsets.UTF_8)));
        } finally {
            registry.stop(0);
        }
    }
}
