package io.looklook.scheduler.bench;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * One system under benchmark: something that holds timers and delivers each at its due time. Every timer carries
 * its due time and a phase number in its payload; the system's consumer reports each delivery to the phase's
 * {@link Lateness}.
 */
interface TimerSystem extends AutoCloseable {

    String name();

    /** Starts the system and its delivery consumer (deliveries go to {@code phases}). */
    void start(IntFunction<Lateness> phases) throws Exception;

    /** Sends one timer (asynchronously, as fast as the client allows). */
    void schedule(String id, long dueAtMs, int phase);

    /** Waits until every timer sent so far is held by the system (accepted, durable). */
    void awaitAccepted(Duration timeout) throws Exception;

    /** Memory the pending timers cost: the scheduler's heap after a full GC, or Redis' used_memory. */
    long memoryBytes() throws Exception;

    /** What else to say about memory (e.g. the scheduler process' RSS, RocksDB being off-heap). */
    String memoryNote() throws Exception;

    /** Bytes on disk for the pending timers (state + changelogs, or the append-only file). */
    long diskBytes() throws Exception;

    /** Stops the timer holder: cleanly, or with kill -9; returns once it has exited. */
    void stop(boolean crash) throws Exception;

    /** Starts the timer holder again after {@link #stop}; returns once the process is launched, not once it is ready. */
    void resume() throws Exception;
}
