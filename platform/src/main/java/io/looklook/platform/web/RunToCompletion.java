package io.looklook.platform.web;

import reactor.core.publisher.Mono;

/**
 * A write that runs to its end once started, whether or not anyone still waits for its answer. The request's
 * deadline ({@link RequestDeadline}), the gateway's response timeout and a client that hangs up all cancel the
 * request's chain; cancelling a write there would cut it between two statements (a transaction rolled back halfway,
 * a statement in flight on a connection the pool hands to the next request, which the MySQL driver answers with the
 * wrong result). Left to finish instead, the write commits or rolls back as a whole, and the client's retry finds its
 * outcome (the Idempotency-Key's order, the order's open payment).
 */
public final class RunToCompletion {

    private RunToCompletion() {
    }

    /** {@code write}, subscribed to at once and not cancelled by its subscriber's cancellation; the caller's context kept. */
    public static <T> Mono<T> of(Mono<T> write) {
        return Mono.deferContextual(context -> Mono.fromFuture(write.contextWrite(context).toFuture(), true));
    }
}
