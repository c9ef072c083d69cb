package io.looklook.order.domain;

/**
 * An order's price in fen: room price x nights (x guests when sold per person), plus food price x guests x nights
 * when food is chosen. Overflow is an error, never a wrapped negative total.
 */
public record Price(long homestayTotal, long foodTotal, long total) {

    public static Price of(Homestay homestay, int nights, int guests, boolean food) {
        long perNight = homestay.rowType() == Homestay.PER_PERSON
                ? Math.multiplyExact(homestay.homestayPrice(), (long) guests) : homestay.homestayPrice();
        long homestayTotal = Math.multiplyExact(perNight, (long) nights);
        long foodTotal = food ? Math.multiplyExact(Math.multiplyExact(homestay.foodPrice(), (long) guests), (long) nights) : 0;
        return new Price(homestayTotal, foodTotal, Math.addExact(homestayTotal, foodTotal));
    }
}
