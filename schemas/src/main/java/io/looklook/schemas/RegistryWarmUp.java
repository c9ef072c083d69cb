package io.looklook.schemas;

import io.apicurio.registry.serde.AbstractKafkaSerializer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;

/**
 * Resolves the ids of the schemas a component writes before it starts writing, retrying with capped exponential
 * back-off while the registry cannot be asked. From then on the serializer needs the registry no more (its lookups
 * are cached, see {@link AvroSerdes#SCHEMA_CACHE_LIFETIME}).
 */
public final class RegistryWarmUp {

    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private RegistryWarmUp() {
    }

    /**
     * Blocks until every id is resolved or {@code keepTrying} turns false; returns whether they were. Each failed
     * attempt is reported once to {@code onFailure} (attempt number, wait before the next, what failed).
     */
    public static boolean resolve(AbstractKafkaSerializer<Schema, ?> serializer, Collection<Schema> schemas,
                                  BooleanSupplier keepTrying, FailureReport onFailure) {
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; keepTrying.getAsBoolean(); attempt++) {
            try {
                AvroSerdes.resolveAll(serializer, schemas);
                return true;
            } catch (RuntimeException e) {
                if (!RegistryFailures.isUnavailable(e)) {
                    throw e; // refused (an incompatible schema, say): waiting will not help
                }
                onFailure.failed(attempt, wait, RegistryFailures.describe(e));
                LockSupport.parkNanos(wait.toNanos());
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
        return false;
    }

    /** What {@link #resolve} reports after a failed attempt. */
    @FunctionalInterface
    public interface FailureReport {
        void failed(int attempt, Duration nextIn, String reason);
    }
}
