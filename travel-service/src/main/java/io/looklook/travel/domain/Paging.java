package io.looklook.travel.domain;

/** Bounds of every list route: the original accepted any pageSize (0 returned nothing, 10^9 everything). */
public final class Paging {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int GUESS_LIST_SIZE = 5;
    public static final int GOOD_BOSS_LIST_SIZE = 10;

    private Paging() {
    }
}
