package io.looklook.order.config;

import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.platform.outbox.EventSchemas;
import io.looklook.platform.retention.RetentionRule;
import java.time.Clock;
import java.time.Duration;
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

    /**
     * An Idempotency-Key past its {@code expires_at} (the configured TTL) is dead: a request naming it again claims it
     * afresh. The purge deletes those nobody named again; {@code expires_at} is written in UTC by this service.
     */
    @Bean
    RetentionRule idempotencyKeyRetention() {
        return new RetentionRule("idempotency_key", "expires_at", Duration.ZERO, true);
    }
}
