package io.looklook.gateway;

import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The load balancer's readiness checks go through a WebClient, whose {@code http.client.requests} meters carry other
 * tags than the gateway's own per-route ones of the same name. Prometheus takes one set of tags per name, so whichever
 * registered second was dropped: the routes' meters, once a check had run. The checks' meters are left out instead.
 */
@Configuration(proxyBeanMethods = false)
class HealthCheckMetrics {

    @Bean
    MeterFilter withoutHealthCheckClientMeters() {
        return MeterFilter.deny(id -> id.getName().startsWith("http.client.requests") && id.getTag("client.name") != null);
    }
}
