package io.looklook.payment.application;

import io.looklook.payment.domain.PayableOrder;
import io.looklook.payment.domain.Payment;
import io.looklook.payment.domain.PaymentNumbers;
import io.looklook.payment.domain.ServiceType;
import io.looklook.platform.error.BusinessException;
import io.looklook.platform.error.ErrorCode;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * thirdPaymentWxPay: opens a payment for an order, or returns the one already open. Only the order's owner, only
 * while the order waits for payment and before its pay deadline (the gateway's expiry, so nobody can pay a closed
 * order in time). The order's row is locked while the payment is found or opened: one open payment per order
 * however many calls race. The payer is named by the user's mini-program openid ({@link PayerOpenids}); a user who
 * never signed in with WeChat cannot pay, as in the original. The gateway is called after the commit; its prepay is
 * idempotent on the payment sn.
 */
@Service
public class CreatePayment {

    static final String DESCRIPTION = "homestay pay";

    private final PayableOrders orders;
    private final PayerOpenids openids;
    private final PaymentStore payments;
    private final PaymentEvents events;
    private final PaymentGateway gateway;
    private final TransactionalOperator tx;
    private final PaymentNumbers numbers;
    private final Clock clock;

    public CreatePayment(PayableOrders orders, PayerOpenids openids, PaymentStore payments, PaymentEvents events, PaymentGateway gateway,
                         TransactionalOperator tx, PaymentSettings settings, Clock clock) {
        this.orders = orders;
        this.openids = openids;
        this.payments = payments;
        this.events = events;
        this.gateway = gateway;
        this.tx = tx;
        this.numbers = new PaymentNumbers(settings.zone());
        this.clock = clock;
    }

    public Mono<PaymentGateway.PrepayParams> pay(long userId, String orderSn, String serviceType) {
        if (!ServiceType.isSupported(serviceType)) {
            return Mono.error(BusinessException.invalidParameter("Payment for this business type is not supported: " + serviceType));
        }
        // unlocked first: a client polling for an order this view has not seen yet must not lock the gap new orders go into
        Mono<PayableOrder> ownOrder = orders.find(orderSn)
                .filter(order -> order.userId() == userId) // another user's order looks like no order at all
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("order " + orderSn + " does not exist")));
        // checked before a payment is opened: a user who cannot pay leaves no payment behind
        Mono<String> payer = openids.of(userId).switchIfEmpty(Mono.error(() -> new BusinessException(
                ErrorCode.WECHAT_AUTH_REQUIRED, ErrorCode.WECHAT_AUTH_REQUIRED.defaultMessage())));
        return ownOrder.then(payer).flatMap(openid -> tx.transactional(orders.lock(orderSn).flatMap(order -> {
                    String refusal = order.refusal(clock.instant());
                    return refusal != null ? Mono.error(BusinessException.conflict(refusal))
                            : payments.openFor(orderSn).switchIfEmpty(Mono.defer(() -> open(order)));
                }))
                .flatMap(payment -> gateway.prepay(payment.sn(), payment.payTotal(), DESCRIPTION, openid, payment.expiresAt())
                        .flatMap(params -> payment.prepayId().isEmpty()
                                ? payments.recordPrepay(payment.sn(), params.prepayId()).thenReturn(params)
                                : Mono.just(params))));
    }

    private Mono<Payment> open(PayableOrder order) {
        Payment payment = Payment.open(numbers.newPaymentSn(clock.instant()), order, clock.instant());
        return payments.insert(payment).then(events.created(payment)).thenReturn(payment);
    }
}
