package io.looklook.order.application;

import java.time.Instant;
import reactor.core.publisher.Mono;

/** {@code Idempotency-Key}s of order creation, per user. */
public interface IdempotencyKeys {

    sealed interface Claim permits Claimed, Completed, InFlight, Mismatch {
    }

    /** This request owns the key now and must complete or release it. */
    record Claimed() implements Claim {
    }

    /** A request with the same key and body already created this order. */
    record Completed(String orderSn) implements Claim {
    }

    /** A request with this key is still being processed. */
    record InFlight() implements Claim {
    }

    /** The key was used with a different request body. */
    record Mismatch() implements Claim {
    }

    Mono<Claim> claim(long userId, String key, String requestHash, Instant now);

    /** Marks the key done with the order's sn; runs inside the order's transaction. */
    Mono<Void> complete(long userId, String key, String orderSn);

    /** Gives the key up after a failed attempt, so the client can retry with it. */
    Mono<Void> release(long userId, String key);
}
