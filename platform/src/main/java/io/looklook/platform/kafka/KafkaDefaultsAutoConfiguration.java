package io.looklook.platform.kafka;

import io.looklook.platform.error.BusinessException;
import io.looklook.schemas.AvroSerdes;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Consumer and producer defaults for every service: String keys, registry-backed Avro values wrapped in an
 * {@link ErrorHandlingDeserializer} (an undecodable record becomes an error, not a stuck partition), bounded
 * blocking retries, then {@code <topic>-dlt} on the same partition with the original topic/partition/offset and
 * the exception in headers (spring-kafka's {@code kafka_dlt-*} headers).
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
            typed.updateConfigs(AvroSerdes.deserializerConfig(registry.url()));
            typed.setKeyDeserializer(new StringDeserializer());
            typed.setValueDeserializer(new ErrorHandlingDeserializer<>(AvroSerdes.valueDeserializer(registry.url())));
        };
    }

    /** Avro for events; raw bytes pass through (a dead letter that could not be decoded keeps its original bytes). */
    @Bean
    DefaultKafkaProducerFactoryCustomizer looklookProducerSerdes(RegistryProperties registry) {
        return factory -> {
            Map<Class<?>, Serializer<?>> byType = new java.util.LinkedHashMap<>();
            byType.put(byte[].class, new ByteArraySerializer());
            byType.put(GenericContainer.class, AvroSerdes.valueSerializer(registry.url()));
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, Object> typed = (DefaultKafkaProducerFactory<String, Object>) factory;
            typed.updateConfigs(AvroSerdes.serializerConfig(registry.url()));
            typed.setKeySerializer(new StringSerializer());
            typed.setValueSerializer(new DelegatingByTypeSerializer(byType, true));
        };
    }

    @Bean
    @SuppressWarnings("unchecked")
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<?, ?> template, RetryProperties retry) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer((KafkaOperations<Object, Object>) template,
                (record, exception) -> new TopicPartition(record.topic() + DLT_SUFFIX, record.partition()));
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxAttempts(retry.attempts());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonEventException.class, BusinessException.class,
                IllegalArgumentException.class);
        return handler;
    }
}
