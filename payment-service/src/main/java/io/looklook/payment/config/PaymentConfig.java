package io.looklook.payment.config;

import io.looklook.payment.PaymentCreated;
import io.looklook.payment.PaymentFailed;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.platform.outbox.EventSchemas;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class PaymentConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** What payment-service writes to payment.events: their schema ids are resolved at start-up (platform). */
    @Bean
    EventSchemas paymentEventSchemas() {
        return EventSchemas.of(PaymentCreated.getClassSchema(), PaymentSucceeded.getClassSchema(),
                PaymentFailed.getClassSchema(), PaymentRefunded.getClassSchema());
    }
}
