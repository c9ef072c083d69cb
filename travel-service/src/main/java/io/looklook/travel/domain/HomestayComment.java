package io.looklook.travel.domain;

import java.util.Map;

/** A guest's comment; {@code stars} holds one rating per dimension (clean, location, service...). */
public record HomestayComment(long id, long homestayId, long userId, String content, Map<String, Integer> stars) {

    public HomestayComment {
        stars = Map.copyOf(stars);
    }

    /** The overall rating shown in lists: the mean of the dimensions, to one decimal; 0 when unrated. */
    public double overallStar() {
        if (stars.isEmpty()) {
            return 0;
        }
        double mean = stars.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        return Math.round(mean * 10) / 10.0;
    }
}
