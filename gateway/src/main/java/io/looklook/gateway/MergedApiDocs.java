package io.looklook.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * One OpenAPI document for the whole API behind the gateway (what Swagger UI at {@code /swagger-ui.html} shows): the
 * four services' documents, fetched when asked for, their paths side by side (the prefixes keep them apart), their
 * schemas merged; a schema name two services use for different shapes is prefixed with each one's service name. A
 * service that cannot be reached is named in the description, and the rest is served.
 */
@RestController
public class MergedApiDocs {

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);
    private static final String REF_PREFIX = "#/components/schemas/";

    /** Each service's instances: the document is the same on each, so the first that answers gives it. */
    private final Map<String, java.util.List<URI>> services;
    private final WebClient web = WebClient.create();
    private final JsonMapper json;

    public MergedApiDocs(JsonMapper json, UpstreamAddresses addresses) {
        this.json = json;
        this.services = addresses.byService();
    }

    record Fetched(String service, JsonNode doc) {
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<String> merged() {
        return Flux.fromIterable(services.entrySet())
                .flatMapSequential(e -> Flux.fromIterable(e.getValue()).concatMap(instance -> web.get()
                                .uri(instance.resolve("/v3/api-docs")).retrieve().bodyToMono(String.class)
                                .timeout(FETCH_TIMEOUT).onErrorResume(error -> Mono.empty()))
                        .next()
                        .map(body -> new Fetched(e.getKey(), json.readTree(body)))
                        .defaultIfEmpty(new Fetched(e.getKey(), null))
                        .onErrorResume(error -> Mono.just(new Fetched(e.getKey(), null))))
                .collectList()
                .map(docs -> json.writeValueAsString(merge(docs)));
    }

    ObjectNode merge(List<Fetched> docs) {
        Map<String, Set<String>> shapes = new HashMap<>();
        for (Fetched f : docs) {
            if (f.doc() != null) {
                f.doc().path("components").path("schemas").properties()
                        .forEach(s -> shapes.computeIfAbsent(s.getKey(), k -> new HashSet<>()).add(s.getValue().toString()));
            }
        }
        ObjectNode merged = json.createObjectNode();
        merged.put("openapi", "3.1.0");
        StringBuilder description = new StringBuilder("The whole looklook API behind the gateway, one path prefix per "
                + "service. Tokens come from /usercenter/v1/user/login or register.");
        ObjectNode paths = json.createObjectNode();
        ObjectNode schemas = json.createObjectNode();
        ObjectNode securitySchemes = json.createObjectNode();
        for (Fetched f : docs) {
            if (f.doc() == null) {
                description.append("\n\n").append(f.service()).append(": its document could not be fetched now.");
                continue;
            }
            Map<String, String> renamed = new HashMap<>();
            f.doc().path("components").path("schemas").properties().forEach(s -> {
                if (shapes.get(s.getKey()).size() > 1) {
                    renamed.put(s.getKey(), capitalized(f.service()) + s.getKey());
                }
            });
            JsonNode doc = renamed.isEmpty() ? f.doc() : rewriteRefs(f.doc().deepCopy(), renamed);
            description.append("\n\n**").append(doc.path("info").path("title").asString(f.service())).append("**: ")
                    .append(doc.path("info").path("description").asString(""));
            doc.path("paths").properties().forEach(p -> paths.set(p.getKey(), p.getValue()));
            doc.path("components").path("schemas").properties()
                    .forEach(s -> schemas.set(renamed.getOrDefault(s.getKey(), s.getKey()), s.getValue()));
            doc.path("components").path("securitySchemes").properties().forEach(s -> securitySchemes.set(s.getKey(), s.getValue()));
        }
        ObjectNode info = merged.putObject("info");
        info.put("title", "looklook");
        info.put("description", description.toString());
        info.put("version", "v1");
        merged.set("paths", paths);
        ObjectNode components = merged.putObject("components");
        components.set("schemas", schemas);
        components.set("securitySchemes", securitySchemes);
        return merged;
    }

    private static JsonNode rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            for (String field : Set.copyOf(object.propertyNames())) {
                JsonNode value = object.get(field);
                if ("$ref".equals(field) && value.isString() && value.asString().startsWith(REF_PREFIX)) {
                    String name = value.asString().substring(REF_PREFIX.length());
                    if (renamed.containsKey(name)) {
                        object.set(field, StringNode.valueOf(REF_PREFIX + renamed.get(name)));
                    }
                } else {
                    rewriteRefs(value, renamed);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> rewriteRefs(child, renamed));
        }
        return node;
    }

    private static String capitalized(String service) {
        return Character.toUpperCase(service.charAt(0)) + service.substring(1);
    }
}
