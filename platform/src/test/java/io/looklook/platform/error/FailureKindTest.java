package io.looklook.platform.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.looklook.platform.kafka.PoisonEventException;
import io.looklook.schemas.RegistryUnavailableException;
import java.net.ConnectException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureKindTest {

    @Test
    void aDatabaseThatCannotBeReachedOrALockThatTimedOutIsTransient() {
        assertThat(FailureKind.of(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new ConnectException("refused")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new ListenerExecutionFailedException("listener failed",
                new CannotCreateTransactionException("no connection")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new CannotAcquireLockException("Lock wait timeout exceeded"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new IllegalStateException("Timeout on blocking read",
                new java.util.concurrent.TimeoutException()))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new org.apache.kafka.common.errors.TimeoutException("no metadata"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.isDatabase(new CannotCreateTransactionException("no connection"))).isTrue();
    }

    @Test
    void aRecordTheRegistryCouldNotBeAskedAboutIsTransientThoughDecodingReportsIt() {
        assertThat(FailureKind.of(new DeserializationException("failed", new byte[0], false,
                new RegistryUnavailableException("schema registry unreachable")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(registry(null))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(registry(503))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(registry(429))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.isDatabase(registry(503))).isFalse();
    }

    @Test
    void bytesThatNeverDecodeAndEventsThatNeverApplyArePermanent() {
        assertThat(FailureKind.of(new DeserializationException("failed", new byte[0], false,
                new SerializationException("Unknown magic byte!")))).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.of(registry(404))).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.of(new ListenerExecutionFailedException("listener failed",
                new PoisonEventException("invalid")))).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.of(new NumberFormatException("null key"))).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new DataIntegrityViolationException("duplicate"))).isEqualTo(FailureKind.UNKNOWN);
    }

    private static RestClientException registry(Integer status) {
        Error error = new Error();
        error.setErrorCode(status);
        error.setName(status == null ? "ConnectException" : "Error");
        return new RestClientException(error);
    }
}
