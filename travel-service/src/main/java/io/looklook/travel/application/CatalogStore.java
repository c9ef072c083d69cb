package io.looklook.travel.application;

import io.looklook.travel.domain.Homestay;
import io.looklook.travel.domain.HomestayBusiness;
import io.looklook.travel.domain.HomestayChange;
import io.looklook.travel.domain.HomestayComment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The catalog's tables. Lists return live rows only; the ones a guest browses, on-shelf rows only. */
public interface CatalogStore {

    /** A live (not deleted) homestay, on or off shelf. */
    Mono<Homestay> findHomestay(long id);

    /** Featured homestays that are on shelf, newest feature first ({@code data_id DESC}). */
    Flux<Homestay> preferredHomestays(long offset, int limit);

    /** On-shelf homestays of one business, keyset-paged by id descending ({@code lastId} 0 = first page). */
    Flux<Homestay> homestaysOfBusiness(long businessId, long lastId, int limit);

    /** The newest on-shelf homestays. */
    Flux<Homestay> newestHomestays(int limit);

    /** Every live homestay (for publishing the whole catalog). */
    Flux<Homestay> allHomestays();

    Mono<HomestayBusiness> findBusiness(long id);

    /** Featured businesses that are trading, newest feature first. */
    Flux<HomestayBusiness> goodBusinesses(int limit);

    /** Trading businesses, keyset-paged by id descending. */
    Flux<HomestayBusiness> businesses(long lastId, int limit);

    /** Comments, keyset-paged by id descending; {@code homestayId} 0 means all homestays. */
    Flux<HomestayComment> comments(long homestayId, long lastId, int limit);

    Mono<Homestay> insertHomestay(HomestayChange change, long landlordUserId);

    /** Updates a live homestay and bumps its version; empty if there is none. */
    Mono<Homestay> updateHomestay(long id, HomestayChange change, long landlordUserId);

    /** Soft-deletes a live homestay; emits it as it was, or empty if there is none. */
    Mono<Homestay> deleteHomestay(long id);

    /** True exactly once after the demo catalog was loaded: the caller must publish the whole catalog. */
    Mono<Boolean> claimCatalogPublication();
}
