package io.looklook.travel.adapter.web;

import io.looklook.platform.web.ApiResponse;
import io.looklook.travel.adapter.web.TravelRequests.IdReq;
import io.looklook.travel.adapter.web.TravelRequests.SaveHomestayReq;
import io.looklook.travel.adapter.web.TravelViews.HomestayResp;
import io.looklook.travel.adapter.web.TravelViews.HomestayView;
import io.looklook.travel.application.ChangeCatalog;
import io.looklook.travel.domain.HomestayChange;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Catalog editing (our addition; looklook had none): needs a token with the {@code catalog:write} scope
 * ({@code infra/stack token --admin}). Every change publishes to {@code travel.homestays}.
 */
@RestController
@RequestMapping(path = "/travel/v1/admin/homestay")
public class CatalogAdminController {

    private final ChangeCatalog catalog;

    public CatalogAdminController(ChangeCatalog catalog) {
        this.catalog = catalog;
    }

    /** Creates (no {@code id}) or updates a homestay; {@code rowState} 0 takes it off shelf. */
    @PostMapping("/save")
    public Mono<ApiResponse<HomestayResp>> save(@Valid @RequestBody SaveHomestayReq req) {
        HomestayChange change = new HomestayChange(req.title(), req.subTitle(), req.banner(), req.info(), req.peopleNum(),
                req.homestayBusinessId(), req.rowState(), req.rowType(), req.foodInfo(), req.foodPriceFen(),
                req.homestayPriceFen(), req.marketHomestayPriceFen());
        return catalog.save(req.id(), change).map(h -> ApiResponse.ok(new HomestayResp(HomestayView.of(h))));
    }

    /** Removes a homestay: a tombstone on the compacted topic. */
    @PostMapping("/remove")
    public Mono<ApiResponse<Map<String, Object>>> remove(@Valid @RequestBody IdReq req) {
        return catalog.remove(req.id()).thenReturn(ApiResponse.ok(Map.of()));
    }
}
