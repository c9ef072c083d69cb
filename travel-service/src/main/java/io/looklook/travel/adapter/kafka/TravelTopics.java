package io.looklook.travel.adapter.kafka;

/** The topics travel-service writes (declared with their partitions in infra's {@code looklook/topics.txt}). */
public final class TravelTopics {

    /** Compacted; key = homestay id; value = {@code HomestaySnapshot}, or a tombstone once removed. */
    public static final String HOMESTAYS = "travel.homestays";

    private TravelTopics() {
    }
}
