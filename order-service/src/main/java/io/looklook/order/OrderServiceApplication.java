package io.looklook.order;

import io.looklook.order.application.OrderSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Homestay orders: looklook's order-api routes; prices from its copy of travel.homestays; publishes order.events. */
@SpringBootApplication
@EnableConfigurationProperties(OrderSettings.class)
public class OrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }
}
