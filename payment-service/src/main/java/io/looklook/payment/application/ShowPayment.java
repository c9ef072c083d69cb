package io.looklook.payment.application;

import io.looklook.payment.domain.Payment;
import io.looklook.platform.error.BusinessException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The payment status of a user's own order (its latest payment); another user's order looks like none. */
@Service
public class ShowPayment {

    private final PaymentStore payments;

    public ShowPayment(PaymentStore payments) {
        this.payments = payments;
    }

    public Mono<Payment> latest(long userId, String orderSn) {
        return payments.latestFor(orderSn)
                .filter(payment -> payment.userId() == userId)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("no payment for order " + orderSn)));
    }
}
