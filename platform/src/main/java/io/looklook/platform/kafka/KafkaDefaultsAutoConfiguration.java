package io.looklook.platform.kafka;

import io.looklook.platform.error.FailureKind;
import io.looklook.schemas.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Consumer and producer defaults for every service: String keys, registry-backed Avro values wrapped in an
 * {@link ErrorHandlingDeserializer} (an undecodable record becomes an error, not a stuck partition), and one failure
 * rule ({@link FailureKind}): a transient failure is retried without end with capped back-off while the partition
 * waits; a permanent one goes at once to {@code <topic>-dlt} on the same partition with the original
 * topic/partition/offset and the exception in headers (spring-kafka's {@code kafka_dlt-*} headers); anything else gets
 * a few retries first.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({RegistryProperties.class, RetryProperties.class})
public class KafkaDefaultsAutoConfiguration {

    public static final String DLT_SUFFIX = "-dlt";

    @Bean
    DefaultKafkaConsumerFactoryCustomizer looklookConsumerSerdes(RegistryProperties registry) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaConsumerFactory<String, Object> typed = (DefaultKafkaConsumerFactory<String, Object>) factory;
            // the factory configures deserializers with its own config map: the serde settings must be in it
            typed.updateConfigs(AvroSerdes.deserializerConfig(registry.url(), registry.properties()));
            typed.setKeyDeserializer(new StringDeserializer());
            typed.setValueDeserializer(new ErrorHandlingDeserializer<>(AvroSerdes.valueDeserializer(registry.url(), registry.properties())));
        };
    }

    /** Avro for events; raw bytes pass through (a dead letter that could not be decoded keeps its original bytes). */
    @Bean
    DefaultKafkaProducerFactoryCustomizer looklookProducerSerdes(RegistryProperties registry) {
        return factory -> {
            Map<Class<?>, Serializer<?>> byType = new java.util.LinkedHashMap<>();
            byType.put(byte[].class, new ByteArraySerializer());
            byType.put(GenericContainer.class, AvroSerdes.valueSerializer(registry.url(), registry.properties()));
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, Object> typed = (DefaultKafkaProducerFactory<String, Object>) factory;
            typed.updateConfigs(AvroSerdes.serializerConfig(registry.url(), registry.properties()));
            typed.setKeySerializer(new StringSerializer());
            typed.setValueSerializer(new DelegatingByTypeSerializer(byType, true));
        };
    }

    @Bean
    ConsumerRetries consumerRetries(RetryProperties retry, ObjectProvider<MeterRegistry> meters) {
        return new ConsumerRetries(retry, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @SuppressWarnings("unchecked")
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<?, ?> template, RetryProperties retry, ConsumerRetries retries) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer((KafkaOperations<Object, Object>) template,
                (record, exception) -> new TopicPartition(record.topic() + DLT_SUFFIX, record.partition()));
        ExponentialBackOff unknown = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        unknown.setMaxInterval(retry.maxInterval().toMillis());
        unknown.setMaxAttempts(retry.attempts());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, unknown);
        // every exception reaches the back-off function, which applies the one rule (spring-kafka's own list would
        // dead-letter a record the registry could not decode while it was down)
        handler.setClassifications(Map.of(), true);
        handler.setBackOffFunction((record, exception) -> switch (FailureKind.of(exception)) {
            case TRANSIENT -> withoutEnd(retry);
            case PERMANENT -> new FixedBackOff(0, 0);
            case UNKNOWN -> null; // the bounded back-off above
        });
        handler.setRetryListeners(retries);
        handler.setLogLevel(KafkaException.Level.DEBUG); // ConsumerRetries logs one line per attempt instead
        return handler;
    }

    @Bean
    KafkaConsumersHealth kafkaConsumersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> listeners,
                                                       ConsumerRetries retries, RetryProperties retry) {
        return new KafkaConsumersHealth(listeners, retries, retry.stuckAfter());
    }

    private static ExponentialBackOff withoutEnd(RetryProperties retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.transientMaxInterval().toMillis());
        backOff.setMaxAttempts(Long.MAX_VALUE);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }
}
