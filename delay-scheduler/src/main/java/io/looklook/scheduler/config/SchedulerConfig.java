package io.looklook.scheduler.config;

import io.looklook.scheduler.adapter.kafka.RestoreProgress;
import io.looklook.scheduler.adapter.kafka.ScheduleQueries;
import io.looklook.scheduler.adapter.kafka.ScheduleRequests;
import io.looklook.scheduler.adapter.kafka.SchedulerMetrics;
import io.looklook.scheduler.adapter.kafka.SchedulerSettings;
import io.looklook.scheduler.adapter.kafka.TimerTracing;
import io.looklook.scheduler.domain.ScheduleRules;
import io.looklook.schemas.AvroSerdes;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class SchedulerConfig {

    @Bean
    SchedulerSettings schedulerSettings(SchedulerProperties p,
                                        @Value("${looklook.scheduler.requests-topic:scheduler.requests}") String requests,
                                        @Value("${looklook.scheduler.events-topic:scheduler.events}") String events,
                                        @Value("${looklook.scheduler.order-events-topic:order.events}") String orderEvents,
                                        @Value("${looklook.scheduler.order-commands-topic:order.commands}") String orderCommands) {
        // topics are declared in infra's looklook/topics.txt; tests and benchmarks rename them to run side by side
        return new SchedulerSettings(p.tick(), p.firesPerTick(), p.lateAfter(),
                new ScheduleRules(p.allowedTargets(), p.maxDelay(), p.maxPayloadBytes(), p.maxIdLength(), orderCommands),
                requests, events, orderEvents, orderCommands, p.retryMaxInterval());
    }

    @Bean
    SchedulerMetrics schedulerMetrics(MeterRegistry registry) {
        return new SchedulerMetrics(registry);
    }

    /**
     * How other instances reach this one's admin API (Kafka Streams' application.server): the advertised host (the
     * pod's address; the local profile's 127.0.0.1), else this machine's own address, never loopback by accident.
     */
    @Bean
    HostInfo self(@Value("${looklook.scheduler.advertised-host:}") String host, @Value("${server.port}") int port)
            throws java.net.UnknownHostException {
        return new HostInfo(host.isBlank() ? java.net.InetAddress.getLocalHost().getHostAddress() : host, port);
    }

    /**
     * The Streams app and the admin producer are built from spring.kafka.* like every Spring-made client, so the
     * security settings (spring.kafka.security.*, ssl.*, properties[sasl.jaas.config] ...) reach them too.
     */
    @Bean
    SchedulerStreams schedulerStreams(SchedulerProperties props, SchedulerSettings settings, SchedulerMetrics metrics,
                                      KafkaProperties kafka, RegistryClientProperties registry, HostInfo self,
                                      MeterRegistry meters, AvroKafkaSerializer<Object> adminSerializer,
                                      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        TimerTracing tracing = new TimerTracing(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
        return new SchedulerStreams(props, settings, kafka.buildStreamsProperties(), registry, self.host() + ":" + self.port(),
                metrics, new RestoreProgress(meters), adminSerializer, tracing);
    }

    @Bean
    ScheduleQueries scheduleQueries(SchedulerStreams streams, HostInfo self) {
        return new ScheduleQueries(streams.streams(), self);
    }

    /** The admin API's requests; their schema ids are resolved before the streams start (see SchedulerStreams). */
    @Bean
    AvroKafkaSerializer<Object> adminSerializer(RegistryClientProperties registry) {
        return AvroSerdes.valueSerializer(registry.url(), registry.properties());
    }

    @Bean(destroyMethod = "close")
    Producer<String, Object> adminProducer(KafkaProperties kafka, AvroKafkaSerializer<Object> adminSerializer) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), adminSerializer);
    }

    /** Kafka Streams' own metrics (its threads, tasks, stores and clients), bound to Micrometer like every client's. */
    @Bean(destroyMethod = "close")
    KafkaStreamsMetrics schedulerStreamsMetrics(SchedulerStreams schedulerStreams) {
        return new KafkaStreamsMetrics(schedulerStreams.streams());
    }

    @Bean(destroyMethod = "close")
    KafkaClientMetrics adminProducerMetrics(Producer<String, Object> adminProducer) {
        return new KafkaClientMetrics(adminProducer);
    }

    @Bean
    ScheduleRequests scheduleRequests(Producer<String, Object> adminProducer, SchedulerSettings settings) {
        return new ScheduleRequests(adminProducer, settings.requestsTopic());
    }

    /**
     * Ready only while the streams are RUNNING: punctuators (firing) start only after the stores are restored, and
     * a rebalance or restore shows here as not ready.
     */
    @Bean
    HealthIndicator streams(SchedulerStreams streams) {
        return () -> {
            KafkaStreams.State state = streams.streams().state();
            Health.Builder health = state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService();
            if (streams.waitingForRegistry() != null) {
                health.withDetail("waitingForRegistry", streams.waitingForRegistry());
            }
            return health.withDetail("state", state).build();
        };
    }

    /**
     * Ready only while no input has held records longer than {@code looklook.scheduler.stuck-after}: records that
     * cannot be decoded while the registry is away wait (and everything after them on their partition).
     */
    @Bean
    HealthIndicator inputs(SchedulerMetrics metrics, SchedulerProperties props) {
        return () -> {
            Map<String, Long> held = metrics.heldLongerThan(props.stuckAfter());
            return (held.isEmpty() ? Health.up() : Health.down()).withDetail("heldSince", held)
                    .withDetail("stuckAfter", props.stuckAfter().toString()).build();
        };
    }
}
