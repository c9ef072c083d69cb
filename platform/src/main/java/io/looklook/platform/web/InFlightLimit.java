package io.looklook.platform.web;

import io.looklook.platform.error.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load shedding: beyond {@code looklook.web.max-in-flight} requests being handled at once, a request is refused at
 * once with 503 and {@code Retry-After} instead of joining a queue that only grows (the service would answer
 * everyone late, then run out of memory). Actuator routes are never refused, so probes see an overloaded service
 * as alive.
 */
public class InFlightLimit implements WebFilter, Ordered {

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final byte[] busyBody;

    public InFlightLimit(int limit, JsonMapper json) {
        this.limit = limit;
        this.busyBody = json.writeValueAsBytes(ApiResponse.error(ErrorCode.SERVER_COMMON_ERROR,
                "server busy: too many requests in progress, retry in a moment"));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return refuse(exchange.getResponse());
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }

    int inFlight() {
        return inFlight.get();
    }

    private Mono<Void> refuse(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set("Retry-After", "1");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(busyBody)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before security: a refusal costs no token check
    }
}
