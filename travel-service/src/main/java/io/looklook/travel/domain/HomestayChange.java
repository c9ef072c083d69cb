package io.looklook.travel.domain;

/** What a catalog editor sets on a homestay (create or update); the landlord comes from the business. */
public record HomestayChange(
        String title,
        String subTitle,
        String banner,
        String info,
        int peopleNum,
        long homestayBusinessId,
        int rowState,
        int rowType,
        String foodInfo,
        long foodPrice,
        long homestayPrice,
        long marketHomestayPrice) {
}
