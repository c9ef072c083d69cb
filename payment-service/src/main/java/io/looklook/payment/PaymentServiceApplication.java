package io.looklook.payment;

import io.looklook.payment.application.PaymentSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Payments: looklook's payment-api routes and the gateway's callbacks; knows payable orders from order.events,
 * refunds the payments order-service rejects; publishes payment.events.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(PaymentSettings.class)
public class PaymentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentServiceApplication.class, args);
    }
}
