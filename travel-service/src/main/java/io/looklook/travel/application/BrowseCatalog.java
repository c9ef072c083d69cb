package io.looklook.travel.application;

import io.looklook.platform.error.BusinessException;
import io.looklook.travel.domain.Homestay;
import io.looklook.travel.domain.HomestayBusiness;
import io.looklook.travel.domain.HomestayComment;
import io.looklook.travel.domain.Paging;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** What a guest reads: featured and per-business lists, details, bosses and comments. */
@Service
public class BrowseCatalog {

    private final CatalogStore store;

    public BrowseCatalog(CatalogStore store) {
        this.store = store;
    }

    public Mono<List<Homestay>> preferredHomestays(long page, int pageSize) {
        return store.preferredHomestays((page - 1) * pageSize, pageSize).collectList();
    }

    public Mono<List<Homestay>> homestaysOfBusiness(long businessId, long lastId, int pageSize) {
        return store.homestaysOfBusiness(businessId, lastId, pageSize).collectList();
    }

    public Mono<List<Homestay>> guessYouLike() {
        return store.newestHomestays(Paging.GUESS_LIST_SIZE).collectList();
    }

    /** A homestay's detail, also when off shelf (a guest holding a link sees that it is unavailable). */
    public Mono<Homestay> homestay(long id) {
        return store.findHomestay(id)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("homestay " + id + " does not exist")));
    }

    public Mono<List<HomestayBusiness>> goodBosses() {
        return store.goodBusinesses(Paging.GOOD_BOSS_LIST_SIZE).collectList();
    }

    public Mono<List<HomestayBusiness>> businesses(long lastId, int pageSize) {
        return store.businesses(lastId, pageSize).collectList();
    }

    public Mono<HomestayBusiness> business(long id) {
        return store.findBusiness(id)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("homestay business " + id + " does not exist")));
    }

    public Mono<List<HomestayComment>> comments(long homestayId, long lastId, int pageSize) {
        return store.comments(homestayId, lastId, pageSize).collectList();
    }
}
