package io.looklook.payment.adapter.persistence;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The transactions that claim background work ({@code SELECT ... FOR UPDATE SKIP LOCKED}, then a lease): READ
 * COMMITTED, as the outbox relay's, because under REPEATABLE READ the locking range read also takes gap locks, and
 * every insert of new work behind it (a refund recorded, a notification owed) would wait for the claim to commit.
 */
public final class ClaimTransactions {

    private ClaimTransactions() {
    }

    /**
     * Claims what {@code locked} reads (a {@code SELECT ... FOR UPDATE SKIP LOCKED}: rows another instance is claiming
     * are skipped, not waited for) by running {@code leaseUpdate} (an UPDATE binding {@code :lease} and {@code :ids})
     * on their ids, in one claim transaction: until {@code leaseUntil} no other instance takes them, and a claimer that
     * dies leaves them due again when its lease ends.
     */
    public static <T> Flux<T> leased(TransactionalOperator claimTx, DatabaseClient db, Flux<T> locked, String leaseUpdate,
                                     Function<T, String> id, Instant leaseUntil) {
        Mono<List<T>> claim = locked.collectList().flatMap(claimed -> claimed.isEmpty() ? Mono.just(claimed)
                : db.sql(leaseUpdate).bind("lease", Utc.utc(leaseUntil)).bind("ids", claimed.stream().map(id).toList())
                        .fetch().rowsUpdated().thenReturn(claimed));
        return claimTx.transactional(claim).flatMapMany(Flux::fromIterable);
    }

    public static TransactionalOperator readCommitted(ReactiveTransactionManager transactions) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        definition.setName("claim");
        return TransactionalOperator.create(transactions, definition);
    }
}
