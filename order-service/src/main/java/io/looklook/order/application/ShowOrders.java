package io.looklook.order.application;

import io.looklook.order.domain.Order;
import io.looklook.platform.error.BusinessException;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** A user's own orders: the list and one order's detail. Another user's order is indistinguishable from none. */
@Service
public class ShowOrders {

    private final OrderStore orders;

    public ShowOrders(OrderStore orders) {
        this.orders = orders;
    }

    public Mono<List<Order>> list(long userId, long lastId, int pageSize, Integer tradeState) {
        return orders.listByUser(userId, lastId, pageSize, tradeState).collectList();
    }

    public Mono<Order> detail(long userId, String sn) {
        return orders.findBySn(sn)
                .filter(order -> order.userId() == userId)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("order " + sn + " does not exist")));
    }
}
