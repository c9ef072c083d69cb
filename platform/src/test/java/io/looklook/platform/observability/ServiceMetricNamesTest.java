package io.looklook.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceMetricNamesTest {

    @Test
    void looklookMetersTakeTheServiceAndTheirUnitOthersKeepTheirNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new ServiceMetricNames(ServiceMetricNames.serviceOf("order-service")));

        Gauge.builder("looklook.outbox.backlog", () -> 3).baseUnit("records").register(registry);
        Counter.builder("looklook.outbox.published").baseUnit("records").tag("event", "OrderCreated").register(registry).increment();
        Timer.builder("looklook.outbox.commit.to.ack").publishPercentileHistogram().register(registry).record(Duration.ofMillis(4));
        Counter.builder("jvm.something").register(registry).increment();

        String scrape = registry.scrape();
        assertThat(scrape).contains("looklook_order_outbox_backlog_records 3", "looklook_order_outbox_published_records_total{event=\"OrderCreated\"} 1",
                "looklook_order_outbox_commit_to_ack_seconds_bucket{", "jvm_something_total 1").doesNotContain("quantile=");
    }

    @Test
    void aServiceNameThatIsNoPrometheusNamePartIsRefused() {
        assertThat(ServiceMetricNames.serviceOf("delay-scheduler")).isEqualTo("delay_scheduler");
        assertThatThrownBy(() -> new ServiceMetricNames("Order Service")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("looklook.metrics.service");
    }
}
