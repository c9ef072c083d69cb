package io.looklook.payment.application;

import io.looklook.payment.domain.Payment;
import io.looklook.payment.domain.Refund;
import reactor.core.publisher.Mono;

/** payment.events, written in the caller's transaction (the outbox), keyed by the order sn. */
public interface PaymentEvents {

    Mono<Void> created(Payment payment);

    Mono<Void> succeeded(Payment paid);

    Mono<Void> failed(Payment failed);

    Mono<Void> refunded(Payment payment, Refund refund);
}
