package io.looklook.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a record value the way a downstream team would, knowing only the registry's Confluent-compatible API:
 * magic byte 0, a 4-byte schema id, then Avro binary. Uses none of the project's generated classes.
 */
public final class RegistryOnlyDecoder {

    private final String registryBaseUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public RegistryOnlyDecoder(String registryBaseUrl) {
        this.registryBaseUrl = registryBaseUrl;
    }

    public static int schemaId(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (buffer.get() != 0) {
            throw new IllegalArgumentException("not the Confluent wire format (magic byte is not 0)");
        }
        return buffer.getInt();
    }

    public GenericRecord decode(byte[] value) throws IOException {
        int id = schemaId(value);
        Schema schema = schemas.computeIfAbsent(id, this::fetch);
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        return reader.read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    }

    public Schema fetch(int id) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(registryBaseUrl + "/apis/ccompat/v7/schemas/ids/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("registry has no schema " + id + ": HTTP " + response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            return new Schema.Parser().parse(body.get("schema").asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
