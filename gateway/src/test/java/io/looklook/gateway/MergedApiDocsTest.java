package io.looklook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MergedApiDocsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final URI any = URI.create("http://127.0.0.1:1");
    private final MergedApiDocs docs = new MergedApiDocs(json, new UpstreamAddresses(List.of(any), List.of(any), List.of(any), List.of(any)));

    @Test
    void pathsSideBySideSchemasMergedAndACollisionRenamedWithItsReferences() {
        JsonNode travel = json.readTree("""
                {"info":{"title":"looklook travel-service","description":"catalog"},
                 "paths":{"/travel/v1/a":{"post":{"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/ListResp"}}}}}}}},
                 "components":{"schemas":{"ListResp":{"type":"object","properties":{"list":{"type":"array"}}},
                                          "ErrorEnvelope":{"type":"object"}},
                               "securitySchemes":{"bearerAuth":{"type":"http","scheme":"bearer"}}}}""");
        JsonNode order = json.readTree("""
                {"info":{"title":"looklook order-service","description":"orders"},
                 "paths":{"/order/v1/b":{"post":{"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/ListResp"}}}}}}}},
                 "components":{"schemas":{"ListResp":{"type":"object","properties":{"orders":{"type":"array"}}},
                                          "ErrorEnvelope":{"type":"object"}}}}""");
        JsonNode merged = docs.merge(List.of(new MergedApiDocs.Fetched("travel", travel), new MergedApiDocs.Fetched("order", order),
                new MergedApiDocs.Fetched("payment", null)));

        assertThat(merged.path("paths").propertyNames()).containsExactlyInAnyOrder("/travel/v1/a", "/order/v1/b");
        assertThat(merged.path("components").path("schemas").propertyNames())
                .containsExactlyInAnyOrder("TravelListResp", "OrderListResp", "ErrorEnvelope");
        assertThat(merged.at("/paths/~1order~1v1~1b/post/responses/200/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/OrderListResp");
        assertThat(merged.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
        assertThat(merged.at("/info/description").asString()).contains("looklook travel-service", "catalog",
                "payment: its document could not be fetched now");
    }
}
