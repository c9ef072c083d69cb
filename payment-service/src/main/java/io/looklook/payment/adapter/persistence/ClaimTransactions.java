package io.looklook.payment.adapter.persistence;

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

    public static TransactionalOperator readCommitted(ReactiveTransactionManager transactions) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        definition.setName("claim");
        return TransactionalOperator.create(transactions, definition);
    }
}
