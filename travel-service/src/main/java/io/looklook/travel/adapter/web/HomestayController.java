package io.looklook.travel.adapter.web;

import io.looklook.platform.web.ApiResponse;
import io.looklook.travel.adapter.web.TravelRequests.BusinessHomestaysReq;
import io.looklook.travel.adapter.web.TravelRequests.IdReq;
import io.looklook.travel.adapter.web.TravelRequests.PageReq;
import io.looklook.travel.adapter.web.TravelViews.HomestayResp;
import io.looklook.travel.adapter.web.TravelViews.HomestayView;
import io.looklook.travel.adapter.web.TravelViews.ListResp;
import io.looklook.travel.application.BrowseCatalog;
import io.looklook.travel.domain.Homestay;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** looklook travel-api {@code /travel/v1/homestay/*}: public, no token. */
@RestController
@RequestMapping(path = "/travel/v1/homestay")
public class HomestayController {

    private final BrowseCatalog catalog;

    public HomestayController(BrowseCatalog catalog) {
        this.catalog = catalog;
    }

    /** Featured homestays (on shelf only), newest feature first. */
    @PostMapping("/homestayList")
    public Mono<ApiResponse<ListResp<HomestayView>>> homestayList(@Valid @RequestBody PageReq req) {
        return catalog.preferredHomestays(req.page(), req.pageSize().intValue()).map(HomestayController::list);
    }

    /** One business's on-shelf homestays, keyset-paged: pass the last item's id as {@code lastId}. */
    @PostMapping("/businessList")
    public Mono<ApiResponse<ListResp<HomestayView>>> businessList(@Valid @RequestBody BusinessHomestaysReq req) {
        return catalog.homestaysOfBusiness(req.homestayBusinessId(), req.lastId(), req.pageSize().intValue())
                .map(HomestayController::list);
    }

    /** "Guess you like": the five newest on-shelf homestays (nothing personal, as in the original). */
    @PostMapping("/guessList")
    public Mono<ApiResponse<ListResp<HomestayView>>> guessList() {
        return catalog.guessYouLike().map(HomestayController::list);
    }

    @PostMapping("/homestayDetail")
    public Mono<ApiResponse<HomestayResp>> homestayDetail(@Valid @RequestBody IdReq req) {
        return catalog.homestay(req.id()).map(h -> ApiResponse.ok(new HomestayResp(HomestayView.of(h))));
    }

    private static ApiResponse<ListResp<HomestayView>> list(List<Homestay> homestays) {
        return ApiResponse.ok(new ListResp<>(homestays.stream().map(HomestayView::of).toList()));
    }
}
