package io.looklook.order.config;

import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.platform.outbox.EventSchemas;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class OrderConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** What order-service writes to order.events: their schema ids are resolved at start-up (platform). */
    @Bean
    EventSchemas orderEventSchemas() {
        return EventSchemas.of(OrderCreated.getClassSchema(), OrderPaid.getClassSchema(), OrderClosed.getClassSchema(),
                OrderPaymentRejected.getClassSchema());
    }
}
