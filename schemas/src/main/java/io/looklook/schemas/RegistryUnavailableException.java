package io.looklook.schemas;

import org.apache.kafka.common.errors.RetriableException;

/**
 * A record could not be decoded because the schema registry could not be asked: the record is fine, and decoding it
 * again once the registry answers will work. A Kafka {@link RetriableException}, and serializable, unlike the
 * registry client's own exception, so it survives the trip through spring-kafka's ErrorHandlingDeserializer headers.
 */
public class RegistryUnavailableException extends RetriableException {

    public RegistryUnavailableException(String message) {
        super(message);
    }
}
