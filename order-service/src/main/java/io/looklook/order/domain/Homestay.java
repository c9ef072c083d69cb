package io.looklook.order.domain;

/** The order service's copy of a homestay (from {@code travel.homestays}); prices in fen. */
public record Homestay(long id, long version, String title, String subTitle, String banner, String info, int peopleNum,
                       long homestayBusinessId, long userId, int rowState, int rowType, String foodInfo, long foodPrice,
                       long homestayPrice, long marketHomestayPrice) {

    public static final int ON_SHELF = 1;
    public static final int PER_PERSON = 1;

    public boolean onShelf() {
        return rowState == ON_SHELF;
    }

    /** The part of the banner before the first comma (looklook's cover rule). */
    public String cover() {
        int comma = banner.indexOf(',');
        return comma < 0 ? banner : banner.substring(0, comma);
    }
}
