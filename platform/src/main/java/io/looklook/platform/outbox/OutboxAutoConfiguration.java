package io.looklook.platform.outbox;

import io.looklook.platform.inbox.Inbox;
import io.looklook.platform.kafka.RegistryProperties;
import io.looklook.platform.observability.TraceContext;
import io.looklook.schemas.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The outbox writer and relay, the inbox, and the trace context they carry. */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@EnableConfigurationProperties({OutboxProperties.class, RegistryProperties.class})
public class OutboxAutoConfiguration {

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    TraceContext traceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceContext(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> outboxProducer(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, ""));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // order kept by idempotence
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1); // latency first: a turn already batches what is waiting
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The relay's producer is not made by Spring Kafka's factory, whose producers Boot binds: bound here. */
    @Bean(destroyMethod = "close")
    KafkaClientMetrics outboxProducerMetrics(Producer<String, byte[]> outboxProducer) {
        return new KafkaClientMetrics(outboxProducer);
    }

    /**
     * READ COMMITTED for the relay's turns: under REPEATABLE READ its DELETE would take gap locks at the end of
     * the outbox index and stall every writer's INSERT until the turn commits.
     */
    @Bean
    OutboxRelay outboxRelay(DatabaseClient db, ReactiveTransactionManager transactionManager,
                            Producer<String, byte[]> outboxProducer, OutboxProperties properties, MeterRegistry meters) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        definition.setName("outbox-relay");
        return new OutboxRelay(db, TransactionalOperator.create(transactionManager, definition), outboxProducer,
                properties, meters);
    }

    /** The outbox's own serializer: the one whose schema ids {@link SchemaWarmUp} resolves at start-up. */
    @Bean
    AvroKafkaSerializer<SpecificRecord> outboxSerializer(RegistryProperties registry) {
        return AvroSerdes.valueSerializer(registry.url(), registry.properties());
    }

    @Bean
    Outbox outbox(DatabaseClient db, AvroKafkaSerializer<SpecificRecord> outboxSerializer, TraceContext trace, OutboxRelay relay) {
        return new Outbox(db, outboxSerializer, trace, relay::wakeUp);
    }

    @Bean
    SchemaWarmUp eventSchemasHealthIndicator(AvroKafkaSerializer<SpecificRecord> outboxSerializer,
                                             ObjectProvider<EventSchemas> produced) {
        List<Schema> schemas = produced.orderedStream().flatMap(e -> e.schemas().stream()).distinct().toList();
        return new SchemaWarmUp(outboxSerializer, schemas);
    }

    @Bean
    OutboxRelayHealth outboxRelayHealthIndicator(OutboxRelay relay, OutboxProperties properties) {
        return new OutboxRelayHealth(relay, properties);
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator tx) {
        return new Inbox(db, tx);
    }
}
