package io.looklook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** The gateway in front of four HTTP servers that answer with what they received (see {@link Upstreams}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "looklook.gateway.max-body-size=1KB", "looklook.gateway.requests-per-second=10000", "looklook.gateway.burst=10000"})
@AutoConfigureWebTestClient
class GatewayIT {

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("looklook.gateway.usercenter-uri", () -> Upstreams.uri("usercenter"));
        registry.add("looklook.gateway.travel-uri", () -> Upstreams.uri("travel"));
        registry.add("looklook.gateway.order-uri", () -> Upstreams.uri("order"));
        registry.add("looklook.gateway.payment-uri", () -> "http://127.0.0.1:" + Upstreams.DOWN_PORT);
    }

    @Test
    void eachPrefixGoesToItsServiceWithThePathQueryBodyAndHeadersUnchanged() {
        String body = "{\"mobile\":\"13800000000\",\"password\":\"p\\u00e4ss \\\"quoted\\\"\"}";
        for (String service : new String[]{"usercenter", "travel", "order"}) {
            Map<String, Object> seen = echo(http.post().uri("/" + service + "/v1/some/route?x=1&y=z,w")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer a.b.c")
                    .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .header("X-Forwarded-For", "203.0.113.66") // a client's claim: replaced by the address the gateway saw
                    .bodyValue(body).exchange().expectStatus().isOk());
            assertThat(seen).containsEntry("service", service)
                    .containsEntry("path", "/" + service + "/v1/some/route")
                    .containsEntry("query", "x=1&y=z,w")
                    .containsEntry("authorization", "Bearer a.b.c")
                    .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .containsEntry("forwardedFor", "127.0.0.1");
            assertThat(new String(Base64.getDecoder().decode((String) seen.get("body")), StandardCharsets.UTF_8)).isEqualTo(body);
        }
    }

    @Test
    void aServicesOwnErrorPassesThroughUnchanged() {
        http.post().uri("/order/v1/x/status/401").exchange().expectStatus().isUnauthorized()
                .expectBody(String.class).isEqualTo("{\"code\":100003,\"msg\":\"from order\"}");
    }

    @Test
    void aServiceThatIsDownIs503InTheEnvelope() {
        http.post().uri("/payment/v1/thirdPayment/thirdPaymentWxPay").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "1")
                .expectBody().jsonPath("$.code").isEqualTo(100001)
                .jsonPath("$.msg").isEqualTo("the payment service is unavailable, please try again later");
    }

    @Test
    void aPathNoRouteTakesIs404InTheEnvelope() {
        http.post().uri("/mqueue/v1/anything").exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.code").isEqualTo(100007).jsonPath("$.msg").isEqualTo("no such route");
    }

    @Test
    void aBodyAboveTheLimitIs413NamingTheLimitWithOrWithoutALength() {
        http.post().uri("/order/v1/x").contentType(MediaType.APPLICATION_JSON).bodyValue("x".repeat(2000))
                .exchange().expectStatus().isEqualTo(413).expectBody()
                .jsonPath("$.code").isEqualTo(100002)
                .jsonPath("$.msg").isEqualTo("invalid parameter: the request body has 2000 bytes; at most 1024 are taken");
        Flux<DataBuffer> chunked = Flux.range(0, 4).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap("y".repeat(500).getBytes(StandardCharsets.UTF_8)));
        http.post().uri("/order/v1/x").contentType(MediaType.APPLICATION_JSON).body(chunked, DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413).expectBody()
                .jsonPath("$.msg").value(m -> assertThat((String) m).contains("at most 1024 bytes"));
        // at the limit it goes through
        echo(http.post().uri("/order/v1/x").contentType(MediaType.APPLICATION_JSON).bodyValue("z".repeat(1024))
                .exchange().expectStatus().isOk());
    }

    @Test
    void aUriAboveTheLimitIs414NamingTheLimit() {
        http.get().uri("/travel/" + "a".repeat(5000)).exchange().expectStatus().isEqualTo(414).expectBody()
                .jsonPath("$.code").isEqualTo(100002)
                .jsonPath("$.msg").value(m -> assertThat((String) m).endsWith("at most 4096 are taken"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> echo(WebTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
    }
}
