package io.looklook.order.domain;

/** What a guest asks for (looklook's createHomestayOrder request); times are unix seconds. */
public record OrderRequest(long homestayId, boolean isFood, long liveStartTime, long liveEndTime, int livePeopleNum,
                           String remark) {
}
