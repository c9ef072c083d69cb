package io.looklook.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two instances behind one route: turns taken, a refused connection sent to the other, a not-ready one skipped. The
 * readiness check runs once, at start (an hour between checks), so an instance stopped afterwards stays in the
 * rotation and only the retry on a refused connection keeps its requests from failing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "looklook.gateway.requests-per-second=10000", "looklook.gateway.burst=10000",
        "spring.cloud.loadbalancer.health-check.interval=1h"})
@AutoConfigureWebTestClient
class LoadBalancingIT {

    static final HttpServer ORDER_A = Upstreams.start("order-a", true);
    static final HttpServer ORDER_B = Upstreams.start("order-b", true);
    static final HttpServer PAYMENT_UP = Upstreams.start("payment-up", true);
    static final HttpServer PAYMENT_STOPPING = Upstreams.start("payment-stopping", true);
    static final HttpServer TRAVEL_READY = Upstreams.start("travel-ready", true);
    static final HttpServer TRAVEL_NOT_READY = Upstreams.start("travel-not-ready", false);

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("looklook.gateway.usercenter-uri", () -> Upstreams.uri("usercenter"));
        registry.add("looklook.gateway.order-uri", () -> Upstreams.uri(ORDER_A) + "," + Upstreams.uri(ORDER_B));
        registry.add("looklook.gateway.payment-uri", () -> Upstreams.uri(PAYMENT_STOPPING) + "," + Upstreams.uri(PAYMENT_UP));
        registry.add("looklook.gateway.travel-uri", () -> Upstreams.uri(TRAVEL_NOT_READY) + "," + Upstreams.uri(TRAVEL_READY));
    }

    @Test
    void requestsTakeTurnsOverTheInstances() {
        Set<Object> answeredBy = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            answeredBy.add(post("/order/v1/homestayOrder/createHomestayOrder").get("service"));
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("order-a", "order-b");
        // the per-route client meters survive the readiness checks' own (same name, other tags: HealthCheckMetrics)
        assertThat(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody()).contains("spring_cloud_gateway_route_id=\"order\"");
    }

    @Test
    void aRefusedConnectionGoesToTheOtherInstanceWhateverTheMethod() {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Set<Object> answeredBy = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                answeredBy.add(post("/payment/v1/thirdPayment/thirdPaymentWxPay").get("service"));
            }
            return answeredBy.size() == 2;
        });
        PAYMENT_STOPPING.stop(0); // its port now refuses connections, and the balancer has not noticed
        for (int i = 0; i < 10; i++) {
            assertThat(post("/payment/v1/thirdPayment/thirdPaymentWxPay")).containsEntry("service", "payment-up")
                    .containsEntry("body", "e30="); // the body, {}, sent again whole
        }
    }

    @Test
    void anInstanceWhoseReadinessIsDownIsNotInTheRotation() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (int i = 0; i < 6; i++) {
                assertThat(post("/travel/v1/homestay/homestayList")).containsEntry("service", "travel-ready");
            }
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }
}
