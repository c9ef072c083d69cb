package io.looklook.platform.web;

import java.time.Duration;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every route answers within {@code looklook.web.request-timeout} (default 1.8 s): a request still waiting then, on a
 * database that froze or a registry that stopped answering, gets 503 with {@code Retry-After} and the envelope
 * instead of hanging. The database driver has no socket timeout, and a frozen server keeps its connections open, so
 * nothing below this would end the wait. Actuator routes are not limited.
 *
 * <p>A write whose transaction commits after the deadline still commits: the client, told to retry, does so with
 * its Idempotency-Key (order placement) or finds its payment already open (one payment per order). An answer
 * already being written when the deadline passes is let finish (a response cut after its headers left would leave
 * the client waiting for the rest of its body).
 */
public class RequestDeadline implements WebFilter, Ordered {

    private final Duration timeout;

    public RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        // 0: handling, 1: the handler's answer has begun, 2: the deadline won. Exactly one of the two writes: the
        // handler writes through a guard that takes the state when its write starts (before anything is committed),
        // so a late answer racing the deadline is dropped instead of committing a 200 under the 503.
        AtomicInteger state = new AtomicInteger(HANDLING);
        ServerHttpResponse guarded = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                return Mono.defer(() -> answering(state) ? super.writeWith(body)
                        : Flux.from(body).doOnNext(DataBufferUtils::release).then());
            }

            @Override
            public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
                return Mono.defer(() -> answering(state) ? super.writeAndFlushWith(body)
                        : Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release).then());
            }

            @Override
            public Mono<Void> setComplete() {
                return Mono.defer(() -> answering(state) ? super.setComplete() : Mono.empty());
            }
        };
        Mono<Long> deadline = Mono.delay(timeout).filter(tick -> state.compareAndSet(HANDLING, TIMED_OUT))
                .switchIfEmpty(Mono.never());
        return chain.filter(exchange.mutate().response(guarded).build())
                .timeout(deadline, Mono.error(() -> new Exceeded(timeout)));
    }

    private static boolean answering(AtomicInteger state) {
        return state.compareAndSet(HANDLING, ANSWERING) || state.get() == ANSWERING;
    }

    private static final int HANDLING = 0;
    private static final int ANSWERING = 1;
    private static final int TIMED_OUT = 2;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // right after the in-flight limit: the deadline covers security too
    }

    /** The request's deadline passed before it was answered. */
    static final class Exceeded extends RuntimeException {
        Exceeded(Duration timeout) {
            super("no answer within " + timeout.toMillis() + " ms", null, false, false);
        }
    }
}
