package io.looklook.order.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** A homestay order with the homestay fields it copied at creation; prices in fen, times UTC instants. */
public record Order(long id, String sn, long userId, long homestayId, long homestayVersion, String title, String subTitle,
                    String cover, String info, int peopleNum, int rowType, boolean needFood, String foodInfo,
                    long foodPrice, long homestayPrice, long marketHomestayPrice, long homestayBusinessId,
                    long homestayUserId, LocalDate liveStartDate, LocalDate liveEndDate, int livePeopleNum,
                    int tradeState, String tradeCode, String remark, long orderTotalPrice, long foodTotalPrice,
                    long homestayTotalPrice, Instant createTime, Instant payDeadline, Instant payTime, String payType) {

    public int nights() {
        return (int) ChronoUnit.DAYS.between(liveStartDate, liveEndDate);
    }
}
