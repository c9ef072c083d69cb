package io.looklook.scheduler.config;

import io.looklook.scheduler.adapter.kafka.SchedulerMetrics;
import io.looklook.scheduler.adapter.kafka.SchedulerSettings;
import io.looklook.scheduler.domain.ScheduleRules;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class SchedulerConfig {

    /** Topics (declared in infra's {@code looklook/topics.txt}); the scheduler's own two can be renamed for tests. */
    static final String ORDER_EVENTS = "order.events";
    static final String ORDER_COMMANDS = "order.commands";

    @Bean
    SchedulerSettings schedulerSettings(SchedulerProperties p,
                                        @Value("${looklook.scheduler.requests-topic:scheduler.requests}") String requests,
                                        @Value("${looklook.scheduler.events-topic:scheduler.events}") String events) {
        return new SchedulerSettings(p.tick(), p.firesPerTick(), p.lateAfter(),
                new ScheduleRules(p.allowedTargets(), p.maxDelay(), p.maxPayloadBytes(), p.maxIdLength()),
                requests, events, ORDER_EVENTS, ORDER_COMMANDS);
    }

    @Bean
    SchedulerMetrics schedulerMetrics(MeterRegistry registry) {
        return new SchedulerMetrics(registry);
    }

    @Bean
    SchedulerStreams schedulerStreams(SchedulerProperties props, SchedulerSettings settings, SchedulerMetrics metrics,
                                      @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
                                      @Value("${looklook.registry.url}") String registryUrl,
                                      @Value("${looklook.scheduler.advertised-host:127.0.0.1}") String host,
                                      @Value("${server.port}") int port) {
        return new SchedulerStreams(props, settings, bootstrapServers, registryUrl, host + ":" + port, metrics);
    }

    /**
     * Ready only while the streams are RUNNING: punctuators (firing) start only after the stores are restored, and
     * a rebalance or restore shows here as not ready.
     */
    @Bean
    HealthIndicator streams(SchedulerStreams streams) {
        return () -> {
            KafkaStreams.State state = streams.streams().state();
            return (state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService()).withDetail("state", state).build();
        };
    }
}
