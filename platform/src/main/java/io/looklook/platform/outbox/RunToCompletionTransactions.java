package io.looklook.platform.outbox;

import org.springframework.transaction.TransactionException;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A transaction, once subscribed, runs to its commit or rollback even if whoever waits for it stops waiting (the
 * request deadline answered 503, the client hung up). Plain Reactor would cancel it between two statements, and a
 * cancelled transaction's asynchronous rollback races the connection's return to the pool, where the next request
 * may get it mid-rollback. Finishing also keeps what the deadline's 503 promises: a write that commits after the
 * deadline still commits, and the client's retry finds it. The caller gets the outcome if it is still there.
 *
 * <p>A {@code Flux} is collected before it reaches the caller: transactions here return a handful of rows.
 */
final class RunToCompletionTransactions implements TransactionalOperator {

    private final TransactionalOperator delegate;

    RunToCompletionTransactions(TransactionalOperator delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> Mono<T> transactional(Mono<T> mono) {
        return detached(delegate.transactional(mono));
    }

    @Override
    public <T> Flux<T> transactional(Flux<T> flux) {
        return detached(delegate.transactional(flux).collectList()).flatMapIterable(rows -> rows);
    }

    @Override
    public <T> Flux<T> execute(TransactionCallback<T> action) throws TransactionException {
        return detached(delegate.execute(action).collectList()).flatMapIterable(rows -> rows);
    }

    /** Subscribed on its own, with the caller's context; cancelling the returned Mono leaves it running. */
    private static <T> Mono<T> detached(Mono<T> work) {
        return Mono.deferContextual(context -> Mono.fromFuture(work.contextWrite(context).toFuture(), true));
    }
}
