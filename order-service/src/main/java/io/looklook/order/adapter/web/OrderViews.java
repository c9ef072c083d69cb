package io.looklook.order.adapter.web;

import io.looklook.order.domain.Order;
import io.looklook.order.domain.TradeState;
import io.looklook.platform.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Response bodies with looklook's field names: prices in yuan, times and dates as unix seconds. */
public final class OrderViews {

    private OrderViews() {
    }

    public record CreateHomestayOrderResp(String orderSn) {
    }

    public record ListResp(List<UserHomestayOrderListView> list) {
    }

    /** {@code id} is our addition: the original view had none, so clients could never page with {@code lastId}. */
    public record UserHomestayOrderListView(long id, String sn, String title, String subTitle, long homestayId, String cover,
                                            double orderTotalPrice, long createTime, int tradeState, long liveStartDate,
                                            long liveEndDate, String tradeCode) {

        static UserHomestayOrderListView of(Order o, ZoneId zone) {
            return new UserHomestayOrderListView(o.id(), o.sn(), o.title(), o.subTitle(), o.homestayId(), o.cover(),
                    Money.fenToYuan(o.orderTotalPrice()), o.createTime().getEpochSecond(), o.tradeState(),
                    epochSecond(o.liveStartDate(), zone), epochSecond(o.liveEndDate(), zone), visibleTradeCode(o));
        }
    }

    /**
     * The original's flat {@code UserHomestayOrderDetailResp}: every field at the top of {@code data}, as its clients
     * read them. {@code payDeadline} is our addition (unix seconds): when an unpaid order closes.
     */
    public record UserHomestayOrderDetailView(String sn, long userId, long homestayId, String title, String subTitle,
                                              String cover, String info, String foodInfo, long createTime, int tradeState,
                                              long liveStartDate, long liveEndDate, String tradeCode, String remark,
                                              int livePeopleNum, int needFood, double foodPrice, double homestayPrice,
                                              double marketHomestayPrice, double orderTotalPrice, double foodTotalPrice,
                                              double homestayTotalPrice, long homestayBusinessId, long homestayUserId,
                                              long payTime, String payType, long payDeadline) {

        static UserHomestayOrderDetailView of(Order o, ZoneId zone) {
            return new UserHomestayOrderDetailView(o.sn(), o.userId(), o.homestayId(), o.title(), o.subTitle(), o.cover(),
                    o.info(), o.foodInfo(), o.createTime().getEpochSecond(), o.tradeState(),
                    epochSecond(o.liveStartDate(), zone), epochSecond(o.liveEndDate(), zone), visibleTradeCode(o), o.remark(),
                    o.livePeopleNum(), o.needFood() ? 1 : 0, Money.fenToYuan(o.foodPrice()), Money.fenToYuan(o.homestayPrice()),
                    Money.fenToYuan(o.marketHomestayPrice()), Money.fenToYuan(o.orderTotalPrice()),
                    Money.fenToYuan(o.foodTotalPrice()), Money.fenToYuan(o.homestayTotalPrice()), o.homestayBusinessId(),
                    o.homestayUserId(), o.payTime() == null ? 0 : o.payTime().getEpochSecond(), o.payType(),
                    o.payDeadline().getEpochSecond());
        }
    }

    /** The check-in secret only once paid (the original listed it for every order). */
    private static String visibleTradeCode(Order o) {
        return TradeState.revealsTradeCode(o.tradeState()) ? o.tradeCode() : "";
    }

    private static long epochSecond(LocalDate date, ZoneId zone) {
        Instant start = date.atStartOfDay(zone).toInstant();
        return start.getEpochSecond();
    }
}
