package io.looklook.order.adapter.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of looklook's order-api, same field names; every key is required, values are bounded. */
public final class OrderRequests {

    public static final int MAX_PAGE_SIZE = 100;

    private OrderRequests() {
    }

    /** Times are unix seconds; only their calendar date in the business zone counts. */
    public record CreateHomestayOrderReq(
            @NotNull @Min(1) Long homestayId,
            @NotNull Boolean isFood,
            @NotNull @Min(0) Long liveStartTime,
            @NotNull @Min(0) Long liveEndTime,
            @NotNull @Min(1) @Max(127) Integer livePeopleNum,
            @NotNull @Size(max = 64) String remark) {
    }

    /** {@code tradeState}: -99 = all, -1..4 = that state; {@code lastId} 0 = first page, else the last item's id. */
    public record UserHomestayOrderListReq(
            @NotNull @Min(0) Long lastId,
            @NotNull @Min(1) @Max(MAX_PAGE_SIZE) Long pageSize,
            @NotNull Long tradeState) {
    }

    public record UserHomestayOrderDetailReq(@NotBlank @Size(max = 25) String sn) {
    }
}
