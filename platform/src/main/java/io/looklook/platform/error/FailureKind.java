package io.looklook.platform.error;

import io.looklook.platform.kafka.PoisonEventException;
import io.looklook.schemas.RegistryFailures;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one failure rule of every consumer and route: is it worth trying again?
 * <ul>
 * <li>{@link #TRANSIENT}: the database, the registry or the broker cannot be reached or timed out, a lock wait
 * timed out or a deadlock was broken, the registry answered 5xx or 429. The same work succeeds once the part is back:
 * a consumer retries without end, a route answers 503 with Retry-After.</li>
 * <li>{@link #PERMANENT}: bytes not in the wire format, a schema id the registry does not know, bytes that do not fit
 * their writer schema, an event that fails validation, bad input. Trying again changes nothing: a consumer
 * dead-letters the record at once.</li>
 * <li>{@link #UNKNOWN}: anything else (a bug, say): a few retries, then the dead-letter topic.</li>
 * </ul>
 * A transient cause anywhere in the chain wins: a record that could not be decoded because the registry was down is
 * transient, although the decoding step reports it as a {@link DeserializationException}.
 */
public enum FailureKind {
    TRANSIENT, PERMANENT, UNKNOWN;

    public static FailureKind of(Throwable error) {
        if (RegistryFailures.isUnavailable(error)) {
            return TRANSIENT;
        }
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (isTransient(cause)) {
                return TRANSIENT;
            }
        }
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (isPermanent(cause)) {
                return PERMANENT;
            }
        }
        return UNKNOWN;
    }

    /** Whether the failure comes from the database (as opposed to the registry or the broker). */
    public static boolean isDatabase(Throwable error) {
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (cause instanceof org.springframework.dao.DataAccessException || cause instanceof io.r2dbc.spi.R2dbcException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof TransientDataAccessException            // lock wait timeout, deadlock, query timeout
                || e instanceof DataAccessResourceFailureException  // no connection (refused, closed, pool timeout)
                || e instanceof RecoverableDataAccessException
                || e instanceof CannotCreateTransactionException     // BEGIN failed: no connection
                || e instanceof R2dbcTransientException
                || e instanceof R2dbcNonTransientResourceException   // the driver's "connection closed"
                || e instanceof RetriableException                   // Kafka: timeouts, not enough replicas, ...
                || e instanceof ConnectException
                || e instanceof DependencyUnavailableException
                || e instanceof SocketTimeoutException
                || e instanceof ClosedChannelException
                || e instanceof TimeoutException;
    }

    private static boolean isPermanent(Throwable e) {
        return e instanceof DeserializationException                 // spring-kafka: the value could not be decoded
                || e instanceof SerializationException               // not the wire format (unknown magic byte)
                || e instanceof AvroRuntimeException                 // bytes that do not fit their writer schema
                || e instanceof java.nio.BufferUnderflowException    // truncated or empty value
                || e instanceof PoisonEventException
                || e instanceof BusinessException
                || e instanceof IllegalArgumentException             // validation, a key that is not a number
                || e instanceof ClassCastException                   // a record type the listener does not take
                || e instanceof org.springframework.messaging.converter.MessageConversionException
                || RegistryFailures.isRefusal(e);                    // 4xx: a schema id the registry does not know
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
