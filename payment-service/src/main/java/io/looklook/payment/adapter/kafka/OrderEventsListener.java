package io.looklook.payment.adapter.kafka;

import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.application.RefundRejectedPayment;
import io.looklook.payment.application.SubmitRefunds;
import io.looklook.payment.application.TrackPayableOrders;
import io.looklook.payment.domain.PayableOrder;
import io.looklook.platform.kafka.ListenerWork;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * order.events: the payable-order view follows OrderCreated / OrderPaid / OrderClosed; OrderPaymentRejected starts a
 * refund. Other order events do not concern payments; a bad record goes to the DLT (platform).
 */
@Component
public class OrderEventsListener {

    private final TrackPayableOrders view;
    private final RefundRejectedPayment refundRejected;
    private final SubmitRefunds submitRefunds;

    public OrderEventsListener(TrackPayableOrders view, RefundRejectedPayment refundRejected, SubmitRefunds submitRefunds) {
        this.view = view;
        this.refundRejected = refundRejected;
        this.submitRefunds = submitRefunds;
    }

    // the group is a property only so a crash test can run a second copy of the service beside the tests' one. Three
    // consumers share the six partitions (one order's events stay in order): each event is one commit, and a single
    // consumer waiting on one commit (fsync) at a time fell seconds behind at 20 orders/s
    @KafkaListener(topics = PaymentTopics.ORDER_EVENTS, groupId = "${looklook.payment.orders-group:payment-service-orders}",
            concurrency = "${looklook.payment.orders-concurrency:3}")
    public void on(ConsumerRecord<String, Object> record) {
        Object event = record.value();
        if (event instanceof OrderCreated o) {
            view.created(new PayableOrder(o.getSn(), o.getUserId(), o.getOrderTotalPrice(), o.getPayDeadline(),
                    PayableOrder.State.WAITING)).as(ListenerWork::await);
        } else if (event instanceof OrderPaid o) {
            view.paid(o.getSn()).as(ListenerWork::await);
        } else if (event instanceof OrderClosed o) {
            view.closed(o.getSn()).as(ListenerWork::await);
        } else if (event instanceof OrderPaymentRejected r) {
            refundRejected.refund(new RefundRejectedPayment.Rejection(r.getEventId().toString(), r.getSn(), r.getPaymentSn(),
                    r.getReason().name())).as(ListenerWork::await);
            submitRefunds.wakeUp();
        }
    }
}
