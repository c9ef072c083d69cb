package io.looklook.payment.application;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs a batch job ("send what is due") one turn at a time: a wake-up during a turn makes it run once more when it
 * ends, and so does a turn that filled its batch; a wake-up while idle starts a turn at once.
 */
public final class RepeatingTurn {

    private static final Logger log = LoggerFactory.getLogger(RepeatingTurn.class);

    private final String name;
    private final int batch;
    private final Supplier<Mono<Long>> turn;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** {@code turn} handles at most {@code batch} items and emits how many it handled. */
    public RepeatingTurn(String name, int batch, Supplier<Mono<Long>> turn) {
        this.name = name;
        this.batch = batch;
        this.turn = turn;
    }

    public void wakeUp() {
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        Mono.defer(turn)
                .onErrorResume(e -> {
                    log.warn("{} turn failed: {}", name, e.toString());
                    return Mono.just(0L);
                })
                .doOnNext(handled -> {
                    if (handled >= batch) {
                        again.set(true);
                    }
                })
                .doFinally(signal -> {
                    running.set(false);
                    if (again.get()) {
                        wakeUp();
                    }
                })
                .subscribe();
    }
}
