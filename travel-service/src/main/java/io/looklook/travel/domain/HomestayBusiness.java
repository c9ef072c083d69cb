package io.looklook.travel.domain;

/** A landlord's business. With no user-center here, the boss's public profile comes from this record. */
public record HomestayBusiness(
        long id,
        String title,
        long userId,
        String info,
        String bossInfo,
        int rowState,
        double star,
        String tags,
        String cover,
        String headerImg) {

    public static final int TRADING = 1;

    public boolean trading() {
        return rowState == TRADING;
    }
}
