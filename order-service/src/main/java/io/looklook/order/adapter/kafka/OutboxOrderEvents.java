package io.looklook.order.adapter.kafka;

import io.looklook.order.CloseReason;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.order.PaymentRejectReason;
import io.looklook.order.application.ConfirmedPayment;
import io.looklook.order.application.OrderEvents;
import io.looklook.order.application.PayOrder;
import io.looklook.order.domain.Order;
import io.looklook.platform.outbox.Outbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Order events on {@code order.events}, keyed by sn, through the outbox. */
@Component
public class OutboxOrderEvents implements OrderEvents {

    private final Outbox outbox;

    public OutboxOrderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> created(Order o) {
        OrderCreated event = OrderCreated.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(o.createTime())
                .setSn(o.sn())
                .setUserId(o.userId())
                .setHomestayId(o.homestayId())
                .setHomestayVersion(o.homestayVersion())
                .setTitle(o.title())
                .setHomestayBusinessId(o.homestayBusinessId())
                .setHomestayUserId(o.homestayUserId())
                .setRowType(o.rowType())
                .setLiveStartDate(o.liveStartDate())
                .setLiveEndDate(o.liveEndDate())
                .setNights(o.nights())
                .setLivePeopleNum(o.livePeopleNum())
                .setNeedFood(o.needFood())
                .setHomestayPrice(o.homestayPrice())
                .setFoodPrice(o.foodPrice())
                .setMarketHomestayPrice(o.marketHomestayPrice())
                .setHomestayTotalPrice(o.homestayTotalPrice())
                .setFoodTotalPrice(o.foodTotalPrice())
                .setOrderTotalPrice(o.orderTotalPrice())
                .setTradeState(o.tradeState())
                .setPayDeadline(o.payDeadline())
                .build();
        return outbox.append(OrderTopics.ORDER_EVENTS, o.sn(), event);
    }

    @Override
    public Mono<Void> paid(Order o, ConfirmedPayment p) {
        return outbox.append(OrderTopics.ORDER_EVENTS, o.sn(), new OrderPaid(UUID.randomUUID(), Instant.now(), o.sn(), o.userId(),
                p.paymentSn(), p.payTotal(), p.payTime(), p.payMode()));
    }

    @Override
    public Mono<Void> paymentRejected(ConfirmedPayment p, PayOrder.Outcome reason) {
        return outbox.append(OrderTopics.ORDER_EVENTS, p.orderSn(), new OrderPaymentRejected(UUID.randomUUID(), Instant.now(),
                p.orderSn(), p.userId(), p.paymentSn(), p.payTotal(), PaymentRejectReason.valueOf(reason.name())));
    }

    @Override
    public Mono<Void> closedForTimeout(Order o) {
        return outbox.append(OrderTopics.ORDER_EVENTS, o.sn(),
                new OrderClosed(UUID.randomUUID(), Instant.now(), o.sn(), o.userId(), CloseReason.TIMEOUT));
    }
}
