package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The deadline against a handler that answers at the same moment, over a real Netty server and client: every
 * response is complete, whichever of the two wins. Before the handler's headers were kept apart, its Content-Length
 * could land on the deadline's 503, whose shorter body then left the client waiting for bytes that never came (a
 * system test's prepay waited for 2 minutes).
 */
class RequestDeadlineRaceTest {

    private static final Duration DEADLINE = Duration.ofMillis(20);
    private static final String ANSWER = "{\"code\":200,\"msg\":\"OK\",\"data\":{\"package\":\"prepay_id=" + "x".repeat(300) + "\"}}";
    private static final String REFUSAL = "{\"code\":100001,\"msg\":\"please try again\"}";

    @Test
    void everyResponseIsCompleteWhenTheHandlerAndTheDeadlineAnswerTogether() {
        var handler = WebHttpHandlerBuilder.webHandler(exchange -> answerAroundTheDeadline(exchange.getResponse()))
                .filter(new RequestDeadline(DEADLINE))
                .exceptionHandler((exchange, error) -> refuse(exchange.getResponse()))
                .codecConfigurer(ServerCodecConfigurer.create()) // made here: its first use reads files, not for an event loop
                .build();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
        try {
            HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
            List<String> outcomes = Flux.range(0, 2_000)
                    .flatMap(i -> client.get().uri("/race").responseSingle((response, body) -> body.asString()
                                    .map(text -> response.status().code() + (text.equals(ANSWER) || text.equals(REFUSAL) ? " whole" : " cut")))
                            .timeout(Duration.ofSeconds(2), Mono.just("hung")), 16)
                    .collectList().block(Duration.ofMinutes(2));

            assertThat(outcomes).as("answers and refusals both happened").contains("200 whole", "503 whole");
            assertThat(outcomes).as("responses not whole").allMatch(outcome -> outcome.endsWith(" whole"));
        } finally {
            server.disposeNow();
        }
    }

    /** A handler whose answer comes from another thread just before or after the deadline, as a database's does. */
    private static Mono<Void> answerAroundTheDeadline(ServerHttpResponse response) {
        long jitter = ThreadLocalRandom.current().nextLong(-3_000, 3_000);
        return Mono.delay(DEADLINE.plusNanos(jitter * 1_000)).then(Mono.defer(() -> {
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            // what Spring's encoder does before it writes: the length first
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().setContentLength(body.length);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }));
    }

    /** As ApiErrorHandler answers the deadline's failure. */
    private static Mono<Void> refuse(ServerHttpResponse response) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(REFUSAL.getBytes(StandardCharsets.UTF_8))));
    }
}
