package io.looklook.travel.application;

import io.looklook.platform.error.BusinessException;
import io.looklook.travel.domain.Homestay;
import io.looklook.travel.domain.HomestayBusiness;
import io.looklook.travel.domain.HomestayChange;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates, updates (including taking off shelf) and removes homestays. Each change and its
 * {@code HomestaySnapshot} (or tombstone) commit in one transaction, so the topic never misses a change.
 */
@Service
public class ChangeCatalog {

    private final CatalogStore store;
    private final HomestayEvents events;
    private final TransactionalOperator tx;

    public ChangeCatalog(CatalogStore store, HomestayEvents events, TransactionalOperator tx) {
        this.store = store;
        this.events = events;
        this.tx = tx;
    }

    /** Creates a homestay when {@code id} is null, otherwise updates that one. */
    public Mono<Homestay> save(Long id, HomestayChange change) {
        Mono<Homestay> work = tradingBusiness(change.homestayBusinessId())
                .flatMap(business -> id == null
                        ? store.insertHomestay(change, business.userId())
                        : store.updateHomestay(id, change, business.userId())
                                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("homestay " + id + " does not exist"))))
                .flatMap(saved -> events.changed(saved).thenReturn(saved));
        return tx.transactional(work);
    }

    public Mono<Void> remove(long id) {
        Mono<Void> work = store.deleteHomestay(id)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("homestay " + id + " does not exist")))
                .flatMap(removed -> events.removed(removed.id()));
        return tx.transactional(work);
    }

    /**
     * Publishes a snapshot of every homestay once after the demo catalog is loaded, so a consumer reading
     * {@code travel.homestays} from the start sees the whole catalog. Safe with several instances: one claims it.
     */
    public Mono<Long> publishCatalogIfPending() {
        Mono<Long> work = store.claimCatalogPublication()
                .flatMap(claimed -> claimed
                        ? store.allHomestays().concatMap(events::changed).count()
                        : Mono.just(0L));
        return tx.transactional(work);
    }

    private Mono<HomestayBusiness> tradingBusiness(long businessId) {
        return store.findBusiness(businessId)
                .filter(HomestayBusiness::trading)
                .switchIfEmpty(Mono.error(() -> BusinessException.invalidParameter(
                        "homestayBusinessId " + businessId + " is not a trading business")));
    }
}
