package io.looklook.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "looklook.gateway.requests-per-second=1", "looklook.gateway.burst=3"})
@AutoConfigureWebTestClient
class RateLimitIT {

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        for (String service : new String[]{"usercenter", "travel", "order", "payment"}) {
            registry.add("looklook.gateway." + service + "-uri", () -> Upstreams.uri(service));
        }
    }

    @Test
    void aClientAboveItsRateGets429WithRetryAfterInTheEnvelope() {
        for (int i = 0; i < 3; i++) {
            http.post().uri("/travel/v1/homestay/guessList").exchange().expectStatus().isOk();
        }
        http.post().uri("/travel/v1/homestay/guessList").exchange().expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "1").expectBody()
                .jsonPath("$.code").isEqualTo(100011)
                .jsonPath("$.msg").isEqualTo("too many requests from this address (at most 1 a second, 3 at once), "
                        + "please try again in 1 s");
    }
}
