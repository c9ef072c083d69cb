package io.looklook.order.application;

import io.looklook.order.domain.Homestay;
import reactor.core.publisher.Mono;

/** This service's copy of the catalog, fed by {@code travel.homestays}. */
public interface HomestayReplica {

    Mono<Homestay> find(long id);

    /** Stores the snapshot unless the copy already holds this or a newer version; true if it changed anything. */
    Mono<Boolean> apply(Homestay snapshot);

    Mono<Void> remove(long id);
}
