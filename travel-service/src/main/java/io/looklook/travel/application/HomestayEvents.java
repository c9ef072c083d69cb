package io.looklook.travel.application;

import io.looklook.travel.domain.Homestay;
import reactor.core.publisher.Mono;

/** Records a catalog change for {@code travel.homestays}, inside the caller's transaction. */
public interface HomestayEvents {

    Mono<Void> changed(Homestay homestay);

    Mono<Void> removed(long homestayId);
}
