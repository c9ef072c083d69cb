package io.looklook.platform;

import io.looklook.travel.HomestaySnapshot;
import java.time.Instant;
import java.util.UUID;

/** Test events: a real schema from {@code schemas}, nothing made up for the test. */
public final class Events {

    private Events() {
    }

    public static HomestaySnapshot snapshot(long homestayId, String title) {
        return HomestaySnapshot.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now())
                .setHomestayId(homestayId).setVersion(1)
                .setTitle(title).setSubTitle("").setBanner("").setInfo("")
                .setPeopleNum(2).setHomestayBusinessId(1).setUserId(1)
                .setRowState(1).setRowType(0).setFoodInfo("")
                .setFoodPrice(0).setHomestayPrice(10_000).setMarketHomestayPrice(12_000)
                .build();
    }
}
