package io.looklook.payment.adapter.kafka;

import io.looklook.payment.PaymentCreated;
import io.looklook.payment.PaymentFailed;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.payment.application.PaymentEvents;
import io.looklook.payment.domain.Payment;
import io.looklook.payment.domain.Refund;
import io.looklook.platform.outbox.Outbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Payment events on {@code payment.events}, keyed by the ORDER sn (one order's payments stay in order), through the outbox. */
@Component
public class OutboxPaymentEvents implements PaymentEvents {

    private final Outbox outbox;

    public OutboxPaymentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> created(Payment p) {
        return outbox.append(PaymentTopics.PAYMENT_EVENTS, p.orderSn(), new PaymentCreated(UUID.randomUUID(), Instant.now(),
                p.orderSn(), p.sn(), p.userId(), p.payTotal(), p.payMode(), p.serviceType(), p.expiresAt()));
    }

    @Override
    public Mono<Void> succeeded(Payment p) {
        return outbox.append(PaymentTopics.PAYMENT_EVENTS, p.orderSn(), new PaymentSucceeded(UUID.randomUUID(), Instant.now(),
                p.orderSn(), p.sn(), p.userId(), p.payTotal(), p.payTime(), p.payMode(), p.transactionId()));
    }

    @Override
    public Mono<Void> failed(Payment p) {
        return outbox.append(PaymentTopics.PAYMENT_EVENTS, p.orderSn(), new PaymentFailed(UUID.randomUUID(), Instant.now(),
                p.orderSn(), p.sn(), p.userId(), p.payTotal(), p.payMode(), p.tradeState(), p.tradeStateDesc(), p.transactionId()));
    }

    @Override
    public Mono<Void> refunded(Payment p, Refund r) {
        return outbox.append(PaymentTopics.PAYMENT_EVENTS, p.orderSn(), new PaymentRefunded(UUID.randomUUID(), Instant.now(),
                p.orderSn(), p.sn(), p.userId(), r.amount(), p.payTime(), p.payMode(), p.transactionId(), r.sn(), r.refundId(),
                r.refundTime(), r.reason()));
    }
}
