package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

class InFlightLimitTest {

    private final InFlightLimit limit = new InFlightLimit(2, JsonMapper.builder().build());
    private final Sinks.Empty<Void> held = Sinks.empty();
    private final WebFilterChain slowChain = exchange -> held.asMono();

    @Test
    void refusesWith503BeyondTheLimitAndAcceptsAgainOnceRequestsFinish() {
        limit.filter(exchange("/order/x"), slowChain).subscribe();
        limit.filter(exchange("/order/x"), slowChain).subscribe();
        assertThat(limit.inFlight()).isEqualTo(2);

        MockServerWebExchange third = exchange("/order/x");
        limit.filter(third, slowChain).block();
        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(third.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(third.getResponse().getBodyAsString().block()).contains("\"code\":100001").contains("server busy");
        assertThat(limit.inFlight()).isEqualTo(2);

        held.tryEmitEmpty();
        assertThat(limit.inFlight()).isZero();
        MockServerWebExchange later = exchange("/order/x");
        limit.filter(later, exchange -> Mono.empty()).block();
        assertThat(later.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void probesAreNeverRefused() {
        limit.filter(exchange("/order/x"), slowChain).subscribe();
        limit.filter(exchange("/order/x"), slowChain).subscribe();
        MockServerWebExchange probe = exchange("/actuator/health/liveness");
        limit.filter(probe, exchange -> Mono.empty()).block();
        assertThat(probe.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    private static MockServerWebExchange exchange(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path));
    }
}
