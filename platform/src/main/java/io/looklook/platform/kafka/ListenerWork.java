package io.looklook.platform.kafka;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * How a listener waits on the consumer thread for its reactive work: never without end. The MySQL driver has no
 * socket timeout, and a query cancelled under a request deadline can leave its connection hanging (asyncer-io/r2dbc-mysql
 * #347): a plain {@code block()} that met such a connection held its partition, silently, until the server's
 * wait_timeout. Past the deadline the work fails with a {@link java.util.concurrent.TimeoutException}, which
 * {@link io.looklook.platform.error.FailureKind} takes as transient: the record is tried again, on another connection,
 * and the inbox makes the retry of work that did commit a no-op.
 */
public final class ListenerWork {

    /**
     * Far beyond a healthy handling (a transaction of a few statements, milliseconds) and a database that froze for a
     * while (the fault suite's 20 s), far below {@code max.poll.interval.ms} (5 min).
     */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private ListenerWork() {
    }

    /** The work's result, or a {@link java.util.concurrent.TimeoutException} (transient) past {@link #DEADLINE}. */
    public static <T> T await(Mono<T> work) {
        return await(work, DEADLINE);
    }

    static <T> T await(Mono<T> work, Duration deadline) {
        return work.timeout(deadline).block();
    }
}
