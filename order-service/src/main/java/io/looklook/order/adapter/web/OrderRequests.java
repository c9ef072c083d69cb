package io.looklook.order.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
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
            @Schema(example = "1") @NotNull @Min(1) Long homestayId,
            @Schema(example = "true") @NotNull Boolean isFood,
            @Schema(example = "1798776000", description = "unix seconds; its date in Asia/Shanghai is the first night") @NotNull @Min(0) Long liveStartTime,
            @Schema(example = "1798948800", description = "unix seconds; its date is the day of leaving") @NotNull @Min(0) Long liveEndTime,
            @Schema(example = "2") @NotNull @Min(1) @Max(127) Integer livePeopleNum,
            @Schema(example = "late arrival") @NotNull @Size(max = 64) String remark) {
    }

    /** {@code tradeState}: -99 = all, -1..4 = that state; {@code lastId} 0 = first page, else the last item's id. */
    public record UserHomestayOrderListReq(
            @Schema(example = "0") @NotNull @Min(0) Long lastId,
            @Schema(example = "10") @NotNull @Min(1) @Max(MAX_PAGE_SIZE) Long pageSize,
            @Schema(example = "-99", description = "-99 all, -1 closed, 0 waiting for payment, 1 paid, 2 used, 3 refunded, 4 expired") @NotNull Long tradeState) {
    }

    public record UserHomestayOrderDetailReq(@Schema(example = "HSO2026120213441170076295") @NotBlank @Size(max = 25) String sn) {
    }
}
