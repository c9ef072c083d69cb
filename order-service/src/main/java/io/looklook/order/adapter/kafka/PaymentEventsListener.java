package io.looklook.order.adapter.kafka;

import io.looklook.order.application.ConfirmedPayment;
import io.looklook.order.application.PayOrder;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.platform.kafka.ListenerWork;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code PaymentSucceeded} from {@code payment.events} pays the order; payment-service's other events do not concern
 * orders. The event id is the inbox key, so a redelivery changes nothing; a bad record goes to the DLT (platform).
 */
@Component
public class PaymentEventsListener {

    private final PayOrder payOrder;

    public PaymentEventsListener(PayOrder payOrder) {
        this.payOrder = payOrder;
    }

    @KafkaListener(topics = OrderTopics.PAYMENT_EVENTS, groupId = "${looklook.order.payments-group:order-service-payments}")
    public void on(ConsumerRecord<String, Object> record) {
        if (record.value() instanceof PaymentSucceeded p) {
            payOrder.pay(new ConfirmedPayment(p.getEventId().toString(), p.getOrderSn(), p.getPaymentSn(), p.getUserId(),
                    p.getPayTotal(), p.getPayTime(), p.getPayMode())).as(ListenerWork::await);
        }
    }
}
