package io.looklook.travel.adapter.web;

import io.looklook.platform.web.ApiResponse;
import io.looklook.travel.adapter.web.TravelRequests.IdReq;
import io.looklook.travel.adapter.web.TravelRequests.KeysetReq;
import io.looklook.travel.adapter.web.TravelViews.BossResp;
import io.looklook.travel.adapter.web.TravelViews.HomestayBusinessBossView;
import io.looklook.travel.adapter.web.TravelViews.HomestayBusinessListInfoView;
import io.looklook.travel.adapter.web.TravelViews.ListResp;
import io.looklook.travel.application.BrowseCatalog;
import jakarta.validation.Valid;
import java.util.stream.IntStream;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** looklook travel-api {@code /travel/v1/homestayBussiness/*} (sic: the original path's spelling is kept). */
@RestController
@RequestMapping(path = "/travel/v1/homestayBussiness")
public class HomestayBusinessController {

    private final BrowseCatalog catalog;

    public HomestayBusinessController(BrowseCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping("/goodBoss")
    public Mono<ApiResponse<ListResp<HomestayBusinessBossView>>> goodBoss() {
        return catalog.goodBosses().map(bosses -> ApiResponse.ok(new ListResp<>(IntStream.range(0, bosses.size())
                .mapToObj(i -> HomestayBusinessBossView.of(bosses.get(i), i + 1L)).toList())));
    }

    @PostMapping("/homestayBussinessList")
    public Mono<ApiResponse<ListResp<HomestayBusinessListInfoView>>> businessList(@Valid @RequestBody KeysetReq req) {
        return catalog.businesses(req.lastId(), req.pageSize().intValue())
                .map(list -> ApiResponse.ok(new ListResp<>(list.stream().map(HomestayBusinessListInfoView::of).toList())));
    }

    @PostMapping("/homestayBussinessDetail")
    public Mono<ApiResponse<BossResp>> businessDetail(@Valid @RequestBody IdReq req) {
        return catalog.business(req.id()).map(b -> ApiResponse.ok(new BossResp(HomestayBusinessBossView.of(b, 0))));
    }
}
