package io.looklook.travel.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.looklook.travel.domain.Paging;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Request bodies of the travel routes, with looklook's field names. As in go-zero, every listed key is required
 * (an explicit 0 is accepted where 0 means "from the start"); unlike the original, values are bounded.
 */
public final class TravelRequests {

    private TravelRequests() {
    }

    public record PageReq(
            @Schema(example = "1") @NotNull @Min(1) @Max(1_000_000) Long page,
            @Schema(example = "10") @NotNull @Min(1) @Max(Paging.MAX_PAGE_SIZE) Long pageSize) {
    }

    public record KeysetReq(
            @NotNull @Min(0) Long lastId,
            @NotNull @Min(1) @Max(Paging.MAX_PAGE_SIZE) Long pageSize) {
    }

    public record BusinessHomestaysReq(
            @NotNull @Min(0) Long lastId,
            @NotNull @Min(1) @Max(Paging.MAX_PAGE_SIZE) Long pageSize,
            @NotNull @Min(1) Long homestayBusinessId) {
    }

    /** {@code homestayId} is our addition (optional): the original listed every comment of every homestay. */
    public record CommentListReq(
            @NotNull @Min(0) Long lastId,
            @NotNull @Min(1) @Max(Paging.MAX_PAGE_SIZE) Long pageSize,
            @Min(0) Long homestayId) {
    }

    public record IdReq(@Schema(example = "1") @NotNull @Min(1) Long id) {
    }

    /** Catalog editing: prices in fen (no floating point for money on the way in); no {@code id} = create. */
    public record SaveHomestayReq(
            @Min(1) Long id,
            @NotBlank @Size(max = 32) String title,
            @NotNull @Size(max = 128) String subTitle,
            @NotNull @Size(max = 4096) String banner,
            @NotNull @Size(max = 4069) String info,
            @NotNull @Min(1) @Max(127) Integer peopleNum,
            @NotNull @Min(1) Long homestayBusinessId,
            @NotNull @Min(0) @Max(1) Integer rowState,
            @NotNull @Min(0) @Max(1) Integer rowType,
            @NotNull @Size(max = 2048) String foodInfo,
            @NotNull @Min(0) @Max(100_000_000) Long foodPriceFen,
            @NotNull @Min(1) @Max(100_000_000) Long homestayPriceFen,
            @NotNull @Min(0) @Max(100_000_000) Long marketHomestayPriceFen) {
    }
}
