package io.looklook.platform.web;

import java.time.Duration;
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
 * <p>A write whose transaction commits after the deadline still commits (the write routes run it with
 * {@link RunToCompletion}, which this filter's cancellation does not reach): the client, told to retry, does so with
 * its Idempotency-Key (order placement) or finds its payment already open (one payment per order). An answer
 * already being written when the deadline passes is let finish (a response cut after its headers left would leave
 * the client waiting for the rest of its body); one that starts after is dropped ({@link GuardedResponse}).
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
        GuardedResponse guarded = new GuardedResponse(exchange.getResponse());
        Mono<Long> deadline = Mono.delay(timeout).filter(tick -> guarded.expire()).switchIfEmpty(Mono.never());
        // a handler that ends (or fails) before the deadline without writing hands its status and headers over, so
        // the framework's completion or the error handler's envelope carries them
        return chain.filter(exchange.mutate().response(guarded).build())
                .doOnTerminate(guarded::claim)
                .timeout(deadline, Mono.error(() -> new Exceeded(timeout)));
    }

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
