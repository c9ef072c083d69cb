package io.looklook.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Puts the event schemas in the registry before anything is written: a consumer can build its reader before the
 * first event of a type exists, and producers, which do not register, find every schema they write. Each record
 * type is a subject (its full name) whose own compatibility level is {@value #EVENT_COMPATIBILITY}: new readers read
 * old events (replays), and old readers read new events (consumers that upgrade later). Talks the registry's
 * Confluent-compatible API, so the same calls work against any Confluent-compatible registry.
 */
public final class RegistryContract {

    /** The level every event subject carries: each version reads, and is read by, every earlier one. */
    public static final String EVENT_COMPATIBILITY = "FULL_TRANSITIVE";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/vnd.schemaregistry.v1+json";

    private final String api;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code authorization}: the Authorization header's value for a registry that asks for one, else null. */
    public RegistryContract(String registryBaseUrl, String authorization) {
        this.api = (registryBaseUrl.endsWith("/") ? registryBaseUrl.substring(0, registryBaseUrl.length() - 1)
                : registryBaseUrl) + "/apis/ccompat/v7";
        this.authorization = authorization;
    }

    /** One schema in the registry: its subject, its id (what records carry), its version and compatibility level. */
    public record Registered(String subject, int id, int version, String compatibility) {
    }

    /** Registers every one of {@code schemas} (an already registered one keeps its id); stops at the first refusal. */
    public List<Registered> registerAll(Collection<Schema> schemas) throws IOException, InterruptedException {
        List<Registered> registered = new ArrayList<>();
        for (Schema schema : schemas) {
            registered.add(register(schema));
        }
        return registered;
    }

    /**
     * Registers {@code schema} under its full name with the subject's level {@value #EVENT_COMPATIBILITY}. The level is
     * set first where the subject exists, so the new version is checked against it; a new subject gets it right after
     * its first version (the registry keeps no level for a subject it does not hold yet).
     *
     * @throws SchemaRefusedException the registry refused the schema (incompatible with a version it holds, invalid)
     */
    public Registered register(Schema schema) throws IOException, InterruptedException {
        String subject = schema.getFullName();
        boolean existed = setCompatibility(subject);
        HttpResponse<String> answer = send(request("/subjects/" + encode(subject) + "/versions")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("schemaType", "AVRO", "schema", schema.toString())))));
        if (answer.statusCode() == 409 || answer.statusCode() == 422) {
            throw new SchemaRefusedException(subject, answer.statusCode(), message(answer.body()));
        }
        expectOk(answer, "register " + subject);
        int id = JSON.readTree(answer.body()).path("id").asInt();
        if (!existed && !setCompatibility(subject)) {
            throw new IOException("the registry lost subject " + subject + " right after registering it");
        }
        return new Registered(subject, id, versionOf(subject, schema), compatibility(subject));
    }

    /** The subject's own compatibility level, as the registry answers {@code GET /config/{subject}}. */
    public String compatibility(String subject) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(request("/config/" + encode(subject)).GET());
        expectOk(answer, "read the compatibility level of " + subject);
        return JSON.readTree(answer.body()).path("compatibilityLevel").asText();
    }

    /** Sets the level on an existing subject; false if the registry has no such subject. */
    private boolean setCompatibility(String subject) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(request("/config/" + encode(subject)).PUT(HttpRequest.BodyPublishers.ofString(
                JSON.writeValueAsString(Map.of("compatibility", EVENT_COMPATIBILITY)))));
        if (answer.statusCode() == 404) {
            return false;
        }
        expectOk(answer, "set the compatibility level of " + subject);
        return true;
    }

    private int versionOf(String subject, Schema schema) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(request("/subjects/" + encode(subject)).POST(HttpRequest.BodyPublishers.ofString(
                JSON.writeValueAsString(Map.of("schemaType", "AVRO", "schema", schema.toString())))));
        expectOk(answer, "look up " + subject);
        return JSON.readTree(answer.body()).path("version").asInt();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", JSON_TYPE).header("Accept", JSON_TYPE);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expectOk(HttpResponse<String> answer, String what) throws IOException {
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("could not " + what + ": the registry answered " + answer.statusCode() + " "
                    + message(answer.body()));
        }
    }

    private static String message(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error.hasNonNull("message") ? error.get("message").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    /** The registry refused a schema: it would break a reader of a version it holds, or is not valid. */
    public static final class SchemaRefusedException extends IOException {

        private final int status;

        SchemaRefusedException(String subject, int status, String reason) {
            super("the registry refused " + subject + " (" + status + "): " + reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
