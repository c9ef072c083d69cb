package io.looklook.travel.adapter.kafka;

import io.looklook.platform.outbox.Outbox;
import io.looklook.travel.HomestaySnapshot;
import io.looklook.travel.application.HomestayEvents;
import io.looklook.travel.domain.Homestay;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Catalog changes as {@code HomestaySnapshot}s (or tombstones) on {@code travel.homestays}, through the outbox. */
@Component
public class OutboxHomestayEvents implements HomestayEvents {

    private final Outbox outbox;
    private final Clock clock;

    public OutboxHomestayEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Mono<Void> changed(Homestay h) {
        HomestaySnapshot snapshot = HomestaySnapshot.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(clock.instant())
                .setHomestayId(h.id())
                .setVersion(h.version())
                .setTitle(h.title())
                .setSubTitle(h.subTitle())
                .setBanner(h.banner())
                .setInfo(h.info())
                .setPeopleNum(h.peopleNum())
                .setHomestayBusinessId(h.homestayBusinessId())
                .setUserId(h.userId())
                .setRowState(h.rowState())
                .setRowType(h.rowType())
                .setFoodInfo(h.foodInfo())
                .setFoodPrice(h.foodPrice())
                .setHomestayPrice(h.homestayPrice())
                .setMarketHomestayPrice(h.marketHomestayPrice())
                .build();
        return outbox.append(TravelTopics.HOMESTAYS, String.valueOf(h.id()), snapshot);
    }

    @Override
    public Mono<Void> removed(long homestayId) {
        return outbox.appendTombstone(TravelTopics.HOMESTAYS, String.valueOf(homestayId));
    }
}
