package io.looklook.platform.observability;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The service's part of its metric names ({@code looklook.metrics.service}, else its application name). */
@AutoConfiguration
public class ObservabilityAutoConfiguration {

    @Bean
    ServiceMetricNames serviceMetricNames(Environment environment) {
        String service = environment.getProperty("looklook.metrics.service");
        return new ServiceMetricNames(service != null ? service
                : ServiceMetricNames.serviceOf(environment.getProperty("spring.application.name", "application")));
    }
}
