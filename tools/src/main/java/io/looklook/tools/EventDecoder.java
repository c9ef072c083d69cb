package io.looklook.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Decodes record values in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) with the writer's
 * schema fetched from the registry's Confluent-compatible API, into generic records: the tool needs no generated
 * classes, so it decodes events newer than itself. Schemas are fetched once per id. Never throws for a bad record:
 * it comes back {@link Decoded#undecodable() undecodable}, with the reason.
 */
public final class EventDecoder {

    private static final byte MAGIC = 0;
    private static final int HEADER = 5;
    private static final JsonFactory JSON = new JsonFactory();

    private final String schemasById;
    private HttpClient http; // made on the first schema fetched: it sets up TLS, a few hundred ms a command may not need
    private final Map<Integer, Object> readers = new HashMap<>(); // id -> GenericDatumReader, or the reason it failed
    private BinaryDecoder reuse;

    private final String authorization;

    public EventDecoder(String registryBaseUrl) {
        this(registryBaseUrl, null);
    }

    /** {@code basicAuth}: {@code user:password} for a registry behind HTTP Basic authentication, or null. */
    public EventDecoder(String registryBaseUrl, String basicAuth) {
        this.authorization = ClusterOptions.registryAuthorization(basicAuth);
        String base = registryBaseUrl.endsWith("/") ? registryBaseUrl.substring(0, registryBaseUrl.length() - 1) : registryBaseUrl;
        this.schemasById = base + "/apis/ccompat/v7/schemas/ids/";
    }

    /** The outcome of decoding one value: a type and a generic value, or the reason it could not be decoded. */
    public record Decoded(Integer schemaId, Schema schema, Object value, String error) {

        static Decoded tombstone() {
            return new Decoded(null, null, null, null);
        }

        static Decoded failed(Integer schemaId, String error) {
            return new Decoded(schemaId, null, null, error);
        }

        /** The writer schema's full name ({@code io.looklook.order.OrderCreated}), or null. */
        public String type() {
            return schema == null ? null : schema.getFullName();
        }

        public boolean undecodable() {
            return error != null;
        }

        /** The type's simple name ({@code OrderCreated}), or null. */
        public String simpleType() {
            return schema == null ? null : schema.getName();
        }
    }

    public Decoded decode(byte[] value) {
        if (value == null) {
            return Decoded.tombstone();
        }
        if (value.length < HEADER || value[0] != MAGIC) {
            return Decoded.failed(null, value.length == 0 ? "empty value"
                    : "not in the Confluent wire format (first byte 0x%02x, %d bytes)".formatted(value[0], value.length));
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Object reader = readers.get(id);
        if (reader == null) {
            reader = fetchReader(id);
            if (!(reader instanceof Transient)) {
                readers.put(id, reader); // a schema, or the registry's "no such id": both final
            }
        }
        if (reader instanceof String reason) {
            return Decoded.failed(id, reason);
        }
        if (reader instanceof Transient t) {
            return Decoded.failed(id, t.reason());
        }
        @SuppressWarnings("unchecked")
        GenericDatumReader<Object> datumReader = (GenericDatumReader<Object>) reader;
        try {
            reuse = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, reuse);
            Object decoded = datumReader.read(null, reuse);
            if (!reuse.isEnd()) {
                return Decoded.failed(id, "trailing bytes after the value: not written with schema " + id);
            }
            return new Decoded(id, datumReader.getSchema(), decoded, null);
        } catch (IOException | RuntimeException e) {
            return Decoded.failed(id, "does not decode with schema " + id + " (" + datumReader.getSchema().getFullName() + "): " + e);
        }
    }

    /** The "schema" string of the registry's answer, read with the streaming parser (no object mapper to start). */
    private static String schemaField(String body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the registry's answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("schema")) {
                    return parser.getString();
                }
                parser.skipChildren();
            }
            throw new IllegalArgumentException("the registry's answer has no schema");
        }
    }

    /** A failure to reach the registry: not remembered, the next record with this id asks again. */
    private record Transient(String reason) {
    }

    private Object fetchReader(int id) {
        try {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(schemasById + id)).timeout(Duration.ofSeconds(10)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return "schema id " + id + " is not in the registry";
            }
            if (response.statusCode() != 200) {
                return new Transient("registry answered " + response.statusCode() + " for schema id " + id);
            }
            return new GenericDatumReader<>(new Schema.Parser().parse(schemaField(response.body())));
        } catch (IOException e) {
            return new Transient("cannot fetch schema id " + id + " from the registry: " + e);
        } catch (RuntimeException e) {
            return "schema id " + id + " is not a usable Avro schema: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Transient("interrupted while fetching schema id " + id);
        }
    }
}
