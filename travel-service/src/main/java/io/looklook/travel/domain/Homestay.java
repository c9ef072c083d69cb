package io.looklook.travel.domain;

/**
 * A homestay as the catalog holds it. Prices are fen. {@code version} grows with every change, so a replica can
 * tell an old snapshot from a new one.
 */
public record Homestay(
        long id,
        long version,
        String title,
        String subTitle,
        String banner,
        String info,
        int peopleNum,
        long homestayBusinessId,
        long userId,
        int rowState,
        int rowType,
        String foodInfo,
        long foodPrice,
        long homestayPrice,
        long marketHomestayPrice) {

    public static final int OFF_SHELF = 0;
    public static final int ON_SHELF = 1;
    public static final int PER_ROOM = 0;
    public static final int PER_PERSON = 1;

    public boolean onShelf() {
        return rowState == ON_SHELF;
    }
}
